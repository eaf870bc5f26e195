using Org.BouncyCastle.Math;
using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cards.Keys;
using SharpSC.Diagnostics;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens.Card;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tokens.Piv;

// Writes, all under the management key (the token's WriteAuthority is the SO): key generation and import into the
// slot CKA_ID names, certificates, certificate deletion. A slot holds one key and one certificate: a new key
// replaces the old one, and the old certificate, which no longer matches, is deleted with it; the engine drops the
// objects a write replaced (IsStale). Writes to retired slots keep the key history object counting them.
internal sealed partial class PivTokenDevice
{
    // Writes per slot since the token opened: of its key (generate, import) and of its certificate (those and certificate writes).
    private readonly Dictionary<byte, int> _keyWrites = [];
    private readonly Dictionary<byte, int> _certificateWrites = [];

    public (P11Object PrivateKey, P11Object PublicKey) GenerateKeyPair(KeyGenerationRequest request)
    {
        var slot = RequireSlot(request.Id);
        var spec = SpecOf(request.Kind, request.Bits, request.CurveOid);
        var policy = request.AlwaysAuthenticate ? PivPinPolicy.Always : PivPinPolicy.Default;
        return OnCard(() =>
        {
            var publicKey = _driver.GenerateKeyPair(slot, spec, policy);
            var key = Replaced(slot, spec, publicKey, policy, generated: true);
            Log.Info(TraceComponent, $"PIV: {spec} generated in {slot}");
            return ((P11Object)_objects.PrivateKey(key), (P11Object)_objects.PublicKey(key));
        }, CardErrorMapping.Context.Write);
    }

    public P11Object Store(object request) => request switch
    {
        CertificateRequest c => StoreCertificate(c),
        PrivateKeyImportRequest i => ImportKey(i),
        _ => throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, "a PIV card stores keys and certificates in its slots, no other objects"),
    };

    /// <summary>The certificate goes to the slot its CKA_ID names, or else to the slot whose key it certifies.</summary>
    private P11Object StoreCertificate(CertificateRequest c) => OnCard(() =>
    {
        var slot = PivTokenObjects.SlotOf(c.Id) ?? SlotOfKey(c.Der)
            ?? throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, c.Id == null
                ? "the certificate needs a CKA_ID naming its slot (01 = 9A, 02 = 9C, 03 = 9D, 04 = 9E, 05..18 = 82..95): no key on the card matches it"
                : "the certificate's CKA_ID names no PIV slot (01 = 9A, 02 = 9C, 03 = 9D, 04 = 9E, 05..18 = 82..95)");
        // A YubiKey object holds about 3 KB: a larger certificate is stored gzip-compressed, as yubico-piv-tool --compress does.
        _driver.WriteCertificate(slot, c.Der, compress: c.Der.Length > 3000);
        _contents.Forget(slot);
        _contents.CoverRetiredSlot(slot);
        Bump(_certificateWrites, slot);
        var der = c.Der;
        return (P11Object)_objects.Certificate(slot, () => der);
    }, CardErrorMapping.Context.Write);

    /// <summary>Yubico IMPORT KEY into the slot CKA_ID names (RSA-1024/2048 with exponent 65537, P-256, P-384).</summary>
    private P11Object ImportKey(PrivateKeyImportRequest i)
    {
        try
        {
            if (!_description.Capabilities.KeyImport)
                throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, "this PIV card cannot import keys (IMPORT KEY is a YubiKey extension)");
            var slot = RequireSlot(i.Id);
            var (import, publicKey) = ImportOf(i);
            var policy = i.AlwaysAuthenticate ? PivPinPolicy.Always : PivPinPolicy.Default;
            try
            {
                return OnCard(() =>
                {
                    _driver.ImportPrivateKey(slot, import, policy);
                    var key = Replaced(slot, import is RsaPrivateKeyImport r ? KeySpec.Rsa(r.ModulusBits) : KeySpec.Ec(((EcPrivateKeyImport)import).Curve),
                        publicKey, policy, generated: false);
                    Log.Info(TraceComponent, $"PIV: {key.Spec} imported into {slot}");
                    return (P11Object)_objects.PrivateKey(key);
                }, CardErrorMapping.Context.Write);
            }
            finally
            {
                import.Clear();
            }
        }
        finally
        {
            i.Clear();
        }
    }

    /// <summary>Deletes a certificate (an empty PUT DATA). Keys cannot be deleted from a PIV slot; the engine refuses that (CKR_ACTION_PROHIBITED).</summary>
    public void Destroy(P11Object o)
    {
        if (o is not CertificateObject { CardEntry: PivObjectStamp stamp })
            throw new Pkcs11Exception(CKR_ACTION_PROHIBITED, "a key in a PIV slot cannot be deleted, only replaced (generate or import another)");
        OnCard(() =>
        {
            _driver.DeleteCertificate(stamp.Slot);
            _contents.Forget(stamp.Slot);
            Bump(_certificateWrites, stamp.Slot);
        }, CardErrorMapping.Context.Write);
    }

    public void Update(P11Object o, ObjectUpdate update) =>
        throw new Pkcs11Exception(CKR_ACTION_PROHIBITED, "a PIV card has fixed labels and IDs (those of OpenSC's PIV driver)");

    public void Initialize(ReadOnlySpan<byte> soPin, string label) =>
        throw new Pkcs11Exception(CKR_FUNCTION_NOT_SUPPORTED,
            "a PIV card is not initialised through PKCS#11: a YubiKey is reset to its factory state with `sharpsc piv reset` once PIN and PUK are blocked");

    /// <summary>An object of a slot written since it was made: its key or certificate was replaced or deleted.</summary>
    public bool IsStale(P11Object o) =>
        o is StorageObject { CardEntry: PivObjectStamp stamp } && !stamp.Equals(StampOf(stamp.Slot, stamp.Certificate));

    /// <summary>
    /// After a new key went into a slot: the old certificate is deleted (it certifies the key that is gone), the key
    /// history counts a retired slot, and what was known of the slot is forgotten. Returns the new key.
    /// </summary>
    private PivSlotKey Replaced(PivSlot slot, KeySpec spec, PublicKeyInfo? publicKey, PivPinPolicy policy, bool generated)
    {
        _driver.DeleteCertificate(slot);
        _contents.Forget(slot);
        _contents.CoverRetiredSlot(slot);
        Bump(_keyWrites, slot);
        Bump(_certificateWrites, slot);
        return new PivSlotKey(slot, spec, publicKey, policy == PivPinPolicy.Default ? slot.SpecPinPolicy : policy, FromMetadata: false) { Generated = generated };
    }

    private static void Bump(Dictionary<byte, int> writes, PivSlot slot) => writes[slot.Reference] = writes.GetValueOrDefault(slot.Reference) + 1;

    private PivObjectStamp StampOf(PivSlot slot, bool certificate) =>
        new(slot, certificate, (certificate ? _certificateWrites : _keyWrites).GetValueOrDefault(slot.Reference));

    private static PivSlot RequireSlot(byte[]? id) => PivTokenObjects.SlotOf(id) ?? throw (id == null
        ? new Pkcs11Exception(CKR_TEMPLATE_INCOMPLETE, "a PIV key needs a CKA_ID naming its slot (01 = 9A, 02 = 9C, 03 = 9D, 04 = 9E, 05..18 = 82..95)")
        : new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, "the CKA_ID names no PIV slot (01 = 9A, 02 = 9C, 03 = 9D, 04 = 9E, 05..18 = 82..95)"));

    private static KeySpec SpecOf(KeyKind kind, int bits, byte[]? curveOid) => kind switch
    {
        KeyKind.Rsa when bits is 1024 or 2048 => KeySpec.Rsa(bits),
        KeyKind.Rsa => throw new Pkcs11Exception(CKR_KEY_SIZE_RANGE, "a PIV card holds RSA keys of 1024 or 2048 bits"),
        KeyKind.Ec when EcCurves.FindByOidDer(curveOid) is { } c && (c == EcCurves.Secp256r1 || c == EcCurves.Secp384r1) => KeySpec.Ec(c),
        _ => throw new Pkcs11Exception(CKR_CURVE_NOT_SUPPORTED, "a PIV card holds EC keys on P-256 and P-384"),
    };

    /// <summary>The slot of the key whose public key the certificate holds, among the keys the card lists.</summary>
    private PivSlot? SlotOfKey(byte[] der)
    {
        PublicKeyInfo certified;
        try
        {
            certified = PivCardContents.PublicKeyOfCertificate(der, PivSlot.Authentication).PublicKey;
        }
        catch (Cards.Errors.CardException e)
        {
            throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, "the certificate's public key is neither RSA nor EC on P-256/P-384", e);
        }
        return _contents.Keys().FirstOrDefault(k => k.PublicKey is { } pk && SamePublicKey(pk, certified))?.Slot;
    }

    private static bool SamePublicKey(PublicKeyInfo a, PublicKeyInfo b) => (a, b) switch
    {
        (RsaPublicKeyInfo x, RsaPublicKeyInfo y) => x.Modulus.AsSpan().SequenceEqual(y.Modulus) && x.Exponent.AsSpan().SequenceEqual(y.Exponent),
        (EcPublicKeyInfo x, EcPublicKeyInfo y) => x.Curve == y.Curve && x.Point.AsSpan().SequenceEqual(y.Point),
        _ => false,
    };

    /// <summary>The card's import form and the public key it implies (RSA: modulus and exponent given; EC: d·G).</summary>
    private static (PrivateKeyImport Import, PublicKeyInfo PublicKey) ImportOf(PrivateKeyImportRequest i)
    {
        if (i.Kind == KeyKind.Rsa)
        {
            var modulus = new BigInteger(1, i.Modulus ?? throw Incomplete("CKA_MODULUS"));
            var exponent = new BigInteger(1, i.PublicExponent ?? throw Incomplete("CKA_PUBLIC_EXPONENT"));
            var spec = SpecOf(KeyKind.Rsa, modulus.BitLength, null);
            if (!exponent.Equals(BigInteger.ValueOf(65537)))
                throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, "a PIV card imports RSA keys with public exponent 65537 only");
            var import = new RsaPrivateKeyImport(spec.SizeBits, Copy(i.Prime1, "CKA_PRIME_1"), Copy(i.Prime2, "CKA_PRIME_2"),
                Copy(i.Exponent1, "CKA_EXPONENT_1"), Copy(i.Exponent2, "CKA_EXPONENT_2"), Copy(i.Coefficient, "CKA_COEFFICIENT"));
            return (import, new RsaPublicKeyInfo(modulus.ToByteArrayUnsigned(), exponent.ToByteArrayUnsigned()));
        }
        if (i.Kind != KeyKind.Ec) throw new Pkcs11Exception(CKR_KEY_TYPE_INCONSISTENT, "a PIV card imports RSA and EC keys");
        var curve = SpecOf(KeyKind.Ec, 0, i.CurveOid).Curve!;
        var d = Copy(i.PrivateValue, "CKA_VALUE");
        var parameters = Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetByOid(new Org.BouncyCastle.Asn1.DerObjectIdentifier(curve.Oid));
        var scalar = new BigInteger(1, d);
        if (scalar.SignValue <= 0 || scalar.CompareTo(parameters.N) >= 0)
            throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, "the EC private value is not in 1..n-1");
        var point = parameters.G.Multiply(scalar).Normalize().GetEncoded(false);
        return (new EcPrivateKeyImport(curve, d), new EcPublicKeyInfo(curve, point));
    }

    private static byte[] Copy(byte[]? value, string attribute) => (byte[])(value ?? throw Incomplete(attribute)).Clone();

    private static Pkcs11Exception Incomplete(string attribute) => new(CKR_TEMPLATE_INCOMPLETE, $"{attribute} is missing");
}

/// <summary>Which slot a token object belongs to, whether it is the certificate, and how many writes of it the slot had when the object was made.</summary>
internal sealed record PivObjectStamp(PivSlot Slot, bool Certificate, int Writes);
