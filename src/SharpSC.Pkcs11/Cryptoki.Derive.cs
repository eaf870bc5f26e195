using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Operations;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11;

/// <summary>Key derivation on the card: C_DeriveKey with CKM_ECDH1_DERIVE (PKCS#11 3.0 §5.14).</summary>
public static partial class Cryptoki
{
    /// <summary>
    /// Checks mechanism, base key and template, then asks the card for the shared secret and makes a
    /// session secret-key object of the caller's session (it goes when the session closes).
    /// </summary>
    public static ulong DeriveKey(ulong session, Mechanism mechanism, ulong baseKey, CkAttribute[] template, out ulong key)
    {
        key = 0;
        using var call = Enter();
        var s = SessionOf(call.State, session);
        var derivation = EcdhDerivation.Start(mechanism, KeyOf<PrivateKeyObject>(s, baseKey), s.Token.Description, template);
        var secret = s.Token.WithCard(d => d.DeriveSharedSecret(derivation.Key, derivation.PeerPublicValue()), needsLogin: true);
        var value = derivation.KeyValue(secret);
        try
        {
            key = s.Token.Publish(new SecretKeyObject(derivation.Attributes, value, s.Handle)).Handle;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(value);
        }
        return CKR_OK;
    }
}
