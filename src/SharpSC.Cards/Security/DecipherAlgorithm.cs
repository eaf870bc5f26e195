namespace SharpSC.Cards.Security;

/// <summary>What the card does on Decipher.</summary>
public enum DecipherAlgorithm
{
    /// <summary>RSA PKCS#1 v1.5: input is the ciphertext (modulus size); the card removes the padding and returns the message.</summary>
    RsaPkcs1,

    /// <summary>Raw RSA (RFC 8017 RSADP): the card returns the whole block; the host removes the padding.</summary>
    RsaRaw,
}
