using System.Globalization;
using System.Security.Cryptography;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Cards.Tlv;
using static SharpSC.Cards.Drivers.MyEid.MyEidConstants;

namespace SharpSC.Cards.Drivers.MyEid;

// MSE / PSO / GENERAL AUTHENTICATE / GENERATE KEY / PUT DATA of keys as OpenSC's card-myeid.c sends them.
// A key is the key file 4B00 + reference in DF 5015; MSE names it by FID (tag 81), so 5015 must be current.
public sealed partial class MyEidDriver
{
    private static readonly CardPath ApplicationDfPath = CardPath.MasterFile.Append(ApplicationDf);

    /// <summary>The key file of a key reference (the PKCS#15 keyReference, the low byte of the FID).</summary>
    public static ushort KeyFileId(byte keyReference) => (ushort)(PrivateKeyFileBase | keyReference);

    /// <summary>
    /// PKCS#1 v1.5: the card pads the DigestInfo (algorithm 02). ECDSA: the hash, zero-padded in front to the
    /// field length as OpenSC sends it (algorithm 04); the card answers DER. ECDSA-SHA1 hashes here first.
    /// </summary>
    protected override byte[] ComputeSignature(CardKey key, SignatureAlgorithm algorithm, byte[] input)
    {
        switch (algorithm)
        {
            case SignatureAlgorithm.RsaPkcs1:
                if (input.Length > Math.Max(0, key.SizeBits / 8 - 11))
                    throw new ArgumentException($"A PKCS#1 input of {input.Length} bytes does not fit an RSA-{key.SizeBits} key.", nameof(input));
                return Perform(key, SecurityEnvironment.DigitalSignature, AlgPkcs1, new CommandApdu(0x00, InsPerformSecurityOperation, 0x9E, 0x9A, input, CommandApdu.MaxShortNe));
            case SignatureAlgorithm.Ecdsa:
                return SignEcdsa(key, input);
            case SignatureAlgorithm.EcdsaSha1:
                return SignEcdsa(key, SHA1.HashData(input));
            case SignatureAlgorithm.RsaRaw:
                return SignRaw(key, input);
            case SignatureAlgorithm.RsaPss:
                throw NotSupported("RSA-PSS on the card (MyEID signs raw RSA: the host encodes PSS)");
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown signature algorithm.");
        }
    }

    /// <summary>
    /// PSO 80 86 with 00 || cryptogram (chained when long): RsaPkcs1 with MSE algorithm 02 (the card removes the
    /// PKCS#1 padding), RsaRaw with 00 (the whole block, for the host to unpad PKCS#1 or OAEP).
    /// </summary>
    protected override byte[] ComputeDecipher(CardKey key, DecipherAlgorithm algorithm, byte[] ciphertext) => algorithm switch
    {
        DecipherAlgorithm.RsaPkcs1 => Decipher(key, AlgPkcs1, ciphertext),
        DecipherAlgorithm.RsaRaw => Decipher(key, AlgRaw, ciphertext),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown decipher algorithm."),
    };

    /// <summary>
    /// Raw RSA (RFC 8017 RSASP1, MSE algorithm 00): the block is the encoded message of exactly the modulus length
    /// (PKCS#1 v1.5, PSS or X.509, encoded by the host).
    /// </summary>
    private byte[] SignRaw(CardKey key, byte[] block)
    {
        if (block.Length != key.SizeBits / 8)
            throw new ArgumentException($"A raw RSA block for RSA-{key.SizeBits} has {key.SizeBits / 8} bytes, not {block.Length}.", nameof(block));
        return block.Length > CommandApdu.MaxShortData && !SupportsChaining
            // Before 4.5 a 2048-bit raw signature is a raw decipher in two halves (card-myeid.c myeid_compute_raw_2048_signature).
            ? DecipherInHalves(key, AlgRaw, block)
            : Perform(key, SecurityEnvironment.DigitalSignature, AlgRaw, new CommandApdu(0x00, InsPerformSecurityOperation, 0x9E, 0x9A, block, CommandApdu.MaxShortNe));
    }

    /// <summary>
    /// ECDH: MSE 41 A4 (algorithm 04, key file), then GENERAL AUTHENTICATE 00 86 00 00 with 7C { 85 point }; the
    /// card answers the x-coordinate of the shared point.
    /// </summary>
    protected override byte[] ComputeSharedSecret(CardKey key, byte[] peerPoint)
    {
        var fieldBytes = (key.SizeBits + 7) / 8;
        if (peerPoint.Length != 1 + 2 * fieldBytes || peerPoint[0] != 0x04)
            throw new ArgumentException($"An uncompressed point of the key's curve has {1 + 2 * fieldBytes} bytes and starts with 04.", nameof(peerPoint));
        var inner = new List<byte>(peerPoint.Length + 6);
        BerTlv.Write(inner, 0x85, peerPoint);
        var data = BerTlv.Encode(0x7C, inner.ToArray());
        var secret = Perform(key, TemplateKeyAgreement, AlgEcc,
            new CommandApdu(0x00, InsGeneralAuthenticate, 0x00, 0x00, data, fieldBytes) { SensitiveResponse = true });
        if (secret.Length != fieldBytes)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"ECDH answer of {secret.Length} bytes for a {key.SizeBits}-bit curve."));
        return secret;
    }

    /// <summary>
    /// Generates a key pair in the key file of <paramref name="keyReference"/> (made first when missing, with use,
    /// update, delete and generation for the user PIN), then reads the public key: GET DATA 01 01 (RSA modulus;
    /// the exponent is 65537) or 01 86 (EC point).
    /// </summary>
    public override PublicKeyInfo GenerateKeyPair(byte keyReference, KeySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        CheckSpec(spec);
        return Run<PublicKeyInfo>("GENERATE KEY PAIR " + spec, () =>
        {
            SelectKeyFile(keyReference, spec);
            if (spec.Algorithm == KeyAlgorithm.Rsa)
            {
                Send("GENERATE " + spec, new CommandApdu(0x00, InsGenerateKey, 0x00, 0x00, new byte[] { 0x30, 0x05, 0x81, 0x03, 0x01, 0x00, 0x01 }));
                var modulus = Send("GET DATA (modulus)", new CommandApdu(0x00, InsGetData, DataP1, DataRsaModulus, ne: CommandApdu.MaxShortNe)).Data;
                if (modulus.Length != spec.SizeBits / 8 || (modulus[0] & 0x80) == 0)
                    throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"RSA-{spec.SizeBits} modulus of {modulus.Length} bytes."));
                return new RsaPublicKeyInfo(modulus, [0x01, 0x00, 0x01]);
            }
            Send("GENERATE " + spec, new CommandApdu(0x00, InsGenerateKey, 0x00, 0x00));
            var answer = Send("GET DATA (EC public key)", new CommandApdu(0x00, InsGetData, DataP1, DataEcPublicKey, ne: CommandApdu.MaxShortNe)).Data;
            return new EcPublicKeyInfo(spec.Curve!, ParseEcPoint(answer, spec.Curve!));
        });
    }

    /// <summary>
    /// Loads a private key into the key file of <paramref name="keyReference"/> (made first when missing) with PUT
    /// DATA, component by component as OpenSC sends them: RSA p, q, dp, dq, qinv, modulus (each with a leading
    /// 00), public exponent; EC d then the public point.
    /// </summary>
    public override void ImportPrivateKey(byte keyReference, PrivateKeyImport key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var spec = key switch
        {
            RsaPrivateKeyImport rsa => KeySpec.Rsa(rsa.ModulusBits),
            EcPrivateKeyImport ec => KeySpec.Ec(ec.Curve),
            _ => throw new ArgumentException("Unknown private key type.", nameof(key)),
        };
        CheckSpec(spec);
        var parts = KeyComponents(key);
        try
        {
            Run("IMPORT PRIVATE KEY " + spec, () =>
            {
                SelectKeyFile(keyReference, spec);
                foreach (var (tag, value) in parts)
                    PutKeyPart(tag, value);
            });
        }
        finally
        {
            foreach (var (_, value) in parts)
                CryptographicOperations.ZeroMemory(value);
        }
    }

    private byte[] SignEcdsa(CardKey key, byte[] hash)
    {
        var fieldBytes = (key.SizeBits + 7) / 8;
        if (fieldBytes == 0) throw new ArgumentException("The key's field size is unknown.", nameof(key));
        // Longer hashes keep their leftmost bytes (SEC 1 §4.1.3 for the byte-aligned curves); shorter get zeros in front.
        var data = new byte[fieldBytes];
        if (hash.Length >= fieldBytes) hash.AsSpan(0, fieldBytes).CopyTo(data);
        else hash.CopyTo(data, fieldBytes - hash.Length);
        return Perform(key, SecurityEnvironment.DigitalSignature, AlgEcc, new CommandApdu(0x00, InsPerformSecurityOperation, 0x9E, 0x9A, data, CommandApdu.MaxShortNe));
    }

    private byte[] Decipher(CardKey key, byte algorithm, byte[] ciphertext)
    {
        if (ciphertext.Length != key.SizeBits / 8)
            throw new ArgumentException($"A cryptogram for RSA-{key.SizeBits} has {key.SizeBits / 8} bytes, not {ciphertext.Length}.", nameof(ciphertext));
        if (ciphertext.Length + 1 > CommandApdu.MaxShortData && !SupportsChaining)
            return DecipherInHalves(key, algorithm, ciphertext);
        return Perform(key, SecurityEnvironment.Confidentiality, algorithm, DecipherCommand(ciphertext, CommandApdu.MaxShortNe));
    }

    // MyEID before 4.5 has no command chaining: a 2048-bit cryptogram goes in two PSO commands whose padding
    // indicators say first half (81, no answer) and second half (82) (card-myeid.c myeid_transmit_decipher_pi_split).
    private byte[] DecipherInHalves(CardKey key, byte algorithm, byte[] ciphertext)
    {
        if (ciphertext.Length != 256)
            throw NotSupported($"RSA-{key.SizeBits} before MyEID 4.5 (no command chaining)");
        Prepare(key, SecurityEnvironment.Confidentiality, algorithm);
        Send("PSO DECIPHER (first half)", new CommandApdu(0x00, InsPerformSecurityOperation, 0x80, 0x86, (byte[])[0x81, .. ciphertext[..128]]));
        return Send("PSO DECIPHER (second half)", new CommandApdu(0x00, InsPerformSecurityOperation, 0x80, 0x86, (byte[])[0x82, .. ciphertext[128..]],
            CommandApdu.MaxShortNe) { SensitiveResponse = true }).Data;
    }

    /// <summary>Makes 5015 current, sets the environment (unless in force) and sends the operation.</summary>
    private byte[] Perform(CardKey key, byte template, byte algorithm, CommandApdu operation)
    {
        Prepare(key, template, algorithm);
        if (operation.Data.Length > CommandApdu.MaxShortData && !SupportsChaining)
            throw NotSupported(string.Create(CultureInfo.InvariantCulture, $"{operation.Data.Length}-byte inputs before MyEID 4.5 (no command chaining)"));
        return Send(operation.Ins == InsGeneralAuthenticate ? "ECDH" : "PSO", operation).Data;
    }

    /// <summary>5015 current (MSE finds the key file there) and MSE SET unless the same environment is in force.</summary>
    private void Prepare(CardKey key, byte template, byte algorithm)
    {
        SelectDf(ApplicationDfPath);
        var environment = new SecurityEnvironment(template, algorithm, key.Reference);
        if (CurrentSecurityEnvironment != environment)
        {
            CurrentSecurityEnvironment = null;
            var fid = KeyFileId(key.Reference);
            Send(string.Create(CultureInfo.InvariantCulture, $"MSE SET {template:X2} key {fid:X4}"),
                new CommandApdu(0x00, InsManageSecurityEnvironment, MseSetComputation, template,
                    new byte[] { 0x80, 0x01, algorithm, 0x81, 0x02, (byte)(fid >> 8), (byte)fid, 0x84, 0x01, 0x00 }));
            CurrentSecurityEnvironment = environment;
        }
    }

    /// <summary>SELECT of the key file, made when absent (or remade when it holds another kind or size of key).</summary>
    private void SelectKeyFile(byte keyReference, KeySpec spec)
    {
        var fid = KeyFileId(keyReference);
        var path = ApplicationDfPath.Append(fid);
        var type = spec.Algorithm == KeyAlgorithm.Rsa ? TypeRsaKey : TypeEcKey;
        var response = Channel.Transmit(new CommandApdu(0x00, InsSelect, 0x08, SelectReturnFci, path.Fids[2..].ToArray(), CommandApdu.MaxShortNe));
        if (response.IsSuccess && response.Data.Length == 0)
        {
            CurrentDf = ApplicationDfPath;
            CurrentEf = null;
            return; // no FCI to check against: use the file as it is
        }
        if (response.IsSuccess)
        {
            var tlv = BerTlv.Parse(BerTlv.ParseSingle(response.Data, response.Data[0], "SELECT key file").Value);
            var existingType = BerTlv.Find(tlv, 0x82) is { Length: > 0 } t ? t.Span[0] & 0xBF : -1;
            var size = BerTlv.Find(tlv, 0x81) is { Length: 2 } s ? s.Span[0] << 8 | s.Span[1] : -1;
            CurrentDf = ApplicationDfPath;
            CurrentEf = null;
            if (existingType == type && size == spec.SizeBits)
                return;
            Send("DELETE FILE " + path, new CommandApdu(0x00, InsDeleteFile, 0x00, 0x00));
        }
        else if (response.StatusWord != StatusWords.FileNotFound)
        {
            response.EnsureSuccess("SELECT " + path);
        }
        SelectDf(ApplicationDfPath);
        Send(string.Create(CultureInfo.InvariantCulture, $"CREATE FILE {fid:X4} ({spec})"),
            new CommandApdu(0x00, InsCreateFile, 0x00, 0x00, Fcp(fid, type, spec.SizeBits, MyEidAcl.KeyFile(UserPin.Reference), null)));
        CurrentDf = ApplicationDfPath;
        CurrentEf = null;
    }

    private void PutKeyPart(byte tag, byte[] value)
    {
        if (value.Length > CommandApdu.MaxShortData && !SupportsChaining)
        {
            // Before 4.5 a 2048-bit modulus goes in two halves, P2 88 and 89 (card-myeid.c myeid_loadkey).
            if (tag != KeyModulus) throw NotSupported($"key components over 255 bytes before MyEID 4.5");
            var m = value[0] == 0 ? value[1..] : value;
            Send("PUT DATA (modulus, first half)", new CommandApdu(0x00, InsPutData, DataP1, 0x88, m[..(m.Length / 2)]) { SensitiveData = true });
            Send("PUT DATA (modulus, second half)", new CommandApdu(0x00, InsPutData, DataP1, 0x89, m[(m.Length / 2)..]) { SensitiveData = true });
            return;
        }
        Send(string.Create(CultureInfo.InvariantCulture, $"PUT DATA (key part {tag:X2})"),
            new CommandApdu(0x00, InsPutData, DataP1, tag, value) { SensitiveData = true });
    }

    // RSA: the CRT parts with a leading 00 (OpenSC myeid_loadkey), modulus, public exponent. EC: d padded to the
    // field length, then the public point (computed here: MyEID wants both).
    private static List<(byte Tag, byte[] Value)> KeyComponents(PrivateKeyImport key)
    {
        switch (key)
        {
            case RsaPrivateKeyImport rsa:
                var e = RsaPublicExponent(rsa);
                var n = System.Numerics.BigInteger.Multiply(Unsigned(rsa.P), Unsigned(rsa.Q)).ToByteArray(isUnsigned: true, isBigEndian: true);
                return
                [
                    (KeyPrimeP, WithZero(rsa.P)), (KeyPrimeQ, WithZero(rsa.Q)), (KeyDp, WithZero(rsa.DP)), (KeyDq, WithZero(rsa.DQ)),
                    (KeyQInv, WithZero(rsa.QInv)), (KeyModulus, WithZero(n)), (KeyPublicExponent, e),
                ];
            case EcPrivateKeyImport ec:
                var d = Trim(ec.D);
                if (d.Length > ec.Curve.FieldBytes) throw new ArgumentException($"An EC private key of {d.Length} bytes does not fit {ec.Curve}.", nameof(key));
                var padded = new byte[ec.Curve.FieldBytes];
                d.CopyTo(padded.AsSpan(padded.Length - d.Length));
                return [(KeyEcPrivate, padded), (KeyEcPublic, PublicPoint(ec.Curve, padded))];
            default:
                throw new ArgumentException("Unknown private key type.", nameof(key));
        }
    }

    private static byte[] PublicPoint(EcCurve curve, byte[] d)
    {
        using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.CreateFromValue(curve.Oid), D = d });
        var q = ecdsa.ExportParameters(false).Q;
        return [0x04, .. q.X!, .. q.Y!];
    }

    /// <summary>
    /// e from the CRT parts: e ≡ dp⁻¹ (mod p−1) and e ≡ dq⁻¹ (mod q−1) (RFC 8017 §3.2), joined by the CRT over
    /// lcm(p−1, q−1); the smallest such e is the key's (65537 for nearly all keys).
    /// </summary>
    internal static byte[] RsaPublicExponent(RsaPrivateKeyImport rsa)
    {
        var m1 = Unsigned(rsa.P) - 1;
        var m2 = Unsigned(rsa.Q) - 1;
        var e1 = ModInverse(Unsigned(rsa.DP), m1);
        var e2 = ModInverse(Unsigned(rsa.DQ), m2);
        var g = System.Numerics.BigInteger.GreatestCommonDivisor(m1, m2);
        if ((e2 - e1) % g != 0) throw new ArgumentException("The RSA key's CRT exponents do not agree on a public exponent.", nameof(rsa));
        var m2g = m2 / g;
        var t = (e2 - e1) / g * ModInverse(m1 / g % m2g, m2g) % m2g;
        var lcm = m1 / g * m2;
        var e = ((e1 + m1 * t) % lcm + lcm) % lcm;
        return e.ToByteArray(isUnsigned: true, isBigEndian: true);
    }

    private static System.Numerics.BigInteger ModInverse(System.Numerics.BigInteger a, System.Numerics.BigInteger m)
    {
        if (m.IsOne) return 0;
        System.Numerics.BigInteger r0 = m, r1 = ((a % m) + m) % m, t0 = 0, t1 = 1;
        while (!r1.IsZero)
        {
            var q = r0 / r1;
            (r0, r1) = (r1, r0 - q * r1);
            (t0, t1) = (t1, t0 - q * t1);
        }
        if (!r0.IsOne) throw new ArgumentException("An RSA CRT exponent has no inverse.");
        return ((t0 % m) + m) % m;
    }

    private static System.Numerics.BigInteger Unsigned(byte[] value) => new(value, isUnsigned: true, isBigEndian: true);

    private static byte[] WithZero(byte[] value)
    {
        var v = Trim(value);
        return v.Length > 0 && v[0] != 0 ? [0x00, .. v] : v.ToArray();
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value)
    {
        while (value.Length > 1 && value[0] == 0) value = value[1..];
        return value;
    }

    // GET DATA 01 86: 30 len 04||X||Y (len in 81 form past 127 bytes).
    private static byte[] ParseEcPoint(byte[] answer, EcCurve curve)
    {
        var point = BerTlv.ParseSingle(answer, 0x30, "EC public key").Value.ToArray();
        if (point.Length != curve.PointBytes || point[0] != 0x04)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"EC point of {point.Length} bytes for {curve} (expected uncompressed, {curve.PointBytes})."));
        return point;
    }

    private void CheckSpec(KeySpec spec)
    {
        if (!Capabilities.Algorithms.Any(a => a.Algorithm == spec.Algorithm && a.Generate
                                              && (spec.Algorithm == KeyAlgorithm.Rsa ? a.KeySizeBits == spec.SizeBits : a.Curve == spec.Curve)))
            throw NotSupported(spec.ToString());
    }
}
