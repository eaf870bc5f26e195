using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens.Card;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tokens.Piv;

// Private-key operations through GENERAL AUTHENTICATE (SP 800-73-4 Part 2 §3.2.4): raw RSA on a block the engine
// padded (PKCS#1 v1.5 or PSS) or will unpad (PKCS#1 v1.5 or OAEP), ECDSA on the engine's hash, ECDH.
internal sealed partial class PivTokenDevice
{
    public byte[] Sign(PrivateKeyObject key, CardSignature kind, ReadOnlySpan<byte> input)
    {
        var k = (PivKeyHandle)key.CardKey;
        var data = input.ToArray();
        return OnCard(() => kind switch
        {
            CardSignature.RsaRaw => _driver.RawRsa(k.Slot, k.Spec.SizeBits, data),
            CardSignature.EcdsaPrehashed => _driver.SignHash(k.Slot, k.Spec.Curve!, data),
            _ => throw new Pkcs11Exception(CKR_FUNCTION_NOT_SUPPORTED, $"a PIV card computes no {kind} signature"),
        });
    }

    public byte[] Decrypt(PrivateKeyObject key, CardDecryption kind, ReadOnlySpan<byte> ciphertext)
    {
        if (kind != CardDecryption.RsaRaw)
            throw new Pkcs11Exception(CKR_FUNCTION_NOT_SUPPORTED, "a PIV card decrypts raw RSA blocks only");
        var k = (PivKeyHandle)key.CardKey;
        var data = ciphertext.ToArray();
        return OnCard(() => _driver.RawRsa(k.Slot, k.Spec.SizeBits, data, sensitiveResult: true), CardErrorMapping.Context.Decrypt);
    }

    public byte[] DeriveSharedSecret(PrivateKeyObject key, ReadOnlySpan<byte> peerPublic)
    {
        var k = (PivKeyHandle)key.CardKey;
        var peer = peerPublic.ToArray();
        return OnCard(() => _driver.DeriveEcdh(k.Slot, k.Spec.Curve!, peer));
    }

    /// <summary>Never asked (the description says the card has no RNG); PIV has no GET CHALLENGE.</summary>
    public byte[] GetRandom(int length) =>
        throw new Pkcs11Exception(CKR_RANDOM_NO_RNG, "a PIV card has no GET CHALLENGE");
}
