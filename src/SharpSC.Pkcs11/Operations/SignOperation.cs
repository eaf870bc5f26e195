using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Operations;

/// <summary>
/// A signature made on the card: the host hashes (for the CKM_SHAx_* mechanisms) and formats what the
/// card expects (a DigestInfo for PKCS#1 v1.5, the bare hash for PSS and ECDSA, the message itself when the
/// card hashes, or for a raw-RSA card the whole encoded block), then converts the answer to PKCS#11 form.
/// Which of these the card gets is decided per key (<see cref="PrivateKeyObject.AbilitiesOn"/>): the card's
/// own padding where it has it, host padding and raw RSA where it has that.
/// </summary>
internal sealed class SignOperation
{
    // Raw mechanisms buffer their input; nothing sensible is larger than this.
    private const int MaxBuffered = 64 * 1024;

    private readonly IDigest? _digest;
    private readonly MemoryStream? _buffer;
    private readonly HostEncoding _encoding;
    private readonly PssParameters? _pss;

    /// <summary>What the host does to the data before a raw-RSA card exponentiates it.</summary>
    private enum HostEncoding
    {
        None,
        Pkcs1Type1,
        Pss,
        RawBlock,
    }

    private SignOperation(MechanismSpec spec, PrivateKeyObject key, CardSignature cardKind, IDigest? digest, int maxInput,
        HostEncoding encoding = HostEncoding.None, PssParameters? pss = null)
    {
        Spec = spec;
        Key = key;
        CardKind = cardKind;
        _digest = digest;
        MaxInput = maxInput;
        _encoding = encoding;
        _pss = pss;
        if (digest == null) _buffer = new MemoryStream();
        NeedsContextLogin = key.AlwaysAuthenticate;
    }

    public MechanismSpec Spec { get; }

    public PrivateKeyObject Key { get; }

    public CardSignature CardKind { get; }

    private int MaxInput { get; }

    /// <summary>CKA_ALWAYS_AUTHENTICATE: C_Login(CKU_CONTEXT_SPECIFIC) is due before the signature.</summary>
    public bool NeedsContextLogin { get; set; }

    public bool MultiPart { get; private set; }

    /// <summary>The signature length, known before the card is asked (size queries cost no APDU).</summary>
    public int SignatureLength => Key.Kind == KeyKind.Rsa ? MechanismRules.KeyBytes(Key) : 2 * MechanismRules.KeyBytes(Key);

    public static SignOperation Start(Mechanism mechanism, PrivateKeyObject key, TokenDescription token)
    {
        var spec = MechanismRules.Require(mechanism, token, CKF_SIGN);
        MechanismRules.RequireKeyKind(spec, key);
        MechanismRules.RequireUsage(key, key.Usage.HasFlag(KeyUsage.Sign) || key.Usage.HasFlag(KeyUsage.NonRepudiation), "signing");
        var caps = token.Capabilities;
        var can = key.AbilitiesOn(caps).Signatures;
        var k = MechanismRules.KeyBytes(key);
        switch (spec.Family)
        {
            case MechanismFamily.RsaPkcs:
                MechanismRules.RequireNoParameters(mechanism);
                return can.Contains(CardSignature.RsaPkcs1)
                    ? new SignOperation(spec, key, CardSignature.RsaPkcs1, null, k - 11)
                    : new SignOperation(spec, key, Raw(can, spec), null, k - 11, HostEncoding.Pkcs1Type1);
            case MechanismFamily.RsaPkcsWithHash:
                MechanismRules.RequireNoParameters(mechanism);
                return can.Contains(CardSignature.RsaPkcs1)
                    ? new SignOperation(spec, key, CardSignature.RsaPkcs1, Digests.Create(spec.Hash), 0)
                    : new SignOperation(spec, key, Raw(can, spec), Digests.Create(spec.Hash), 0, HostEncoding.Pkcs1Type1);
            case MechanismFamily.RsaPss or MechanismFamily.RsaPssWithHash:
            {
                var p = MechanismRules.RequirePss(mechanism, spec);
                var digest = spec.Family == MechanismFamily.RsaPssWithHash ? Digests.Create(spec.Hash) : null;
                var maxInput = digest == null ? Digests.Length(p.HashAlgorithm) : 0;
                if (can.Contains(CardSignature.RsaPssPrehashed) && MechanismRules.CardTakesPss(p))
                    return new SignOperation(spec, key, CardSignature.RsaPssPrehashed, digest, maxInput, pss: p);
                if (can.Contains(CardSignature.RsaRaw))
                {
                    MechanismRules.RequirePssSaltFits(p, key.Bits);
                    return new SignOperation(spec, key, CardSignature.RsaRaw, digest, maxInput, HostEncoding.Pss, p);
                }
                throw can.Contains(CardSignature.RsaPssPrehashed) ? MechanismRules.CardPssOnly(p) : MechanismRules.KeyCannot(spec);
            }
            case MechanismFamily.RsaX509:
                MechanismRules.RequireNoParameters(mechanism);
                return new SignOperation(spec, key, Raw(can, spec), null, k, HostEncoding.RawBlock);
            case MechanismFamily.Ecdsa:
                MechanismRules.RequireNoParameters(mechanism);
                if (!can.Contains(CardSignature.EcdsaPrehashed)) throw MechanismRules.KeyCannot(spec);
                return new SignOperation(spec, key, CardSignature.EcdsaPrehashed, null, MaxBuffered);
            case MechanismFamily.EcdsaWithHash:
                MechanismRules.RequireNoParameters(mechanism);
                if (can.Contains(CardSignature.EcdsaPrehashed))
                    return new SignOperation(spec, key, CardSignature.EcdsaPrehashed, Digests.Create(spec.Hash), 0);
                // IsoApplet v0 hashes with SHA-1 itself: the card gets the message.
                if (can.Contains(CardSignature.EcdsaSha1OnCard) && spec.Hash == Constants.CKM.CKM_SHA_1)
                    return new SignOperation(spec, key, CardSignature.EcdsaSha1OnCard, null, OnCardLimit(caps));
                throw MechanismRules.KeyCannot(spec);
            case MechanismFamily.EdDsa:
                // The card signs pure Ed25519; Ed25519ph and Ed25519ctx (RFC 8032 §5.1) are not what it computes.
                if (MechanismRules.EdDsaOf(mechanism) is { } e && (e.PreHash || e.Context.Length > 0))
                    throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, "the card signs pure Ed25519 (no pre-hash, no context)");
                if (!can.Contains(CardSignature.EdDsa)) throw MechanismRules.KeyCannot(spec);
                return new SignOperation(spec, key, CardSignature.EdDsa, null, OnCardLimit(caps));
            default:
                throw new Pkcs11Exception(CKR_MECHANISM_INVALID, $"mechanism 0x{mechanism.Type:X} does not sign");
        }
    }

    private static CardSignature Raw(IReadOnlySet<CardSignature> can, MechanismSpec spec) =>
        can.Contains(CardSignature.RsaRaw) ? CardSignature.RsaRaw : throw MechanismRules.KeyCannot(spec);

    private static int OnCardLimit(DeviceCapabilities caps) => caps.MaxOnCardHashInput > 0 ? caps.MaxOnCardHashInput : MaxBuffered;

    public void Update(ReadOnlySpan<byte> data)
    {
        MultiPart = true;
        Append(data);
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_digest != null)
        {
            _digest.BlockUpdate(data);
            return;
        }
        if (_buffer!.Length + data.Length > Math.Min(MaxInput, MaxBuffered))
            throw new Pkcs11Exception(CKR_DATA_LEN_RANGE, $"input longer than {MaxInput} bytes for mechanism 0x{Spec.Type:X}");
        _buffer.Write(data);
    }

    /// <summary>What the card signs, from everything given so far.</summary>
    public byte[] CardInput(ReadOnlySpan<byte> lastPart)
    {
        Append(lastPart);
        var data = Input();
        var k = MechanismRules.KeyBytes(Key);
        return _encoding switch
        {
            HostEncoding.Pkcs1Type1 => RsaEncoding.Pkcs1Type1(data, k),
            HostEncoding.Pss => RsaEncoding.Pss(data, Key.Bits, _pss!, new SecureRandom()),
            HostEncoding.RawBlock => LeftPad(data, k),
            _ => data,
        };
    }

    /// <summary>The data before any host encoding: DigestInfo, hash or message.</summary>
    private byte[] Input()
    {
        if (_digest != null)
        {
            var hash = new byte[_digest.GetDigestSize()];
            _digest.DoFinal(hash);
            return Spec.Family == MechanismFamily.RsaPkcsWithHash ? Digests.DigestInfo(Spec.Hash, hash) : hash;
        }
        var data = _buffer!.ToArray();
        switch (Spec.Family)
        {
            case MechanismFamily.RsaPss when data.Length != Digests.Length(_pss!.HashAlgorithm):
                throw new Pkcs11Exception(CKR_DATA_LEN_RANGE, $"RSA-PSS input must be the {Digests.Length(_pss.HashAlgorithm)}-byte hash");
            case MechanismFamily.Ecdsa when data.Length == 0:
                throw new Pkcs11Exception(CKR_DATA_LEN_RANGE, "ECDSA input is empty");
            case MechanismFamily.Ecdsa:
                return FitHashToCurve(data, MechanismRules.KeyBytes(Key));
        }
        return data;
    }

    /// <summary>
    /// CKM_RSA_X_509 signs a block below the modulus (RFC 8017 §5.2.1: CKR_DATA_INVALID otherwise). Checked
    /// inside the card call, where reading the public key may cost an APDU.
    /// </summary>
    public void CheckBlock(byte[] block)
    {
        if (_encoding != HostEncoding.RawBlock || Key.Material.Modulus is not { } modulus) return;
        if (new BigInteger(1, block).CompareTo(new BigInteger(1, modulus)) >= 0)
            throw new Pkcs11Exception(CKR_DATA_INVALID, "the raw RSA input is not below the modulus");
    }

    /// <summary>Turns the card's answer into the PKCS#11 signature format.</summary>
    public byte[] Finish(byte[] cardOutput)
    {
        var k = MechanismRules.KeyBytes(Key);
        switch (Key.Kind)
        {
            case KeyKind.Rsa:
                if (cardOutput.Length > k || cardOutput.Length == 0)
                    throw new Pkcs11Exception(CKR_DEVICE_ERROR, $"the card answered a {cardOutput.Length}-byte RSA signature for a {k}-byte modulus");
                return LeftPad(cardOutput, k);
            case KeyKind.EcEdwards:
                if (cardOutput.Length != 2 * k)
                    throw new Pkcs11Exception(CKR_DEVICE_ERROR, $"the card answered a {cardOutput.Length}-byte Ed25519 signature");
                return cardOutput;
            default:
                return EcdsaSignatureFormat.ToRaw(cardOutput, k);
        }
    }

    // CKM_ECDSA takes a hash of any length (PKCS#11 3.0 §2.3.6): ECDSA uses its leftmost bits up to the
    // order's size (FIPS 186-4 §6.4), and a shorter value is the same integer left-padded with zeros.
    // Cards that take a precomputed hash want one of the field's length, so give them exactly that.
    private static byte[] FitHashToCurve(byte[] hash, int fieldBytes)
    {
        if (hash.Length == fieldBytes) return hash;
        if (hash.Length > fieldBytes) return hash[..fieldBytes];
        return LeftPad(hash, fieldBytes);
    }

    private static byte[] LeftPad(byte[] value, int length)
    {
        if (value.Length == length) return value;
        var padded = new byte[length];
        value.CopyTo(padded, length - value.Length);
        return padded;
    }
}
