using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace SharpSC.Pkcs11.Drbg;

/// <summary>
/// HMAC_DRBG of NIST SP 800-90A Rev. 1 §10.1.2 with HMAC-SHA-256: security strength 256 bits, at most
/// 2^19 bits per request and 2^48 requests between reseeds (§10.1 Table 2). Not thread-safe; the caller
/// holds a lock. Seeding (entropy and nonce) is the caller's; this class is the mechanism only.
/// </summary>
internal sealed class HmacDrbg
{
    /// <summary>Bytes of entropy input for the security strength (§10.1 Table 2, §8.6.7).</summary>
    public const int EntropyBytes = 32;

    /// <summary>The nonce holds at least half the security strength (§8.6.7).</summary>
    public const int NonceBytes = 16;

    /// <summary>max_number_of_bits_per_request, 2^19 bits (§10.1 Table 2).</summary>
    public const int MaxBytesPerRequest = 1 << 16;

    /// <summary>reseed_interval, 2^48 (§10.1 Table 2).</summary>
    public const long ReseedInterval = 1L << 48;

    private const int OutLen = 32;
    private readonly HMac _hmac = new(new Sha256Digest());
    private readonly byte[] _key = new byte[OutLen];
    private readonly byte[] _v = new byte[OutLen];
    private long _reseedCounter;
    private bool _keyed;

    /// <summary>HMAC_DRBG_Instantiate_algorithm (§10.1.2.3).</summary>
    public HmacDrbg(ReadOnlySpan<byte> entropy, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> personalization)
    {
        if (entropy.Length < EntropyBytes) throw new ArgumentException($"HMAC_DRBG needs {EntropyBytes} bytes of entropy", nameof(entropy));
        if (nonce.Length < NonceBytes) throw new ArgumentException($"HMAC_DRBG needs a {NonceBytes}-byte nonce", nameof(nonce));
        _key.AsSpan().Fill(0x00);
        _v.AsSpan().Fill(0x01);
        Update([.. entropy, .. nonce, .. personalization]);
        _reseedCounter = 1;
    }

    /// <summary>reseed_counter is past reseed_interval: Generate refuses until Reseed (§10.1.2.5 step 1).</summary>
    public bool NeedsReseed => _reseedCounter > ReseedInterval;

    /// <summary>HMAC_DRBG_Reseed_algorithm (§10.1.2.4).</summary>
    public void Reseed(ReadOnlySpan<byte> entropy, ReadOnlySpan<byte> additionalInput)
    {
        if (entropy.Length < EntropyBytes) throw new ArgumentException($"HMAC_DRBG needs {EntropyBytes} bytes of entropy", nameof(entropy));
        Update([.. entropy, .. additionalInput]);
        _reseedCounter = 1;
    }

    /// <summary>HMAC_DRBG_Generate_algorithm (§10.1.2.5) for one request of at most <see cref="MaxBytesPerRequest"/>.</summary>
    public void Generate(Span<byte> output, ReadOnlySpan<byte> additionalInput = default)
    {
        if (output.Length > MaxBytesPerRequest) throw new ArgumentOutOfRangeException(nameof(output), "more than one request's worth of bits");
        if (NeedsReseed) throw new InvalidOperationException("HMAC_DRBG must be reseeded");
        if (!additionalInput.IsEmpty) Update(additionalInput);
        for (var done = 0; done < output.Length; done += OutLen)
        {
            Mac([], [], _v);
            _v.AsSpan(0, Math.Min(OutLen, output.Length - done)).CopyTo(output[done..]);
        }
        Update(additionalInput);
        _reseedCounter++;
    }

    /// <summary>HMAC_DRBG_Update (§10.1.2.2).</summary>
    private void Update(ReadOnlySpan<byte> provided)
    {
        Mac([0x00], provided, _key);
        Mac([], [], _v);
        if (provided.IsEmpty) return;
        Mac([0x01], provided, _key);
        Mac([], [], _v);
    }

    // output = HMAC(Key, V || separator || data). The MAC is keyed again only when Key changed: DoFinal leaves
    // it ready for the same key, which is what Generate's loop needs.
    private void Mac(ReadOnlySpan<byte> separator, ReadOnlySpan<byte> data, byte[] output)
    {
        if (!_keyed)
        {
            _hmac.Init(new KeyParameter(_key));
            _keyed = true;
        }
        _hmac.BlockUpdate(_v);
        _hmac.BlockUpdate(separator);
        _hmac.BlockUpdate(data);
        _hmac.DoFinal(output, 0);
        if (ReferenceEquals(output, _key)) _keyed = false;
    }
}
