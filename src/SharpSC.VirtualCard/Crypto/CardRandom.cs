using Org.BouncyCastle.Security;

namespace SharpSC.VirtualCard.Crypto;

/// <summary>The card's random number generator (RandomData.ALG_SECURE_RANDOM, key generation, ECDSA nonces).</summary>
internal static class CardRandom
{
    public static SecureRandom Instance { get; } = new();

    public static byte[] Bytes(int count)
    {
        var b = new byte[count];
        Instance.NextBytes(b);
        return b;
    }
}
