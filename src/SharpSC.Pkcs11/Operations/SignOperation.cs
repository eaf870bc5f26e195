using Org.BouncyCastle.Crypto;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Operations;

/// <summary>
/// A signature made on the card: the host hashes (for the CKM_SHAx_* mechanisms) and formats what the
/// card expects (a DigestInfo for PKCS#1 v1.5, the bare hash for PSS and ECDSA, or the message itself
/// when the card hashes with SHA-1), then converts the answer to PKCS#11 form (ECDSA r‖s).
/// </summary>
internal sealed class SignOperation
{
    // Raw mechanisms buffer their input; nothing sensible is larger than this.
    private const int MaxBuffered = 64 * 1024;

    private readonly IDigest? _digest;
    private readonly MemoryStream? _buffer;
    private readonly ulong _pssHash;

    private SignOperation(MechanismSpec spec, PrivateKeyObject key, CardSignature cardKind, IDigest? digest, ulong pssHash, int maxInput)
    {
        Spec = spec;
        Key = key;
        CardKind = cardKind;
        _digest = digest;
        _pssHash = pssHash;
        MaxInput = maxInput;
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
        switch (spec.Family)
        {
            case MechanismFamily.RsaPkcs:
                MechanismRules.RequireNoParameters(mechanism);
                return new SignOperation(spec, key, CardSignature.RsaPkcs1, null, 0, MechanismRules.KeyBytes(key) - 11);
            case MechanismFamily.RsaPkcsWithHash:
                MechanismRules.RequireNoParameters(mechanism);
                return new SignOperation(spec, key, CardSignature.RsaPkcs1, Digests.Create(spec.Hash), 0, 0);
            case MechanismFamily.RsaPss:
            {
                var p = MechanismRules.RequirePss(mechanism, spec, onCard: true);
                return new SignOperation(spec, key, CardSignature.RsaPssPrehashed, null, p.HashAlgorithm, Digests.Length(p.HashAlgorithm));
            }
            case MechanismFamily.RsaPssWithHash:
                MechanismRules.RequirePss(mechanism, spec, onCard: true);
                return new SignOperation(spec, key, CardSignature.RsaPssPrehashed, Digests.Create(spec.Hash), spec.Hash, 0);
            case MechanismFamily.Ecdsa:
                MechanismRules.RequireNoParameters(mechanism);
                return new SignOperation(spec, key, CardSignature.EcdsaPrehashed, null, 0, MaxBuffered);
            case MechanismFamily.EcdsaWithHash:
                MechanismRules.RequireNoParameters(mechanism);
                if (caps.Signatures.Contains(CardSignature.EcdsaPrehashed))
                    return new SignOperation(spec, key, CardSignature.EcdsaPrehashed, Digests.Create(spec.Hash), 0, 0);
                // IsoApplet v0 hashes with SHA-1 itself: the card gets the message.
                return new SignOperation(spec, key, CardSignature.EcdsaSha1OnCard, null, 0, caps.MaxOnCardHashInput);
            default:
                throw new Pkcs11Exception(CKR_MECHANISM_INVALID, $"mechanism 0x{mechanism.Type:X} does not sign");
        }
    }

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
        if (_digest != null)
        {
            var hash = new byte[_digest.GetDigestSize()];
            _digest.DoFinal(hash);
            return CardKind == CardSignature.RsaPkcs1 ? Digests.DigestInfo(Spec.Hash, hash) : hash;
        }
        var data = _buffer!.ToArray();
        switch (Spec.Family)
        {
            case MechanismFamily.RsaPss when data.Length != Digests.Length(_pssHash):
                throw new Pkcs11Exception(CKR_DATA_LEN_RANGE, $"RSA-PSS input must be the {Digests.Length(_pssHash)}-byte hash");
            case MechanismFamily.Ecdsa when data.Length == 0:
                throw new Pkcs11Exception(CKR_DATA_LEN_RANGE, "ECDSA input is empty");
            case MechanismFamily.Ecdsa:
                return FitHashToCurve(data, MechanismRules.KeyBytes(Key));
        }
        return data;
    }

    /// <summary>Turns the card's answer into the PKCS#11 signature format.</summary>
    public byte[] Finish(byte[] cardOutput) =>
        Key.Kind == KeyKind.Ec ? EcdsaSignatureFormat.DerToRaw(cardOutput, MechanismRules.KeyBytes(Key)) : cardOutput;

    // CKM_ECDSA takes a hash of any length (PKCS#11 3.0 §2.3.6): ECDSA uses its leftmost bits up to the
    // order's size (FIPS 186-4 §6.4), and a shorter value is the same integer left-padded with zeros.
    // Cards that take a precomputed hash want one of the field's length, so give them exactly that.
    private static byte[] FitHashToCurve(byte[] hash, int fieldBytes)
    {
        if (hash.Length == fieldBytes) return hash;
        if (hash.Length > fieldBytes) return hash[..fieldBytes];
        var padded = new byte[fieldBytes];
        hash.CopyTo(padded, fieldBytes - hash.Length);
        return padded;
    }
}
