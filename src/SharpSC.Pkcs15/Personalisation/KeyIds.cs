using System.Security.Cryptography;
using SharpSC.Cards.Keys;
using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>
/// Default object identifiers the way OpenSC's pkcs15-init derives them (pkcs15-lib.c
/// sc_pkcs15init_select_intrinsic_id and select_id), so that a key, its public key and its certificate pair up
/// and tools that match by CKA_ID (NSS, OpenSSL's pkcs11 engine) find them.
/// </summary>
public static class KeyIds
{
    /// <summary>First id of OpenSC's native style (DEFAULT_ID 0x45).</summary>
    public const byte FirstNativeId = 0x45;

    /// <summary>
    /// The id of <paramref name="key"/> in <paramref name="style"/>: Mozilla = SHA-1 of the RSA modulus or of
    /// the EC point's X coordinate; RFC 2459 = SHA-1 of the encoded public key (RSAPublicKey, or the EC point as
    /// an OCTET STRING, as OpenSC's sc_pkcs15_encode_pubkey does); Native = the first free one-byte id from 45.
    /// </summary>
    public static Pkcs15Id Derive(PublicKeyInfo key, KeyIdStyle style, Pkcs15Application? application, bool forPrivateKey = true)
    {
        ArgumentNullException.ThrowIfNull(key);
        return style switch
        {
            KeyIdStyle.Mozilla => new Pkcs15Id(SHA1.HashData(MozillaInput(key))),
            KeyIdStyle.Rfc2459 => new Pkcs15Id(SHA1.HashData(Rfc2459Input(key))),
            KeyIdStyle.Native => NextNative(application, forPrivateKey),
            _ => throw new ArgumentOutOfRangeException(nameof(style), style, "unknown id style"),
        };
    }

    /// <summary>
    /// OpenSC select_id: the first one-byte id from 45 that no object of the class uses; for private keys also
    /// skipping ids a public key or certificate already has.
    /// </summary>
    public static Pkcs15Id NextNative(Pkcs15Application? application, bool forPrivateKey)
    {
        for (var value = FirstNativeId; value < 0xFF; value++)
        {
            var id = Pkcs15Id.FromByte(value);
            if (application is null)
                return id;
            var taken = forPrivateKey
                ? application.FindPrivateKey(id) is not null || application.FindPublicKey(id) is not null || application.FindCertificate(id) is not null
                : application.FindCertificate(id) is not null;
            if (!taken)
                return id;
        }
        throw new PersonalisationException(PersonalisationError.IdInUse, "every one-byte object id from 45 to FE is in use");
    }

    private static byte[] MozillaInput(PublicKeyInfo key) => key switch
    {
        RsaPublicKeyInfo rsa => rsa.Modulus,
        EcPublicKeyInfo ec => ec.Point[1..(1 + ec.Curve.FieldBytes)],
        _ => throw new ArgumentException("unknown public key type", nameof(key)),
    };

    private static byte[] Rfc2459Input(PublicKeyInfo key)
    {
        if (key is RsaPublicKeyInfo rsa)
            return PublicKeyEncoding.RsaPublicKey(rsa);
        var w = new DerWriter();
        w.WriteOctetString(((EcPublicKeyInfo)key).Point);
        return w.ToArray();
    }
}
