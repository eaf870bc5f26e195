using SharpSC.Cards.Keys;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKK;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKO;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Objects.Templates;

/// <summary>
/// C_GenerateKeyPair templates (PKCS#11 3.0 §5.14, §2.1.4 RSA, §2.3.5 EC, and the Edwards (Ed25519) and
/// Montgomery (X25519) key pair generation mechanisms) into a
/// <see cref="KeyGenerationRequest"/>, or the spec's error: CKR_TEMPLATE_INCOMPLETE (no modulus bits,
/// no curve), CKR_TEMPLATE_INCONSISTENT (class, key type or IDs that do not fit), CKR_KEY_SIZE_RANGE,
/// CKR_CURVE_NOT_SUPPORTED, CKR_ATTRIBUTE_VALUE_INVALID (what this card cannot make: an extractable or
/// session private key, an exponent other than 65537). Nothing is written before this succeeds.
/// </summary>
internal static class KeyPairTemplates
{
    private static readonly byte[] F4 = [0x01, 0x00, 0x01];

    public static KeyGenerationRequest Parse(Mechanism mechanism, IReadOnlyList<CkAttribute> publicTemplate, IReadOnlyList<CkAttribute> privateTemplate,
        DeviceCapabilities caps)
    {
        if (mechanism.Parameters != null) throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, "key pair generation takes no parameter");
        var (kind, keyType) = mechanism.Type switch
        {
            CKM_RSA_PKCS_KEY_PAIR_GEN => (KeyKind.Rsa, CKK_RSA),
            CKM_EC_KEY_PAIR_GEN => (KeyKind.Ec, CKK_EC),
            CKM_EC_EDWARDS_KEY_PAIR_GEN => (KeyKind.EcEdwards, CKK_EC_EDWARDS),
            CKM_EC_MONTGOMERY_KEY_PAIR_GEN => (KeyKind.EcMontgomery, CKK_EC_MONTGOMERY),
            _ => throw new Pkcs11Exception(CKR_MECHANISM_INVALID, $"mechanism 0x{mechanism.Type:X} does not generate key pairs"),
        };
        var pub = new Template(publicTemplate);
        var priv = new Template(privateTemplate);
        pub.ExpectULong(CKA_CLASS, CKO_PUBLIC_KEY, "public key class");
        priv.ExpectULong(CKA_CLASS, CKO_PRIVATE_KEY, "private key class");
        pub.ExpectULong(CKA_KEY_TYPE, keyType, "public key type");
        priv.ExpectULong(CKA_KEY_TYPE, keyType, "private key type");

        int bits;
        byte[]? curveOid = null;
        if (kind == KeyKind.Rsa)
        {
            var modulusBits = pub.ULong(CKA_MODULUS_BITS) ?? throw new Pkcs11Exception(CKR_TEMPLATE_INCOMPLETE, "CKA_MODULUS_BITS is missing");
            if (!caps.RsaKeySizes.Contains((int)Math.Min(modulusBits, int.MaxValue)))
                throw new Pkcs11Exception(CKR_KEY_SIZE_RANGE, $"this card generates RSA keys of {string.Join("/", caps.RsaKeySizes)} bits, not {modulusBits}");
            bits = (int)modulusBits;
            if (pub.Bytes(CKA_PUBLIC_EXPONENT) is { } e && !TrimmedEquals(e, F4))
                throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, "the card's RSA public exponent is 65537");
        }
        else
        {
            var parameters = pub.Bytes(CKA_EC_PARAMS) ?? priv.Bytes(CKA_EC_PARAMS)
                ?? throw new Pkcs11Exception(CKR_TEMPLATE_INCOMPLETE, "CKA_EC_PARAMS is missing");
            if (pub.Bytes(CKA_EC_PARAMS) is { } a && priv.Bytes(CKA_EC_PARAMS) is { } b && !a.AsSpan().SequenceEqual(b))
                throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, "the public and private templates name different curves");
            if (kind == KeyKind.Ec)
            {
                var curve = CurveOf(parameters);
                if (!caps.EcFieldSizes.Contains(curve.FieldBits))
                    throw new Pkcs11Exception(CKR_CURVE_NOT_SUPPORTED, $"this card does not generate keys on {curve.Name}");
                bits = curve.FieldBits;
                curveOid = curve.OidDer;
            }
            else
            {
                // PKCS#11 3.0: CKM_EC_EDWARDS_KEY_PAIR_GEN on edwards25519, CKM_EC_MONTGOMERY_KEY_PAIR_GEN on curve25519.
                if (Curve25519Parameters.KindOf(parameters) != kind)
                    throw new Pkcs11Exception(CKR_CURVE_NOT_SUPPORTED, kind == KeyKind.EcEdwards
                        ? "this card generates Edwards keys on edwards25519 only" : "this card generates Montgomery keys on curve25519 only");
                bits = Curve25519Parameters.FieldBits;
                curveOid = Curve25519Parameters.ParametersOf(kind);
            }
        }

        var pubId = pub.Bytes(CKA_ID);
        var privId = priv.Bytes(CKA_ID);
        if (pubId != null && privId != null && !pubId.AsSpan().SequenceEqual(privId))
            throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, "the public and private templates give different CKA_IDs");

        // What the card can and cannot make.
        priv.ExpectBool(CKA_TOKEN, true, "keys are generated on the card");
        pub.ExpectBool(CKA_TOKEN, true, "the public half is stored next to the key on the card");
        priv.ExpectBool(CKA_SENSITIVE, true, "keys generated on the card never leave it");
        priv.ExpectBool(CKA_EXTRACTABLE, false, "keys generated on the card never leave it");
        priv.Bool(CKA_PRIVATE); // a private key on this card always needs the PIN
        pub.Bool(CKA_PRIVATE);
        pub.Bool(CKA_MODIFIABLE);
        priv.Bool(CKA_MODIFIABLE);
        pub.Bytes(CKA_SUBJECT);
        priv.Bytes(CKA_SUBJECT);
        pub.Bytes(CKA_START_DATE);
        pub.Bytes(CKA_END_DATE);
        priv.Bytes(CKA_START_DATE);
        priv.Bytes(CKA_END_DATE);
        priv.Bool(CKA_COPYABLE);
        priv.Bool(CKA_DESTROYABLE);
        pub.Bool(CKA_DESTROYABLE);

        var privateUsage = priv.Usage((CKA_SIGN, KeyUsage.Sign), (CKA_DECRYPT, KeyUsage.Decrypt), (CKA_UNWRAP, KeyUsage.Unwrap),
            (CKA_SIGN_RECOVER, KeyUsage.SignRecover), (CKA_DERIVE, KeyUsage.Derive));
        var publicUsage = pub.Usage((CKA_VERIFY, KeyUsage.Verify), (CKA_ENCRYPT, KeyUsage.Encrypt), (CKA_WRAP, KeyUsage.Wrap),
            (CKA_VERIFY_RECOVER, KeyUsage.VerifyRecover), (CKA_DERIVE, KeyUsage.Derive));
        RequireUsageFits(kind, privateUsage, publicUsage);
        if (privateUsage == KeyUsage.None) privateUsage = DefaultPrivateUsage(kind);
        if (publicUsage == KeyUsage.None) publicUsage = DefaultPublicUsage(kind);

        var request = new KeyGenerationRequest
        {
            Kind = kind,
            Bits = bits,
            CurveOid = curveOid,
            Id = privId ?? pubId,
            PrivateLabel = priv.Utf8(CKA_LABEL),
            PublicLabel = pub.Utf8(CKA_LABEL),
            PrivateUsage = privateUsage,
            PublicUsage = publicUsage,
            AlwaysAuthenticate = priv.Bool(CKA_ALWAYS_AUTHENTICATE) ?? false,
        };
        pub.RejectUnread(TokenSetAttributes.Keys);
        priv.RejectUnread(TokenSetAttributes.Keys);
        return request;
    }

    private static readonly KeyUsage Encryption = KeyUsage.Encrypt | KeyUsage.Decrypt | KeyUsage.Wrap | KeyUsage.Unwrap;
    private static readonly KeyUsage Signing = KeyUsage.Sign | KeyUsage.Verify | KeyUsage.SignRecover | KeyUsage.VerifyRecover;

    /// <summary>What each key type can be for: EC signs and agrees, Ed25519 only signs, X25519 only agrees.</summary>
    public static void RequireUsageFits(KeyKind kind, KeyUsage privateUsage, KeyUsage publicUsage)
    {
        var both = privateUsage | publicUsage;
        var wrong = kind switch
        {
            KeyKind.Ec => both & Encryption,
            KeyKind.EcEdwards => both & (Encryption | KeyUsage.Derive),
            KeyKind.EcMontgomery => both & (Encryption | Signing),
            _ => KeyUsage.None,
        };
        if (wrong != KeyUsage.None)
            throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, $"{kind} keys cannot be used for {wrong}");
    }

    public static KeyUsage DefaultPrivateUsage(KeyKind kind) => kind switch
    {
        KeyKind.Rsa => KeyUsage.Sign | KeyUsage.Decrypt,
        KeyKind.EcMontgomery => KeyUsage.Derive,
        _ => KeyUsage.Sign,
    };

    private static KeyUsage DefaultPublicUsage(KeyKind kind) => kind switch
    {
        KeyKind.Rsa => KeyUsage.Verify | KeyUsage.Encrypt,
        KeyKind.EcMontgomery => KeyUsage.Derive,
        _ => KeyUsage.Verify,
    };

    /// <summary>
    /// CKA_EC_PARAMS: DER ECParameters, a namedCurve OID (PKCS#11 3.0 §2.3.3); some clients send the
    /// curve's name as a PrintableString instead ("prime256v1"), which is accepted too.
    /// </summary>
    public static EcCurve CurveOf(byte[] parameters)
    {
        if (parameters.Length > 2 && parameters[0] == 0x06 && EcCurves.FindByOidDer(parameters) is { } byOid) return byOid;
        if (parameters.Length > 2 && parameters[0] == 0x13 && parameters[1] == parameters.Length - 2
            && EcCurves.FindByName(System.Text.Encoding.ASCII.GetString(parameters, 2, parameters.Length - 2)) is { } byName)
            return byName;
        throw new Pkcs11Exception(parameters.Length > 0 && parameters[0] is 0x06 or 0x13 ? CKR_CURVE_NOT_SUPPORTED : CKR_ATTRIBUTE_VALUE_INVALID,
            "CKA_EC_PARAMS names no curve this card knows (explicit parameters are not accepted)");
    }

    private static bool TrimmedEquals(byte[] a, byte[] b) =>
        a.AsSpan().TrimStart((byte)0).SequenceEqual(b.AsSpan().TrimStart((byte)0));
}
