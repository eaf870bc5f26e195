using Org.BouncyCastle.Crypto.Prng;
using SharpSC.Diagnostics;

namespace SharpSC.Pkcs11.Drbg;

/// <summary>BouncyCastle's random-generator interface over <see cref="SystemRandom"/> (its default goes through OpenSSL).</summary>
internal sealed class SystemRandomGenerator : IRandomGenerator
{
    public void AddSeedMaterial(byte[] seed)
    {
    }

    public void AddSeedMaterial(ReadOnlySpan<byte> seed)
    {
    }

    public void AddSeedMaterial(long seed)
    {
    }

    public void NextBytes(byte[] bytes) => SystemRandom.Fill(bytes);

    public void NextBytes(byte[] bytes, int start, int len) => SystemRandom.Fill(bytes.AsSpan(start, len));

    public void NextBytes(Span<byte> bytes) => SystemRandom.Fill(bytes);
}
