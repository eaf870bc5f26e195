using System.Globalization;
using System.Security.Cryptography;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Cards.Tlv;
using static SharpSC.Cards.Drivers.IsoApplet.IsoAppletConstants;

namespace SharpSC.Cards.Drivers.IsoApplet;

// MSE SET / PSO / GENERATE ASYMMETRIC KEY PAIR / PUT DATA as IsoApplet.java processes them.
public sealed partial class IsoAppletDriver
{
    private static readonly int[] PssHashLengths = [20, 28, 32, 48, 64];

    /// <summary>Answer length to ask for when the applet sends what it has regardless of Le (key generation, decipher).</summary>
    private int OpenEndedNe => HasFeature(FeatureExtendedApdu) ? CommandApdu.MaxExtendedNe : CommandApdu.MaxShortNe;

    protected override byte[] ComputeSignature(CardKey key, SignatureAlgorithm algorithm, byte[] input)
    {
        CheckSlot(key.Reference);
        byte alg;
        var data = input;
        switch (algorithm)
        {
            case SignatureAlgorithm.RsaPkcs1:
                alg = AlgRsaPkcs1;
                break;
            case SignatureAlgorithm.RsaPss:
                if (!Capabilities.Has(CardFeatures.RsaPss))
                    throw NotSupported("RSA-PSS");
                if (Array.IndexOf(PssHashLengths, input.Length) < 0)
                    throw new ArgumentException($"RSA-PSS on IsoApplet takes a SHA-1/SHA-2 hash (20, 28, 32, 48 or 64 bytes), not {input.Length} bytes.", nameof(input));
                alg = AlgRsaPss;
                break;
            case SignatureAlgorithm.EcdsaSha1:
                RequireEcc();
                alg = AlgEcdsa;
                if (IsV1)
                    data = SHA1.HashData(input); // v1 signs a pre-computed hash
                break;
            case SignatureAlgorithm.Ecdsa:
                RequireEcc();
                if (!IsV1)
                    throw NotSupported("ECDSA on a pre-computed hash (IsoApplet v0 hashes with SHA-1 on the card: use EcdsaSha1 with the message)");
                alg = AlgEcdsa;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown signature algorithm.");
        }
        SetSecurityEnvironment(new SecurityEnvironment(SecurityEnvironment.DigitalSignature, alg, key.Reference));
        var ne = ExpectedSignatureLength(key, algorithm);
        return Send("PSO COMPUTE DIGITAL SIGNATURE", new CommandApdu(0x00, InsPerformSecurityOperation, 0x9E, 0x9A, data, ne)).Data;
    }

    protected override byte[] ComputeDecipher(CardKey key, DecipherAlgorithm algorithm, byte[] ciphertext)
    {
        CheckSlot(key.Reference);
        if (algorithm != DecipherAlgorithm.RsaPkcs1)
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "IsoApplet deciphers RSA PKCS#1 v1.5 only.");
        SetSecurityEnvironment(new SecurityEnvironment(SecurityEnvironment.Confidentiality, AlgRsaPkcs1, key.Reference));
        return Send("PSO DECIPHER", DecipherCommand(ciphertext, OpenEndedNe)).Data;
    }

    /// <summary>
    /// MSE SET 41 00 {80 alg, 84 slot}, then GENERATE ASYMMETRIC KEY PAIR: RSA with P1 42, EC with the explicit
    /// curve parameters (81 p, 82 a, 83 b, 84 G, 85 n, 87 h). The answer 7F49 holds 81 modulus / 82 exponent
    /// (RSA) or the echoed parameters and 86 the public point (EC).
    /// </summary>
    public override PublicKeyInfo GenerateKeyPair(byte keyReference, KeySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        CheckSlot(keyReference);
        var alg = GenerationAlgorithm(spec);
        return Run<PublicKeyInfo>("GENERATE KEY PAIR " + spec, () =>
        {
            SetSecurityEnvironment(new SecurityEnvironment(TemplateKeyGeneration, alg, keyReference));
            if (spec.Algorithm == KeyAlgorithm.Rsa)
            {
                var rsa = Send("GENERATE " + spec, new CommandApdu(0x00, InsGenerateKeyPair, 0x42, 0x00, ne: OpenEndedNe));
                return ParseRsaPublicKey(rsa.Data, spec.SizeBits);
            }
            var curve = spec.Curve!;
            var parameters = CurveParameters(curve);
            var ec = Send("GENERATE " + spec, new CommandApdu(0x00, InsGenerateKeyPair, 0x00, 0x00, parameters, OpenEndedNe));
            return ParseEcPublicKey(ec.Data, curve);
        });
    }

    /// <summary>
    /// MSE SET 41 00, then PUT DATA 3F FF with 7F48 {92 p, 93 q, 94 q⁻¹ mod p, 95 dp, 96 dq} (RSA) or
    /// E0 {81–87 curve, 88 d} (EC). Needs an applet built with DEF_PRIVATE_KEY_IMPORT_ALLOWED (else 6900).
    /// </summary>
    public override void ImportPrivateKey(byte keyReference, PrivateKeyImport key)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckSlot(keyReference);
        var spec = key switch
        {
            RsaPrivateKeyImport rsa => KeySpec.Rsa(rsa.ModulusBits),
            EcPrivateKeyImport ec => KeySpec.Ec(ec.Curve),
            _ => throw new ArgumentException("Unknown private key type.", nameof(key)),
        };
        var alg = GenerationAlgorithm(spec);
        var data = EncodePrivateKey(key);
        try
        {
            Run("IMPORT PRIVATE KEY " + spec, () =>
            {
                SetSecurityEnvironment(new SecurityEnvironment(TemplateKeyGeneration, alg, keyReference));
                var response = Channel.Transmit(new CommandApdu(0x00, InsPutData, 0x3F, 0xFF, data) { SensitiveData = true });
                if (response.StatusWord == StatusWords.CommandNotAllowed)
                    throw new CardException(CardError.CommandNotAllowed,
                        "PUT DATA (key import): the applet refuses key import (built without DEF_PRIVATE_KEY_IMPORT_ALLOWED) (SW 6900)", response.StatusWord);
                response.EnsureSuccess("PUT DATA (key import)");
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(data);
        }
    }

    private byte GenerationAlgorithm(KeySpec spec)
    {
        if (spec.Algorithm == KeyAlgorithm.Ec)
        {
            RequireEcc();
            if (!SupportedCurves().Contains(spec.Curve!))
                throw NotSupported("EC curve " + spec.Curve);
            return AlgGenerateEc;
        }
        return spec.SizeBits switch
        {
            2048 => AlgGenerateRsa2048,
            4096 when Capabilities.Has(CardFeatures.Rsa4096) => AlgGenerateRsa4096,
            _ => throw NotSupported($"RSA-{spec.SizeBits}"),
        };
    }

    private static byte[] CurveParameters(EcCurve curve)
    {
        var list = new List<byte>(8 * curve.FieldBytes + 24);
        AppendCurve(list, curve);
        return list.ToArray();
    }

    private static void AppendCurve(List<byte> list, EcCurve curve)
    {
        BerTlv.Write(list, 0x81, curve.P);
        BerTlv.Write(list, 0x82, curve.A);
        BerTlv.Write(list, 0x83, curve.B);
        BerTlv.Write(list, 0x84, curve.G);
        BerTlv.Write(list, 0x85, curve.N);
        BerTlv.Write(list, 0x87, LeftPad(curve.H, 2));
    }

    private static byte[] EncodePrivateKey(PrivateKeyImport key)
    {
        var inner = new List<byte>(700);
        int outerTag;
        switch (key)
        {
            case RsaPrivateKeyImport rsa:
                var half = rsa.ModulusBits / 16;
                BerTlv.Write(inner, 0x92, LeftPad(rsa.P, half));
                BerTlv.Write(inner, 0x93, LeftPad(rsa.Q, half));
                BerTlv.Write(inner, 0x94, LeftPad(rsa.QInv, half));
                BerTlv.Write(inner, 0x95, LeftPad(rsa.DP, half));
                BerTlv.Write(inner, 0x96, LeftPad(rsa.DQ, half));
                outerTag = 0x7F48;
                break;
            case EcPrivateKeyImport ec:
                AppendCurve(inner, ec.Curve);
                BerTlv.Write(inner, 0x88, LeftPad(ec.D, ec.Curve.N.Length));
                outerTag = 0xE0;
                break;
            default:
                throw new ArgumentException("Unknown private key type.", nameof(key));
        }
        var body = inner.ToArray();
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(inner));
        try
        {
            return BerTlv.Encode(outerTag, body);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(body);
        }
    }

    private static RsaPublicKeyInfo ParseRsaPublicKey(byte[] answer, int bits)
    {
        var template = BerTlv.ParseSingle(answer, 0x7F49, "GENERATE KEY PAIR answer");
        var inner = BerTlv.Parse(template.Value);
        var modulus = BerTlv.Require(inner, 0x81, "RSA public key").ToArray();
        var exponent = BerTlv.Require(inner, 0x82, "RSA public key").ToArray();
        if (modulus.Length != bits / 8 || modulus[0] == 0)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"RSA-{bits} modulus of {modulus.Length} bytes."));
        if (exponent.Length is 0 or > 8 || (exponent[^1] & 1) == 0)
            throw CardException.Malformed($"RSA public exponent {Hex.Encode(exponent)}.");
        return new RsaPublicKeyInfo(modulus, TrimLeadingZeros(exponent));
    }

    private static EcPublicKeyInfo ParseEcPublicKey(byte[] answer, EcCurve curve)
    {
        var template = BerTlv.ParseSingle(answer, 0x7F49, "GENERATE KEY PAIR answer");
        var inner = BerTlv.Parse(template.Value);
        (int Tag, byte[] Sent)[] echoed = [(0x81, curve.P), (0x82, curve.A), (0x83, curve.B), (0x84, curve.G), (0x85, curve.N), (0x87, curve.H)];
        foreach (var (tag, sent) in echoed)
        {
            var got = BerTlv.Require(inner, tag, "EC public key").Span;
            if (!TrimLeadingZeros(got).SequenceEqual(TrimLeadingZeros(sent.AsSpan())))
                throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"the card echoed other {curve} parameters (tag {tag:X2})."));
        }
        var point = BerTlv.Require(inner, 0x86, "EC public key").ToArray();
        if (point.Length != curve.PointBytes || point[0] != 0x04)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"EC point of {point.Length} bytes for {curve} (expected uncompressed, {curve.PointBytes})."));
        return new EcPublicKeyInfo(curve, point);
    }

    private void RequireEcc()
    {
        if (!Capabilities.Has(CardFeatures.Ecc))
            throw NotSupported("EC keys (the applet reports no ECC)");
    }

    private static void CheckSlot(byte keyReference)
    {
        if (keyReference >= KeySlots)
            throw new ArgumentOutOfRangeException(nameof(keyReference), keyReference, $"IsoApplet key references are 0..{KeySlots - 1}.");
    }

    private static byte[] LeftPad(ReadOnlySpan<byte> value, int length)
    {
        value = TrimLeadingZeros(value);
        if (value.Length > length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A key component of {value.Length} bytes does not fit {length}."));
        var padded = new byte[length];
        value.CopyTo(padded.AsSpan(length - value.Length));
        return padded;
    }

    private static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> value)
    {
        while (value.Length > 1 && value[0] == 0)
            value = value[1..];
        return value;
    }

    private static byte[] TrimLeadingZeros(byte[] value) => TrimLeadingZeros(value.AsSpan()).ToArray();
}
