namespace SharpSC.Cards.Keys;

/// <summary>A public key as the card returned it after key generation.</summary>
public abstract record PublicKeyInfo(KeyAlgorithm Algorithm);

/// <summary>RSA public key: big-endian modulus and public exponent (leading zeros removed).</summary>
public sealed record RsaPublicKeyInfo(byte[] Modulus, byte[] Exponent) : PublicKeyInfo(KeyAlgorithm.Rsa)
{
    public int ModulusBits => Modulus.Length * 8;
}

/// <summary>EC public key: the curve and the uncompressed point 04 || X || Y (PKCS#11 CKA_EC_POINT wraps it in an OCTET STRING).</summary>
public sealed record EcPublicKeyInfo(EcCurve Curve, byte[] Point) : PublicKeyInfo(KeyAlgorithm.Ec);
