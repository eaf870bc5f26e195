using System.Globalization;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Cards.Tlv;
using static SharpSC.Cards.Drivers.Piv.PivConstants;

namespace SharpSC.Cards.Drivers.Piv;

// Private-key operations through GENERAL AUTHENTICATE (SP 800-73-4 Part 2 §3.2.4, Appendix A.3–A.5),
// GENERATE ASYMMETRIC KEY PAIR (§3.3.2) and Yubico's IMPORT KEY, ATTEST and GET METADATA.
public sealed partial class PivDriver
{
    /// <summary>
    /// The RSA private-key operation on a block of exactly the modulus length (the host has padded it: PKCS#1
    /// v1.5 type 1 or PSS for a signature; for a decryption the block is the ciphertext and the answer still padded).
    /// </summary>
    public byte[] RawRsa(PivSlot slot, int modulusBits, ReadOnlySpan<byte> block, bool sensitiveResult = false)
    {
        ArgumentNullException.ThrowIfNull(slot);
        if (block.Length != modulusBits / 8)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A raw RSA-{modulusBits} block has {modulusBits / 8} bytes, not {block.Length}."), nameof(block));
        var alg = PivAlgorithms.ForKey(KeyAlgorithm.Rsa, modulusBits);
        var input = block.ToArray();
        var result = Run("GENERAL AUTHENTICATE RSA " + slot, () => GeneralAuthenticate(alg, slot.Reference, TagChallenge, input, sensitiveResult));
        if (result.Length > modulusBits / 8)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"raw RSA-{modulusBits} answered {result.Length} bytes."));
        return LeftPad(result, modulusBits / 8);
    }

    /// <summary>ECDSA on a hash (left-truncated or zero-padded to the field length); returns the card's DER ECDSA-Sig-Value.</summary>
    public byte[] SignHash(PivSlot slot, EcCurve curve, ReadOnlySpan<byte> hash)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(curve);
        var alg = PivAlgorithms.FromKeySpec(KeySpec.Ec(curve));
        var input = FitHash(hash, curve.FieldBytes);
        return Run("GENERAL AUTHENTICATE ECDSA " + slot, () => GeneralAuthenticate(alg, slot.Reference, TagChallenge, input, false));
    }

    /// <summary>ECDH with a slot's key (Appendix A.5): the shared x coordinate for an uncompressed peer point on the key's curve.</summary>
    public byte[] DeriveEcdh(PivSlot slot, EcCurve curve, ReadOnlySpan<byte> peerPoint)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(curve);
        if (peerPoint.Length != curve.PointBytes || peerPoint[0] != 0x04)
            throw new ArgumentException($"The peer key must be an uncompressed {curve} point.", nameof(peerPoint));
        var alg = PivAlgorithms.FromKeySpec(KeySpec.Ec(curve));
        var point = peerPoint.ToArray();
        var secret = Run("GENERAL AUTHENTICATE ECDH " + slot, () => GeneralAuthenticate(alg, slot.Reference, TagExponentiation, point, true));
        if (secret.Length != curve.FieldBytes)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"ECDH answered {secret.Length} bytes for {curve}."));
        return secret;
    }

    /// <summary>CardDriver signing: PKCS#1 v1.5 padded here for raw RSA; ECDSA on the host's hash (SHA-1 hashed here).</summary>
    protected override byte[] ComputeSignature(CardKey key, SignatureAlgorithm algorithm, byte[] input)
    {
        var slot = SlotOf(key);
        switch (algorithm)
        {
            case SignatureAlgorithm.RsaPkcs1:
                var k = key.SizeBits / 8;
                if (input.Length > k - 11)
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{input.Length} bytes do not fit PKCS#1 v1.5 padding for RSA-{key.SizeBits}."), nameof(input));
                var block = new byte[k];
                block[1] = 0x01;
                block.AsSpan(2, k - 3 - input.Length).Fill(0xFF);
                input.CopyTo(block, k - input.Length);
                return GeneralAuthenticate(PivAlgorithms.ForKey(KeyAlgorithm.Rsa, key.SizeBits), slot.Reference, TagChallenge, block, false);
            case SignatureAlgorithm.Ecdsa:
            case SignatureAlgorithm.EcdsaSha1:
                var hash = algorithm == SignatureAlgorithm.Ecdsa ? input : Sha1(input);
                var fieldBytes = (key.SizeBits + 7) / 8;
                return GeneralAuthenticate(PivAlgorithms.ForKey(KeyAlgorithm.Ec, key.SizeBits), slot.Reference, TagChallenge, FitHash(hash, fieldBytes), false);
            default:
                throw NotSupported($"{algorithm} (PIV computes raw RSA: the host pads PSS, see {nameof(RawRsa)})");
        }
    }

    /// <summary>CardDriver decipher: raw RSA, then the PKCS#1 v1.5 type 2 padding removed here.</summary>
    protected override byte[] ComputeDecipher(CardKey key, DecipherAlgorithm algorithm, byte[] ciphertext)
    {
        var slot = SlotOf(key);
        var k = key.SizeBits / 8;
        if (ciphertext.Length != k)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"RSA-{key.SizeBits} ciphertext has {k} bytes, not {ciphertext.Length}."), nameof(ciphertext));
        var block = LeftPad(GeneralAuthenticate(PivAlgorithms.ForKey(KeyAlgorithm.Rsa, key.SizeBits), slot.Reference, TagChallenge, ciphertext, true), k);
        try
        {
            return Pkcs1Type2Unpad(block) ?? throw new CardException(CardError.IncorrectData, "RSA decryption: the plaintext does not carry PKCS#1 v1.5 padding.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
        }
    }

    /// <summary>
    /// GENERATE ASYMMETRIC KEY PAIR in a slot with AC { 80 algorithm, [AA PIN policy], [AB touch policy] };
    /// needs the management key. Returns the public key the card answered.
    /// </summary>
    public PublicKeyInfo GenerateKeyPair(PivSlot slot, KeySpec spec, PivPinPolicy pinPolicy = PivPinPolicy.Default, PivTouchPolicy touchPolicy = PivTouchPolicy.Default)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(spec);
        var alg = PivAlgorithms.FromKeySpec(spec);
        var control = new List<byte>();
        BerTlv.Write(control, TagAlgorithm, [alg]);
        if (pinPolicy != PivPinPolicy.Default) BerTlv.Write(control, TagPinPolicy, [(byte)pinPolicy]);
        if (touchPolicy != PivTouchPolicy.Default) BerTlv.Write(control, TagTouchPolicy, [(byte)touchPolicy]);
        var data = BerTlv.Encode(TagControlReference, control.ToArray());
        return Run("GENERATE " + spec + " in " + slot, () =>
        {
            var r = Send("GENERATE ASYMMETRIC KEY PAIR", new CommandApdu(0x00, InsGenerateAsymmetric, 0x00, slot.Reference, data, OpenEndedNe));
            return PivPublicKeyParser.ParseTemplate(r.Data, spec, "GENERATE " + slot.Reference.ToString("X2", CultureInfo.InvariantCulture));
        });
    }

    public override PublicKeyInfo GenerateKeyPair(byte keyReference, KeySpec spec) => GenerateKeyPair(RequireSlot(keyReference), spec);

    public override void ImportPrivateKey(byte keyReference, PrivateKeyImport key) => ImportPrivateKey(RequireSlot(keyReference), key);

    /// <summary>
    /// Yubico IMPORT KEY (P1 algorithm, P2 slot): RSA 01 p, 02 q, 03 dp, 04 dq, 05 qinv (each half the modulus),
    /// EC 06 d (the field length), then the policies; needs the management key. The buffers are cleared.
    /// </summary>
    public void ImportPrivateKey(PivSlot slot, PrivateKeyImport key, PivPinPolicy pinPolicy = PivPinPolicy.Default, PivTouchPolicy touchPolicy = PivTouchPolicy.Default)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(key);
        var spec = key switch
        {
            RsaPrivateKeyImport rsa => KeySpec.Rsa(rsa.ModulusBits),
            EcPrivateKeyImport ec => KeySpec.Ec(ec.Curve),
            _ => throw new ArgumentException("Unknown private key type.", nameof(key)),
        };
        var alg = PivAlgorithms.FromKeySpec(spec);
        var body = new List<byte>(700);
        byte[]? data = null;
        try
        {
            switch (key)
            {
                case RsaPrivateKeyImport rsa:
                    var half = rsa.ModulusBits / 16;
                    var parts = new[] { rsa.P, rsa.Q, rsa.DP, rsa.DQ, rsa.QInv };
                    for (var i = 0; i < parts.Length; i++)
                    {
                        var padded = LeftPad(parts[i], half);
                        BerTlv.Write(body, i + 1, padded);
                        CryptographicOperations.ZeroMemory(padded);
                    }
                    break;
                case EcPrivateKeyImport ec:
                    var d = LeftPad(ec.D, ec.Curve.FieldBytes);
                    BerTlv.Write(body, 0x06, d);
                    CryptographicOperations.ZeroMemory(d);
                    break;
            }
            if (pinPolicy != PivPinPolicy.Default) BerTlv.Write(body, TagPinPolicy, [(byte)pinPolicy]);
            if (touchPolicy != PivTouchPolicy.Default) BerTlv.Write(body, TagTouchPolicy, [(byte)touchPolicy]);
            data = body.ToArray();
            var command = data;
            Run("IMPORT KEY " + spec + " in " + slot, () =>
            {
                Send("IMPORT KEY", new CommandApdu(0x00, InsImportKey, alg, slot.Reference, command) { SensitiveData = true });
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(body));
            if (data != null) CryptographicOperations.ZeroMemory(data);
        }
    }

    /// <summary>Yubico ATTEST: a certificate for a key generated in the slot, signed by the attestation key (F9).</summary>
    public byte[] Attest(PivSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        return Run("ATTEST " + slot, () =>
        {
            var r = Send("ATTEST", new CommandApdu(0x00, InsAttest, slot.Reference, 0x00, ne: OpenEndedNe));
            var elements = BerTlv.Parse(r.Data, skipPadding: false);
            if (elements.Count != 1 || elements[0].Tag != 0x30)
                throw CardException.Malformed("ATTEST did not answer one DER certificate.");
            return r.Data;
        });
    }

    /// <summary>
    /// Yubico GET METADATA of a key slot (firmware 5.3+). False when the card has no such command (older YubiKey,
    /// other PIV cards: the caller falls back to certificates); true with null when the slot is empty (6A88).
    /// </summary>
    public bool TryGetKeyMetadata(PivSlot slot, out PivKeyMetadata? metadata)
    {
        ArgumentNullException.ThrowIfNull(slot);
        var answer = Metadata(slot.Reference, out var supported);
        metadata = answer == null ? null : PivKeyMetadata.Parse(slot, answer);
        return supported;
    }

    /// <summary>GET METADATA of the PIN (80) or PUK (81), or null when the card has no such command.</summary>
    public PivPinMetadata? GetPinMetadata(byte reference) =>
        Metadata(reference, out _) is { } answer ? PivPinMetadata.Parse(answer, string.Create(CultureInfo.InvariantCulture, $"GET METADATA {reference:X2}")) : null;

    /// <summary>GET METADATA of the management key, or null when the card has no such command.</summary>
    public PivManagementKeyMetadata? GetManagementKeyMetadata() =>
        Metadata(ManagementKeyReference, out _) is { } answer ? PivManagementKeyMetadata.Parse(answer) : null;

    /// <summary>False once the card showed it has no GET METADATA; null until asked.</summary>
    public bool? SupportsMetadata { get; private set; }

    private byte[]? Metadata(byte reference, out bool supported)
    {
        if (SupportsMetadata == false)
        {
            supported = false;
            return null;
        }
        var (data, ok) = Run("GET METADATA", () =>
        {
            var r = Channel.Transmit(new CommandApdu(0x00, InsGetMetadata, 0x00, reference, ne: OpenEndedNe)); // RSA-2048 metadata is 279 bytes
            if (r.StatusWord is StatusWords.InstructionNotSupported or StatusWords.ClassNotSupported or StatusWords.FunctionNotSupported)
            {
                SupportsMetadata = false;
                return ((byte[]?)null, false);
            }
            SupportsMetadata = true;
            if (r.StatusWord == StatusWords.ReferencedDataNotFound) return (null, true);
            r.EnsureSuccess(string.Create(CultureInfo.InvariantCulture, $"GET METADATA {reference:X2}"));
            return (r.Data, true);
        });
        supported = ok;
        return data;
    }

    /// <summary>One GENERAL AUTHENTICATE with 7C { 82 empty, tag input }; returns the value of 7C { 82 ... }.</summary>
    private byte[] GeneralAuthenticate(byte algorithm, byte slot, byte tag, byte[] input, bool sensitiveResult)
    {
        var inner = new List<byte>(input.Length + 8);
        BerTlv.Write(inner, TagResponse, []);
        BerTlv.Write(inner, tag, input);
        var data = BerTlv.Encode(TagDynamicAuth, inner.ToArray());
        var r = Send("GENERAL AUTHENTICATE", new CommandApdu(0x00, InsGeneralAuthenticate, algorithm, slot, data, OpenEndedNe) { SensitiveResponse = sensitiveResult });
        var template = BerTlv.ParseSingle(r.Data, TagDynamicAuth, "GENERAL AUTHENTICATE answer");
        var response = BerTlv.Find(BerTlv.Parse(template.Value, skipPadding: false), TagResponse)
            ?? throw CardException.Malformed("GENERAL AUTHENTICATE answer without a response (82).");
        if (response.IsEmpty) throw CardException.Malformed("GENERAL AUTHENTICATE answered an empty response.");
        return response.ToArray();
    }

    private PivSlot SlotOf(CardKey key) => RequireSlot(key.Reference);

    private static PivSlot RequireSlot(byte reference) => PivSlot.FromReference(reference) is { } s && s != PivSlot.Attestation
        ? s
        : throw new ArgumentOutOfRangeException(nameof(reference), reference, "PIV key references are 9A, 9C, 9D, 9E and 82..95.");

    private static byte[] FitHash(ReadOnlySpan<byte> hash, int fieldBytes)
    {
        if (hash.IsEmpty) throw new ArgumentException("An empty hash cannot be signed.", nameof(hash));
        // ECDSA uses the leftmost bits of a longer hash (SEC 1 §4.1.3); a shorter one keeps its value with zeros in front.
        return hash.Length >= fieldBytes ? hash[..fieldBytes].ToArray() : LeftPad(hash.ToArray(), fieldBytes);
    }

    private static byte[] Sha1(byte[] data)
    {
        var digest = new Sha1Digest();
        digest.BlockUpdate(data, 0, data.Length);
        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output, 0);
        return output;
    }

    /// <summary>EME-PKCS1-v1_5 decoding (RFC 8017 §7.2.2) without early exit on the padding bytes.</summary>
    private static byte[]? Pkcs1Type2Unpad(byte[] block)
    {
        var good = (block[0] == 0x00) & (block[1] == 0x02);
        var separator = -1;
        for (var i = 2; i < block.Length; i++)
        {
            var isZero = block[i] == 0;
            if (isZero && separator < 0) separator = i;
        }
        good &= separator >= 10;
        return good ? block[(separator + 1)..] : null;
    }

    private static byte[] LeftPad(byte[] value, int length)
    {
        var span = value.AsSpan();
        while (span.Length > length && span[0] == 0) span = span[1..];
        if (span.Length > length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A value of {span.Length} bytes does not fit {length}."));
        var padded = new byte[length];
        span.CopyTo(padded.AsSpan(length - span.Length));
        return padded;
    }
}
