using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Asn1.X9;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Objects.Templates;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKD;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Operations;

/// <summary>
/// C_DeriveKey with CKM_ECDH1_DERIVE on a card key (PKCS#11 3.0 elliptic curve Diffie-Hellman; X25519 on
/// CKK_EC_MONTGOMERY keys): everything the caller gave is checked before the card is asked; the card
/// computes the shared secret Z; the host applies the KDF (CKD_NULL: Z cut from its leading end to the key
/// length; CKD_SHAx_KDF: the ANSI X9.63 KDF with SharedInfo) and the engine makes a secret-key object.
/// </summary>
internal sealed class EcdhDerivation
{
    private readonly EcdhParameters _parameters;
    private readonly ulong _kdfHash;

    private EcdhDerivation(PrivateKeyObject key, EcdhParameters parameters, ulong kdfHash, SecretKeyAttributes attributes, int length)
    {
        Key = key;
        _parameters = parameters;
        _kdfHash = kdfHash;
        Attributes = attributes;
        Length = length;
    }

    public PrivateKeyObject Key { get; }

    public SecretKeyAttributes Attributes { get; }

    /// <summary>Length of the derived key's value in bytes.</summary>
    public int Length { get; }

    public static EcdhDerivation Start(Mechanism mechanism, PrivateKeyObject key, TokenDescription token, IReadOnlyList<CkAttribute> template)
    {
        var spec = MechanismRules.Require(mechanism, token, CKF_DERIVE);
        MechanismRules.RequireKeyKind(spec, key);
        MechanismRules.RequireUsage(key, key.Usage.HasFlag(KeyUsage.Derive), "key derivation");
        if (!key.AbilitiesOn(token.Capabilities).KeyAgreement) throw MechanismRules.KeyCannot(spec);
        if (mechanism.Parameters is not EcdhParameters p)
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, "CKM_ECDH1_DERIVE needs CK_ECDH1_DERIVE_PARAMS");
        var kdfHash = p.Kdf switch
        {
            CKD_NULL => 0UL,
            CKD_SHA1_KDF => CKM_SHA_1,
            CKD_SHA224_KDF => CKM_SHA224,
            CKD_SHA256_KDF => CKM_SHA256,
            CKD_SHA384_KDF => CKM_SHA384,
            CKD_SHA512_KDF => CKM_SHA512,
            _ => throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"KDF 0x{p.Kdf:X} is not supported (CKD_NULL, CKD_SHA*_KDF are)"),
        };
        if (kdfHash == 0 && p.SharedData.Length > 0)
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, "CKD_NULL takes no shared data");
        if (p.PublicData.Length == 0)
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, "the other party's public value is missing");

        var (attributes, requested) = SecretKeyTemplates.ParseDerived(template);
        var secretLength = SecretLength(key);
        int length;
        if (requested is { } n)
        {
            if (kdfHash == 0 && n > secretLength)
                throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, $"CKD_NULL gives at most {secretLength} bytes with this key, not {n}");
            length = n;
        }
        else if (kdfHash == 0)
            length = secretLength;
        else
            throw new Pkcs11Exception(CKR_TEMPLATE_INCOMPLETE, "a KDF needs the key length (CKA_VALUE_LEN)");
        return new EcdhDerivation(key, p, kdfHash, attributes, length);
    }

    /// <summary>Byte length of Z: the field size of the curve.</summary>
    private static int SecretLength(PrivateKeyObject key) => MechanismRules.KeyBytes(key);

    /// <summary>
    /// The other party's public value in the form the device takes (04‖X‖Y on the key's curve, or the X25519
    /// u-coordinate). Given bare or as a DER OCTET STRING, compressed or not (PKCS#11: a token must accept the
    /// raw octet string and may accept the DER form); a point off the curve is CKR_MECHANISM_PARAM_INVALID.
    /// Called inside the card call: the key's curve comes from its public key, which may need a card read.
    /// </summary>
    public byte[] PeerPublicValue()
    {
        var value = _parameters.PublicData;
        if (Key.Kind == KeyKind.EcMontgomery)
            return Curve25519Parameters.PublicKeyBytes(value)
                ?? throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, "an X25519 public value has 32 bytes");

        var curve = CurveOf(Key);
        var fieldBytes = (curve.Curve.FieldSize + 7) / 8;
        if (!IsRawPoint(value, fieldBytes)) value = UnwrapOctetString(value) ?? value;
        try
        {
            var point = curve.Curve.DecodePoint(value);
            if (point.IsInfinity || !point.IsValid()) throw new ArgumentException("not a point of the curve");
            return point.GetEncoded(false);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or ArithmeticException)
        {
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, "the other party's public value is not a point of the key's curve", e);
        }
    }

    /// <summary>The derived key's value from the card's shared secret (which is cleared).</summary>
    public byte[] KeyValue(byte[] cardSecret)
    {
        var fieldBytes = SecretLength(Key);
        byte[] z;
        if (Key.Kind == KeyKind.EcMontgomery)
        {
            if (cardSecret.Length != Curve25519Parameters.KeyBytes)
                throw Device($"the card answered a {cardSecret.Length}-byte X25519 secret");
            // RFC 7748 §6.1: an all-zero result means the peer sent a point of small order.
            if (CryptographicOperations.FixedTimeEquals(cardSecret, new byte[cardSecret.Length]))
                throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, "the X25519 public value is of small order (all-zero shared secret)");
            z = (byte[])cardSecret.Clone();
        }
        else if (cardSecret.Length == 1 + 2 * fieldBytes && cardSecret[0] == 0x04)
            z = cardSecret[1..(1 + fieldBytes)];
        else if (cardSecret.Length is > 0 && cardSecret.Length <= fieldBytes)
        {
            z = new byte[fieldBytes];
            cardSecret.CopyTo(z, fieldBytes - cardSecret.Length);
        }
        else
            throw Device($"the card answered a {cardSecret.Length}-byte ECDH secret for a {fieldBytes}-byte field");
        CryptographicOperations.ZeroMemory(cardSecret);
        try
        {
            if (_kdfHash == 0) return z[^Length..];
            var kdf = new Kdf2BytesGenerator(Digests.Create(_kdfHash));
            kdf.Init(new KdfParameters(z, _parameters.SharedData));
            var value = new byte[Length];
            kdf.GenerateBytes(value, 0, value.Length);
            return value;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(z);
        }
    }

    private static X9ECParameters CurveOf(KeyObject key)
    {
        var parameters = key.Material.EcParameters ?? throw new Pkcs11Exception(CKR_KEY_TYPE_INCONSISTENT, "the key has no curve");
        DerObjectIdentifier? oid = null;
        try
        {
            oid = Asn1Object.FromByteArray(parameters) as DerObjectIdentifier;
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            oid = null;
        }
        var curve = oid == null ? null : CustomNamedCurves.GetByOid(oid) ?? ECNamedCurveTable.GetByOid(oid);
        return curve ?? throw new Pkcs11Exception(CKR_DEVICE_ERROR, "the key's curve is not a named curve this module knows");
    }

    private static bool IsRawPoint(byte[] value, int fieldBytes) =>
        (value.Length == 1 + 2 * fieldBytes && value[0] == 0x04) || (value.Length == 1 + fieldBytes && value[0] is 0x02 or 0x03);

    private static byte[]? UnwrapOctetString(byte[] value)
    {
        try
        {
            return Asn1Object.FromByteArray(value) is Asn1OctetString s ? s.GetOctets() : null;
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static Pkcs11Exception Device(string what) => new(CKR_DEVICE_ERROR, what);
}
