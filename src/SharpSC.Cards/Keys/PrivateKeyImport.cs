using System.Security.Cryptography;

namespace SharpSC.Cards.Keys;

/// <summary>Private key material to import; <see cref="Clear"/> zeroes it (the caller owns the arrays).</summary>
public abstract record PrivateKeyImport(KeyAlgorithm Algorithm)
{
    public abstract void Clear();
}

/// <summary>RSA private key in CRT form (PKCS#1 RSAPrivateKey fields), big-endian.</summary>
public sealed record RsaPrivateKeyImport(int ModulusBits, byte[] P, byte[] Q, byte[] DP, byte[] DQ, byte[] QInv) : PrivateKeyImport(KeyAlgorithm.Rsa)
{
    public override void Clear()
    {
        CryptographicOperations.ZeroMemory(P);
        CryptographicOperations.ZeroMemory(Q);
        CryptographicOperations.ZeroMemory(DP);
        CryptographicOperations.ZeroMemory(DQ);
        CryptographicOperations.ZeroMemory(QInv);
    }
}

/// <summary>EC private key: curve and private scalar D, big-endian.</summary>
public sealed record EcPrivateKeyImport(EcCurve Curve, byte[] D) : PrivateKeyImport(KeyAlgorithm.Ec)
{
    public override void Clear() => CryptographicOperations.ZeroMemory(D);
}
