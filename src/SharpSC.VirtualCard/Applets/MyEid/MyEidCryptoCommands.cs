using System.Security.Cryptography;
using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.MyEid;

/// <summary>
/// MSE SET, PERFORM SECURITY OPERATION (signature 9E 9A, decipher 80 86), GENERAL AUTHENTICATE (ECDH),
/// GENERATE KEY and GET CHALLENGE as MyEID answers them. The key is the key file MSE named (tag 81); using it
/// needs its first ACL nibble.
/// </summary>
internal sealed class MyEidCryptoCommands(MyEidSession session, MyEidAccess access, MyEidFileCommands files)
{
    /// <summary>DigestInfo prefix of SHA-1 (RFC 8017 §9.2 note 1), for algorithm 12 (the card adds it).</summary>
    private static readonly byte[] Sha1DigestInfoPrefix = [0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x05, 0x00, 0x04, 0x14];

    public Response ManageSecurityEnvironment(CommandApdu c)
    {
        session.Environment = null;
        if (c.P1 == 0xF3)
        {
            // RESTORE: MyEID keeps no stored environments; accepted and ignored.
            if (c.P2 != 0 || c.Lc != 0) throw IsoException.Of(StatusWords.IncorrectLengthForP1);
            return Response.Success;
        }
        session.Environment = MyEidSecurityEnvironment.Parse(c.P1, c.P2, c.Data, files.FindEf);
        return Response.Success;
    }

    /// <summary>
    /// PSO: 9E 9A signs the data, 80 86 deciphers "padding indicator || cryptogram" (00 whole, 81 / 82 the halves of a
    /// cryptogram sent in two commands by hosts that do not chain). Symmetric and unwrap operations: 6A81.
    /// </summary>
    public Response PerformSecurityOperation(CommandApdu c, byte[] data)
    {
        if (data.Length == 0) throw IsoException.Of(StatusWords.WrongLength);
        switch ((c.P1, c.P2))
        {
            case (0x9E, 0x9A):
                session.SplitCryptogram = null;
                return Response.Ok(Sign(data));
            case (0x80, 0x86):
                return Decipher(data);
            case (0x80, 0x84) or (0x84, _) or (0x00, 0x84) or (0x00, 0x86):
                throw IsoException.Of(StatusWords.FunctionNotSupported);
            default:
                throw IsoException.Of(StatusWords.IncorrectP1P2);
        }
    }

    /// <summary>GENERAL AUTHENTICATE 00 00: 7C { [80 ..] 85 04||X||Y } with an AT (A4) environment; answers X of the shared point.</summary>
    public Response Derive(CommandApdu c)
    {
        if (c.P1 != 0 || c.P2 != 0) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var env = session.Environment;
        if (env is not { Template: MyEidSecurityEnvironment.AuthenticationTemplate, Encipher: false })
            throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
        var point = PeerPoint(c.Data);
        var key = UsableKey(env.KeyFile) as MyEidEcKey ?? throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
        if (point.Length != 1 + 2 * key.FieldBytes) throw IsoException.Of(StatusWords.DataInvalid);
        return Response.Ok(key.Agree(point));
    }

    /// <summary>
    /// GENERATE KEY into the current key file: RSA of the file size (data absent, or 30 05 81|02 03 01 00 01 for
    /// e = 65537), EC on the curve of the file size (no data). Answers the modulus or 86 || point when Le asks.
    /// </summary>
    public Response Generate(CommandApdu c)
    {
        if (c.P1 != 0 || c.P2 != 0) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var file = files.CurrentKeyFile();
        access.Require(file.GenerateAcl);
        byte[] answer;
        switch (file.BaseType)
        {
            case MyEidFileTypes.RsaKey:
                if (c.Lc != 0 && !c.Data.AsSpan().SequenceEqual((byte[])[0x30, 0x05, 0x81, 0x03, 0x01, 0x00, 0x01])
                              && !c.Data.AsSpan().SequenceEqual((byte[])[0x30, 0x05, 0x02, 0x03, 0x01, 0x00, 0x01]))
                    throw IsoException.Of(StatusWords.DataInvalid);
                if (!MyEidRsaKey.IsSupportedSize(file.Size)) throw IsoException.Of(StatusWords.IncompatibleFileStructure);
                var rsa = MyEidRsaKey.Generate(file.Size);
                file.Key = rsa;
                answer = rsa.Modulus();
                break;
            case MyEidFileTypes.EcKey or MyEidFileTypes.EcKeySecp256k1:
                if (c.Lc != 0) throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
                var curve = MyEidEcKey.CurveFor(file) ?? throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
                var ec = MyEidEcKey.Generate(curve);
                file.Key = ec;
                answer = MyEidDataCommands.Tagged(0x86, ec.PublicPoint());
                break;
            default:
                throw IsoException.Of(StatusWords.IncompatibleFileStructure);
        }
        file.Prop |= MyEidConstants.PropKeyValid | MyEidConstants.PropKeyGenerated;
        files.Changed();
        return Response.Ok(answer);
    }

    /// <summary>GET CHALLENGE: Le 1..255 random bytes; Le 00 answers 6F00 as MyEID 3.3.3 does.</summary>
    public static Response GetChallenge(CommandApdu c)
    {
        if (c.P1 != 0 || c.P2 != 0) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (c.Lc != 0 || c.Ne == 0) throw IsoException.Of(StatusWords.WrongLength);
        if (c.Ne >= 256) throw IsoException.Of(StatusWords.Unknown);
        return Response.Ok(CardRandom.Bytes(c.Ne));
    }

    private byte[] Sign(byte[] data)
    {
        var env = session.Environment;
        if (env is not { Template: MyEidSecurityEnvironment.SignatureTemplate, Encipher: false })
            throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
        switch (UsableKey(env.KeyFile))
        {
            case MyEidEcKey ec when env.Algorithm == MyEidAlgorithms.Ecc:
                return ec.Sign(data);
            case MyEidRsaKey rsa:
                var block = env.Algorithm switch
                {
                    MyEidAlgorithms.Raw => data.Length == rsa.ModulusBytes ? data : throw IsoException.Of(StatusWords.WrongLength),
                    MyEidAlgorithms.Pkcs1 => Pkcs1Type1(data, rsa.ModulusBytes),
                    MyEidAlgorithms.Pkcs1Sha1 => data.Length == 20
                        ? Pkcs1Type1([.. Sha1DigestInfoPrefix, .. data], rsa.ModulusBytes)
                        : throw IsoException.Of(StatusWords.WrongLength),
                    _ => throw IsoException.Of(StatusWords.ConditionsNotSatisfied),
                };
                return rsa.PrivateOperation(block);
            default:
                throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
        }
    }

    private Response Decipher(byte[] data)
    {
        var indicator = data[0];
        var cryptogram = data[1..];
        switch (indicator)
        {
            case 0x00:
                session.SplitCryptogram = null;
                break;
            case 0x81:
                session.SplitCryptogram = [.. cryptogram];
                return Response.Success;
            case 0x82:
                if (session.SplitCryptogram is not { } first) throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
                session.SplitCryptogram = null;
                cryptogram = [.. first, .. cryptogram];
                break;
            default:
                session.SplitCryptogram = null;
                throw IsoException.Of(StatusWords.DataInvalid);
        }
        var env = session.Environment;
        if (env is not { Template: MyEidSecurityEnvironment.ConfidentialityTemplate, Encipher: false })
            throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
        if (UsableKey(env.KeyFile) is not MyEidRsaKey rsa) throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
        if (cryptogram.Length != rsa.ModulusBytes) throw IsoException.Of(StatusWords.WrongLength);
        var plain = rsa.PrivateOperation(cryptogram);
        try
        {
            return env.Algorithm switch
            {
                MyEidAlgorithms.Raw => Response.Ok((byte[])plain.Clone()),
                MyEidAlgorithms.Pkcs1 or MyEidAlgorithms.Wrap => Response.Ok(RemovePkcs1Type2(plain)),
                _ => throw IsoException.Of(StatusWords.ConditionsNotSatisfied),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private MyEidKey UsableKey(MyEidFile keyFile)
    {
        access.Require(keyFile.ReadAcl);
        return keyFile.Key is { IsComplete: true } key ? key : throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
    }

    // RFC 8017 §9.2 step 5: 00 01 FF..FF 00 || T, at least 8 FF.
    private static byte[] Pkcs1Type1(byte[] t, int k)
    {
        if (t.Length + 11 > k) throw IsoException.Of(StatusWords.WrongLength);
        var em = new byte[k];
        em[1] = 0x01;
        em.AsSpan(2, k - t.Length - 3).Fill(0xFF);
        t.CopyTo(em, k - t.Length);
        return em;
    }

    // RFC 8017 §7.2.2 step 3: 00 02 PS (≥ 8 non-zero) 00 M; 6985 when the block is not so.
    private static byte[] RemovePkcs1Type2(byte[] em)
    {
        if (em.Length < 11 || em[0] != 0x00 || em[1] != 0x02) throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
        var separator = Array.IndexOf(em, (byte)0x00, 2);
        if (separator < 10) throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
        return em[(separator + 1)..];
    }

    // 7C L { 80 L .. (skipped) | 85 L 04 X Y }, lengths in one byte or 81 xx.
    private static byte[] PeerPoint(byte[] d)
    {
        var pos = 0;
        if (d.Length < 3 || d[pos++] != 0x7C) throw IsoException.Of(StatusWords.DataInvalid);
        var total = Length(d, ref pos);
        if (total != d.Length - pos) throw IsoException.Of(StatusWords.DataInvalid);
        while (pos < d.Length)
        {
            var tag = d[pos++];
            var len = Length(d, ref pos);
            if (len > d.Length - pos) throw IsoException.Of(StatusWords.DataInvalid);
            if (tag == 0x85)
            {
                if (len == 0 || d[pos] != 0x04) throw IsoException.Of(StatusWords.DataInvalid);
                return d[pos..(pos + len)];
            }
            if (tag != 0x80) throw IsoException.Of(StatusWords.DataInvalid);
            pos += len;
        }
        throw IsoException.Of(StatusWords.DataInvalid);
    }

    private static int Length(byte[] d, ref int pos)
    {
        if (pos >= d.Length) throw IsoException.Of(StatusWords.DataInvalid);
        var b = d[pos++];
        if (b < 0x80) return b;
        if (b != 0x81 || pos >= d.Length) throw IsoException.Of(StatusWords.DataInvalid);
        return d[pos++];
    }
}
