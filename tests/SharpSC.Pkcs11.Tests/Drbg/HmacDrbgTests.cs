using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Prng.Drbg;
using SharpSC.Pkcs11.Drbg;

namespace SharpSC.Pkcs11.Tests.Drbg;

/// <summary>
/// Our HMAC_DRBG (NIST SP 800-90A Rev. 1 §10.1.2) against an independent implementation of the same
/// algorithm, BouncyCastle's HMacSP800Drbg: the same entropy, nonce, personalization and additional input
/// must give the same bytes, through instantiation, generation and reseeding.
/// </summary>
public sealed class HmacDrbgTests
{
    /// <summary>Hands out the given entropy inputs in order, as BouncyCastle's DRBG asks for them.</summary>
    private sealed class FixedEntropy(params byte[][] inputs) : IEntropySource
    {
        private readonly Queue<byte[]> _inputs = new(inputs);
        public bool IsPredictionResistant => false;
        public int EntropySize => 256;
        public byte[] GetEntropy() => _inputs.Dequeue();
        public int GetEntropy(Span<byte> output)
        {
            var next = _inputs.Dequeue();
            next.CopyTo(output);
            return next.Length;
        }
    }

    private static byte[] Bytes(int seed, int length)
    {
        var b = new byte[length];
        new System.Random(seed).NextBytes(b);
        return b;
    }

    [Theory]
    [InlineData(32, 0)]
    [InlineData(1, 7)]
    [InlineData(100, 16)]
    [InlineData(32768, 33)]
    public void Gives_the_bytes_an_independent_implementation_gives(int length, int personalizationLength)
    {
        var entropy = Bytes(1, HmacDrbg.EntropyBytes);
        var nonce = Bytes(2, HmacDrbg.NonceBytes);
        var personalization = Bytes(3, personalizationLength);
        var reseedEntropy = Bytes(4, HmacDrbg.EntropyBytes);
        var additional = Bytes(5, 20);

        var ours = new HmacDrbg(entropy, nonce, personalization);
        var reference = new HMacSP800Drbg(new HMac(new Sha256Digest()), 256, new FixedEntropy(entropy, reseedEntropy), personalization, nonce);

        var a = new byte[length];
        var b = new byte[length];
        ours.Generate(a);
        Assert.Equal(length * 8, reference.Generate(b, 0, b.Length, null, false));
        Assert.Equal(b, a);

        ours.Generate(a, additional);
        reference.Generate(b, 0, b.Length, additional, false);
        Assert.Equal(b, a);

        ours.Reseed(reseedEntropy, additional);
        reference.Reseed(additional);
        ours.Generate(a);
        reference.Generate(b, 0, b.Length, null, false);
        Assert.Equal(b, a);
    }

    [Fact]
    public void Refuses_short_entropy_and_requests_over_the_standards_limit()
    {
        Assert.Throws<ArgumentException>(() => new HmacDrbg(new byte[31], new byte[16], []));
        Assert.Throws<ArgumentException>(() => new HmacDrbg(new byte[32], new byte[15], []));
        var drbg = new HmacDrbg(new byte[32], new byte[16], []);
        Assert.Throws<ArgumentOutOfRangeException>(() => drbg.Generate(new byte[HmacDrbg.MaxBytesPerRequest + 1]));
        Assert.Throws<ArgumentException>(() => drbg.Reseed(new byte[8], []));
    }
}
