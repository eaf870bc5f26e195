using System.Buffers.Binary;
using System.Security.Cryptography;
using SharpSC.Pkcs11.Tokens;

namespace SharpSC.Pkcs11.Drbg;

/// <summary>
/// C_GenerateRandom and C_SeedRandom of one token (PKCS#11 3.0 §5.15): an HMAC_DRBG (NIST SP 800-90A Rev. 1
/// §10.1.2) whose entropy input is the card's GET CHALLENGE, where the card has a random number generator,
/// followed by the operating system's entropy. Any length is served in requests of 64 KiB with one card
/// exchange at instantiation and one per reseed, instead of one GET CHALLENGE per 256 bytes.
/// </summary>
internal sealed class TokenRandom
{
    // Reseed (from the card and the OS) after this many requests: every 4 GiB of output, far inside the 2^48
    // requests SP 800-90A §10.1 Table 2 allows, so a long-lived host keeps taking fresh card entropy.
    private const long RequestsPerSeed = 1 << 16;

    private readonly object _gate = new();
    private HmacDrbg? _drbg;
    private long _requests;

    public void Fill(Token token, Span<byte> output)
    {
        lock (_gate)
        {
            var drbg = _drbg ??= Instantiate(token, []);
            while (!output.IsEmpty)
            {
                if (_requests >= RequestsPerSeed || drbg.NeedsReseed) Reseed(drbg, token, []);
                var n = Math.Min(output.Length, HmacDrbg.MaxBytesPerRequest);
                drbg.Generate(output[..n]);
                _requests++;
                output = output[n..];
            }
        }
    }

    /// <summary>
    /// C_SeedRandom mixes the caller's bytes in: they are the additional input of a reseed (SP 800-90A §10.1.2.4),
    /// or part of the personalization string if nothing was generated yet (§10.1.2.3), and never count as entropy.
    /// </summary>
    public void Seed(Token token, ReadOnlySpan<byte> seed)
    {
        lock (_gate)
        {
            if (_drbg == null) _drbg = Instantiate(token, seed);
            else Reseed(_drbg, token, seed);
        }
    }

    private HmacDrbg Instantiate(Token token, ReadOnlySpan<byte> callerSeed)
    {
        // Entropy input and nonce both come from the entropy sources (§8.6.7); the personalization string
        // (§8.7.1) tells this process and token apart from every other instantiation.
        var entropy = Entropy(token, HmacDrbg.EntropyBytes + HmacDrbg.NonceBytes);
        try
        {
            var personalization = new byte[24];
            BinaryPrimitives.WriteInt32BigEndian(personalization, Module.ProcessId.Current);
            BinaryPrimitives.WriteUInt64BigEndian(personalization.AsSpan(4), token.Slot.Id);
            BinaryPrimitives.WriteInt64BigEndian(personalization.AsSpan(12), DateTime.UtcNow.Ticks);
            var nonceStart = entropy.Length - HmacDrbg.NonceBytes;
            _requests = 0;
            return new HmacDrbg(entropy.AsSpan(0, nonceStart), entropy.AsSpan(nonceStart), [.. personalization, .. callerSeed]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(entropy);
        }
    }

    private void Reseed(HmacDrbg drbg, Token token, ReadOnlySpan<byte> additionalInput)
    {
        var entropy = Entropy(token, HmacDrbg.EntropyBytes);
        try
        {
            drbg.Reseed(entropy, additionalInput);
            _requests = 0;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(entropy);
        }
    }

    /// <summary><paramref name="bytes"/> from the card's generator (when it has one) followed by as many from the OS.</summary>
    private static byte[] Entropy(Token token, int bytes)
    {
        var fromCard = token.Description.Capabilities.Rng ? token.WithCard(d => d.GetRandom(bytes)) : [];
        var entropy = new byte[fromCard.Length + bytes];
        fromCard.CopyTo(entropy, 0);
        CryptographicOperations.ZeroMemory(fromCard);
        SharpSC.Diagnostics.SystemRandom.Fill(entropy.AsSpan(fromCard.Length));
        return entropy;
    }
}
