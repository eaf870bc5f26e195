using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using SharpSC.Pkcs11.Objects;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Operations;

/// <summary>Public keys as BouncyCastle parameters, for verification and encryption in software.</summary>
internal static class SoftwareKeys
{
    public static AsymmetricKeyParameter Public(KeyObject key)
    {
        try
        {
            return PublicKeyFactory.CreateKey(key.Material.SubjectPublicKeyInfo);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or SecurityUtilityException)
        {
            throw new Pkcs11Exception(CKR_KEY_HANDLE_INVALID, "the public key on the card cannot be decoded", e);
        }
    }

    public static RsaKeyParameters Rsa(KeyObject key) =>
        Public(key) as RsaKeyParameters ?? throw new Pkcs11Exception(CKR_KEY_TYPE_INCONSISTENT, "not an RSA key");

    public static ECPublicKeyParameters Ec(KeyObject key) =>
        Public(key) as ECPublicKeyParameters ?? throw new Pkcs11Exception(CKR_KEY_TYPE_INCONSISTENT, "not an EC key");
}
