using System.Numerics;
using System.Security.Cryptography;
using SharpSC.VirtualCard.Applets.MyEid;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Tests.Replay;

namespace SharpSC.VirtualCard.Tests.MyEid;

/// <summary>
/// Replays OsEID transcripts against the emulated MyEID card and checks every answer:
/// - the status word always;
/// - the data byte for byte, except what is random or card-specific: the change counter of the card info,
///   key generation results (the emulator's own modulus / point, checked against its key), GET CHALLENGE
///   (length only), signatures (verified with .NET's cryptography against the emulator's public key);
/// - decipher: the cryptogram is re-made for the emulator's key and sent cut as the transcript cut it; the
///   plaintext must match.
/// </summary>
public sealed class MyEidReplayer(MyEidCard card)
{
    private readonly List<byte[]> _decipherChain = [];
    private readonly List<byte> _signChain = [];
    private ushort _keyFid;
    private byte _algorithm;
    private ushort _selectedKeyFid;

    public int Compared { get; private set; }
    public int Verified { get; private set; }
    public int LengthOnly { get; private set; }

    public void Replay(TranscriptStep step)
    {
        foreach (var x in step.Exchanges)
        {
            if (IsDecipher(x.Command))
            {
                ReplayDecipherPart(x);
                continue;
            }
            var actual = card.Process(x.Command);
            Check(x, actual);
            Track(x);
        }
    }

    private void Check(Exchange x, byte[] actual)
    {
        var sw = (ushort)(actual[^2] << 8 | actual[^1]);
        Assert.True(sw == x.StatusWord, $"{x}: expected SW {x.StatusWord:X4}, emulator answered {sw:X4} ({Hex.Format(actual)})");
        var data = actual[..^2];
        var c = x.Command;
        if (x.Ins == MyEidIns.GetChallenge)
        {
            Assert.Equal(x.ResponseData.Length, data.Length);
            LengthOnly++;
            return;
        }
        if (x.Ins == MyEidIns.GetData && c[3] == MyEidDataObjects.CardInfo)
        {
            // Name, version and serial number as OsEID; the change counter is the card's own.
            Assert.Equal(x.ResponseData[..18], data[..18]);
            Assert.Equal(20, data.Length);
            Compared++;
            return;
        }
        if (x.Ins == MyEidIns.GetData && c[3] == MyEidDataObjects.Capabilities)
        {
            // The emulated card is a MyEID 4.5 with RSA up to 4096 bits; this OsEID build stopped at 2048 (0800).
            Assert.Equal([.. x.ResponseData[..3], 0x10, 0x00, .. x.ResponseData[5..]], data);
            Compared++;
            return;
        }
        if (x.Ins == MyEidIns.GetData && c[3] is MyEidDataObjects.RsaModulus or MyEidDataObjects.EcPublicKey)
        {
            Assert.Equal(x.ResponseData.Length, data.Length);
            var key = PublicKey(_selectedKeyFid);
            if (c[3] == MyEidDataObjects.RsaModulus) Assert.Equal(key.Modulus, data);
            else Assert.Equal([0x30, (byte)key.Point!.Length, .. key.Point], data);
            LengthOnly++;
            return;
        }
        if (x.Ins == MyEidIns.PerformSecurityOperation && c[2] == 0x9E && c[3] == 0x9A && (c[0] & 0x10) != 0)
        {
            _signChain.AddRange(ReplayerData.DataField(c));
            Assert.Empty(data);
            Compared++;
            return;
        }
        if (x.Ins == MyEidIns.PerformSecurityOperation && c[2] == 0x9E && c[3] == 0x9A && x.StatusWord == 0x9000)
        {
            byte[] input = [.. _signChain, .. ReplayerData.DataField(c)];
            _signChain.Clear();
            Assert.True(PublicKey(_keyFid).Verifies(_algorithm, input, data), $"{x}: signature {Hex.Format(data)} does not verify");
            Verified++;
            return;
        }
        Assert.True(x.ResponseData.AsSpan().SequenceEqual(data), $"{x}:\n expected {Hex.Format(x.ResponseData)}\n actual   {Hex.Format(data)}");
        Compared++;
    }

    // Remembers the key file the host selected and what MSE set, as the card does.
    private void Track(Exchange x)
    {
        var c = x.Command;
        if (x.StatusWord != 0x9000) return;
        if (x.Ins == MyEidIns.Select && c[2] == 0x08 && c.Length >= 9)
        {
            var path = ReplayerData.DataField(c);
            _selectedKeyFid = (ushort)(path[^2] << 8 | path[^1]);
        }
        if (x.Ins == MyEidIns.ManageSecurityEnvironment && c[2] == 0x41)
        {
            var d = ReplayerData.DataField(c);
            for (var p = 0; p + 1 < d.Length; p += 2 + d[p + 1])
            {
                if (d[p] == 0x80) _algorithm = d[p + 2];
                if (d[p] == 0x81) _keyFid = (ushort)(d[p + 2] << 8 | d[p + 3]);
            }
        }
    }

    // DECIPHER arrives as a CLA 10 chain: collect it, re-encrypt the expected plaintext to the emulator's key and
    // send it cut exactly as the transcript cut the original.
    private void ReplayDecipherPart(Exchange x)
    {
        _decipherChain.Add(x.Command);
        if ((x.Command[0] & 0x10) != 0 && x.StatusWord == 0x9000) return;
        var commands = _decipherChain.ToList();
        _decipherChain.Clear();
        var whole = commands.SelectMany(ReplayerData.DataField).ToArray();
        if (x.StatusWord == 0x9000)
        {
            var cryptogram = PublicKey(_keyFid).Encrypt(_algorithm, x.ResponseData);
            Assert.Equal(whole.Length - 1, cryptogram.Length);
            cryptogram.CopyTo(whole, 1);
        }
        var offset = 0;
        byte[] actual = [];
        foreach (var original in commands)
        {
            var length = ReplayerData.DataField(original).Length;
            var rebuilt = (byte[])original.Clone();
            whole.AsSpan(offset, length).CopyTo(rebuilt.AsSpan(5));
            offset += length;
            actual = card.Process(rebuilt);
        }
        var sw = (ushort)(actual[^2] << 8 | actual[^1]);
        Assert.True(sw == x.StatusWord, $"{x}: expected {x.StatusWord:X4}, got {sw:X4}");
        Assert.Equal(x.ResponseData, actual[..^2]);
        Compared++;
    }

    private static bool IsDecipher(byte[] c) => c.Length > 5 && c[1] == 0x2A && c[2] == 0x80 && c[3] == 0x86;

    private MyEidTestKey PublicKey(ushort fid)
    {
        var df = card.Applet.State.MasterFile.Child(0x5015)!;
        return MyEidTestKey.Of(df.Child(fid)?.Key ?? throw new InvalidOperationException($"no key in {fid:X4}"));
    }
}

internal static class ReplayerData
{
    public static byte[] DataField(byte[] c) => TranscriptReplayer.DataField(c);
}

/// <summary>A card key's public half, checked with .NET's cryptography (OpenSSL), not the emulator's BouncyCastle.</summary>
internal sealed class MyEidTestKey
{
    private static readonly byte[] Sha1Prefix = Convert.FromHexString("3021300906052B0E03021A05000414");

    private MyEidTestKey(byte[]? modulus, byte[]? exponent, byte[]? point, string? curveOid)
    {
        Modulus = modulus;
        Exponent = exponent;
        Point = point;
        CurveOid = curveOid;
    }

    public byte[]? Modulus { get; }
    public byte[]? Exponent { get; }
    public byte[]? Point { get; }
    public string? CurveOid { get; }

    public static MyEidTestKey Of(MyEidKey key) => key switch
    {
        MyEidRsaKey rsa => new MyEidTestKey(rsa.Modulus(), rsa.PublicExponent(), null, null),
        MyEidEcKey ec => new MyEidTestKey(null, null, ec.PublicPoint(), ec.Curve.Name.Id),
        _ => throw new InvalidOperationException("not an asymmetric key"),
    };

    public bool Verifies(byte algorithm, byte[] input, byte[] signature)
    {
        if (Point != null)
        {
            using var ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.CreateFromValue(CurveOid!),
                Q = new ECPoint { X = Point[1..(1 + (Point.Length - 1) / 2)], Y = Point[(1 + (Point.Length - 1) / 2)..] },
            });
            return algorithm == MyEidAlgorithms.Ecc && ecdsa.VerifyHash(input, signature, DSASignatureFormat.Rfc3279DerSequence);
        }
        var expected = algorithm switch
        {
            MyEidAlgorithms.Raw => input,
            MyEidAlgorithms.Pkcs1 => Pad1(input),
            MyEidAlgorithms.Pkcs1Sha1 => Pad1([.. Sha1Prefix, .. input]),
            _ => throw new InvalidOperationException($"algorithm {algorithm:X2}"),
        };
        return signature.Length == Modulus!.Length && RawPublic(signature).AsSpan().SequenceEqual(expected);
    }

    /// <summary>The cryptogram a host makes for this key: PKCS#1 v1.5 (algorithm 02) or raw RSA (00) of a full block.</summary>
    public byte[] Encrypt(byte algorithm, byte[] plaintext)
    {
        if (algorithm == MyEidAlgorithms.Raw) return RawPublic(plaintext);
        using var rsa = RSA.Create(new RSAParameters { Modulus = Modulus, Exponent = Exponent });
        return rsa.Encrypt(plaintext, RSAEncryptionPadding.Pkcs1);
    }

    public byte[] RawPublic(byte[] value)
    {
        var n = new BigInteger(Modulus, isUnsigned: true, isBigEndian: true);
        var e = new BigInteger(Exponent, isUnsigned: true, isBigEndian: true);
        var m = BigInteger.ModPow(new BigInteger(value, isUnsigned: true, isBigEndian: true), e, n);
        var bytes = m.ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[Modulus!.Length - bytes.Length], .. bytes];
    }

    private byte[] Pad1(byte[] t)
    {
        var em = new byte[Modulus!.Length];
        em[1] = 1;
        em.AsSpan(2, em.Length - t.Length - 3).Fill(0xFF);
        t.CopyTo(em, em.Length - t.Length);
        return em;
    }
}
