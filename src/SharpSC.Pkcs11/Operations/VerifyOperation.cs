using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Operations;

/// <summary>C_Verify* in software with the public key (PKCS#11 3.0 §5.12).</summary>
internal sealed class VerifyOperation
{
    private const int MaxBuffered = 64 * 1024;

    private readonly MechanismSpec _spec;
    private readonly KeyObject _key;
    private readonly PssParameters? _pss;
    private readonly EdDsaParameters? _eddsa;
    private readonly IDigest? _digest;
    private readonly MemoryStream _buffer = new();

    private VerifyOperation(MechanismSpec spec, KeyObject key, PssParameters? pss, EdDsaParameters? eddsa)
    {
        _spec = spec;
        _key = key;
        _pss = pss;
        _eddsa = eddsa;
        if (spec.Hash != 0) _digest = Digests.Create(spec.Hash);
    }

    public bool MultiPart { get; private set; }

    public static VerifyOperation Start(Mechanism mechanism, KeyObject key, TokenDescription token)
    {
        var spec = MechanismRules.Require(mechanism, token, CKF_VERIFY);
        MechanismRules.RequireKeyKind(spec, key);
        var canVerify = key is PublicKeyObject pub ? pub.Usage.HasFlag(KeyUsage.Verify) || pub.Usage == KeyUsage.None : false;
        MechanismRules.RequireUsage(key, canVerify, "verification");
        PssParameters? pss = null;
        EdDsaParameters? eddsa = null;
        if (spec.Family is MechanismFamily.RsaPss or MechanismFamily.RsaPssWithHash)
        {
            pss = MechanismRules.RequirePss(mechanism, spec);
            MechanismRules.RequirePssSaltFits(pss, key.Material.Bits);
        }
        else if (spec.Family == MechanismFamily.EdDsa)
            eddsa = MechanismRules.EdDsaOf(mechanism);
        else
            MechanismRules.RequireNoParameters(mechanism);
        return new VerifyOperation(spec, key, pss, eddsa);
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
        if (_buffer.Length + data.Length > MaxBuffered) throw new Pkcs11Exception(CKR_DATA_LEN_RANGE, "input too long for this mechanism");
        _buffer.Write(data);
    }

    /// <summary>CKR_OK, CKR_SIGNATURE_INVALID or CKR_SIGNATURE_LEN_RANGE.</summary>
    public ulong Finish(ReadOnlySpan<byte> lastPart, ReadOnlySpan<byte> signature)
    {
        Append(lastPart);
        var keyBytes = MechanismRules.KeyBytes(_key);
        var expectedLength = _key.Kind == KeyKind.Rsa ? keyBytes : 2 * keyBytes;
        if (signature.Length != expectedLength) return CKR_SIGNATURE_LEN_RANGE;
        var input = Input();
        return _spec.Family switch
        {
            MechanismFamily.RsaPkcs or MechanismFamily.RsaPkcsWithHash => VerifyPkcs1(input, signature),
            MechanismFamily.RsaPss or MechanismFamily.RsaPssWithHash => VerifyPss(input, signature),
            MechanismFamily.RsaX509 => VerifyRaw(input, signature),
            MechanismFamily.EdDsa => VerifyEdDsa(input, signature),
            _ => VerifyEcdsa(input, signature),
        };
    }

    // CKM_RSA_X_509 (RFC 8017 §5.2.2 RSAVP1): signature^e mod n is the data, left-padded to the modulus length.
    private ulong VerifyRaw(byte[] data, ReadOnlySpan<byte> signature)
    {
        var key = SoftwareKeys.Rsa(_key);
        var s = new Org.BouncyCastle.Math.BigInteger(1, signature.ToArray());
        if (data.Length > signature.Length) return CKR_DATA_LEN_RANGE;
        if (s.CompareTo(key.Modulus) >= 0) return CKR_SIGNATURE_INVALID;
        var recovered = s.ModPow(key.Exponent, key.Modulus);
        return recovered.Equals(new Org.BouncyCastle.Math.BigInteger(1, data)) ? CKR_OK : CKR_SIGNATURE_INVALID;
    }

    // RFC 8032 §5.1.7: Ed25519, or Ed25519ctx / Ed25519ph as CK_EDDSA_PARAMS ask.
    private ulong VerifyEdDsa(byte[] message, ReadOnlySpan<byte> signature)
    {
        var key = SoftwareKeys.Public(_key) as Ed25519PublicKeyParameters
            ?? throw new Pkcs11Exception(CKR_KEY_TYPE_INCONSISTENT, "not an Ed25519 key");
        var context = _eddsa?.Context ?? [];
        ISigner verifier = _eddsa switch
        {
            { PreHash: true } => new Ed25519phSigner(context),
            { Context.Length: > 0 } => new Ed25519ctxSigner(context),
            _ => new Ed25519Signer(),
        };
        verifier.Init(false, key);
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature.ToArray()) ? CKR_OK : CKR_SIGNATURE_INVALID;
    }

    private byte[] Input()
    {
        if (_digest == null) return _buffer.ToArray();
        var hash = new byte[_digest.GetDigestSize()];
        _digest.DoFinal(hash);
        return _spec.Family == MechanismFamily.RsaPkcsWithHash ? Digests.DigestInfo(_spec.Hash, hash) : hash;
    }

    // PKCS#1 v1.5 (RFC 8017 §8.2.2): recover the encoded block with the public key, compare.
    private ulong VerifyPkcs1(byte[] expected, ReadOnlySpan<byte> signature)
    {
        var cipher = new Pkcs1Encoding(new RsaEngine());
        cipher.Init(false, SoftwareKeys.Rsa(_key));
        try
        {
            var recovered = cipher.ProcessBlock(signature.ToArray(), 0, signature.Length);
            return recovered.AsSpan().SequenceEqual(expected) ? CKR_OK : CKR_SIGNATURE_INVALID;
        }
        catch (InvalidCipherTextException)
        {
            return CKR_SIGNATURE_INVALID;
        }
        catch (DataLengthException)
        {
            return CKR_SIGNATURE_INVALID;
        }
    }

    private ulong VerifyPss(byte[] hash, ReadOnlySpan<byte> signature)
    {
        var p = _pss!;
        if (hash.Length != Digests.Length(p.HashAlgorithm)) return CKR_DATA_LEN_RANGE;
        var signer = PssSigner.CreateRawSigner(new RsaEngine(), Digests.Create(p.HashAlgorithm), Digests.Create(Digests.HashForMgf1(p.Mgf)),
            (int)p.SaltLength, PssSigner.TrailerImplicit);
        signer.Init(false, SoftwareKeys.Rsa(_key));
        signer.BlockUpdate(hash, 0, hash.Length);
        return signer.VerifySignature(signature.ToArray()) ? CKR_OK : CKR_SIGNATURE_INVALID;
    }

    private ulong VerifyEcdsa(byte[] hash, ReadOnlySpan<byte> signature)
    {
        var rs = EcdsaSignatureFormat.RawToIntegers(signature);
        if (rs is not { } v) return CKR_SIGNATURE_INVALID;
        var verifier = new ECDsaSigner();
        verifier.Init(false, SoftwareKeys.Ec(_key));
        return verifier.VerifySignature(hash, v.R, v.S) ? CKR_OK : CKR_SIGNATURE_INVALID;
    }
}
