using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>
/// Key usage as OpenSC's pkcs15-init sets it (pkcs15-lib.c x509_to_pkcs15_private/public_key_usage): the
/// private key's usage from the names a user gives, and the public key's usage that goes with it.
/// </summary>
public static class KeyUsages
{
    /// <summary>Private key usage per name: OpenSC's --key-usage short names and the X.509 keyUsage bits.</summary>
    private static readonly (string Name, KeyUsageFlags Usage)[] Names =
    [
        ("sign", KeyUsageFlags.Sign | KeyUsageFlags.SignRecover),
        ("decrypt", KeyUsageFlags.Decrypt | KeyUsageFlags.Unwrap),
        ("derive", KeyUsageFlags.Derive),
        ("nonRepudiation", KeyUsageFlags.NonRepudiation),
        ("digitalSignature", KeyUsageFlags.Sign | KeyUsageFlags.SignRecover),
        ("keyEncipherment", KeyUsageFlags.Unwrap),
        ("dataEncipherment", KeyUsageFlags.Decrypt),
        ("keyAgreement", KeyUsageFlags.Derive),
        ("keyCertSign", KeyUsageFlags.Sign | KeyUsageFlags.SignRecover),
        ("cRLSign", KeyUsageFlags.Sign | KeyUsageFlags.SignRecover),
    ];

    /// <summary>The names <see cref="Parse"/> accepts.</summary>
    public static IEnumerable<string> KnownNames => Names.Select(n => n.Name);

    /// <summary>Default private key usage: RSA signs and decrypts; EC signs.</summary>
    public static KeyUsageFlags DefaultFor(KeyAlgorithm algorithm) => algorithm == KeyAlgorithm.Rsa
        ? KeyUsageFlags.Sign | KeyUsageFlags.SignRecover | KeyUsageFlags.Decrypt | KeyUsageFlags.Unwrap
        : KeyUsageFlags.Sign | KeyUsageFlags.SignRecover;

    /// <summary>"sign,decrypt" and the like (case-insensitive, comma-separated).</summary>
    /// <exception cref="ArgumentException">An unknown or empty name.</exception>
    public static KeyUsageFlags Parse(string names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var usage = KeyUsageFlags.None;
        foreach (var raw in names.Split(',', StringSplitOptions.TrimEntries))
        {
            var match = Names.FirstOrDefault(n => string.Equals(n.Name, raw, StringComparison.OrdinalIgnoreCase));
            if (match.Name is null)
                throw new ArgumentException($"unknown key usage '{raw}' (known: {string.Join(", ", KnownNames)})", nameof(names));
            usage |= match.Usage;
        }
        return usage;
    }

    /// <summary>The public key usage that goes with a private key usage (sign → verify, decrypt → encrypt, unwrap → wrap ...).</summary>
    public static KeyUsageFlags PublicFor(KeyUsageFlags privateUsage)
    {
        var usage = KeyUsageFlags.None;
        if ((privateUsage & KeyUsageFlags.Sign) != 0) usage |= KeyUsageFlags.Verify;
        if ((privateUsage & KeyUsageFlags.SignRecover) != 0) usage |= KeyUsageFlags.VerifyRecover;
        if ((privateUsage & KeyUsageFlags.Decrypt) != 0) usage |= KeyUsageFlags.Encrypt;
        if ((privateUsage & KeyUsageFlags.Unwrap) != 0) usage |= KeyUsageFlags.Wrap;
        usage |= privateUsage & (KeyUsageFlags.Derive | KeyUsageFlags.NonRepudiation);
        return usage;
    }

    /// <summary>EC keys on IsoApplet only sign: usages that need RSA are refused early.</summary>
    public static KeyUsageFlags CheckFor(KeyAlgorithm algorithm, KeyUsageFlags usage)
    {
        if (usage == KeyUsageFlags.None)
            throw new PersonalisationException(PersonalisationError.InvalidRequest, "a key needs at least one usage");
        if (algorithm == KeyAlgorithm.Ec && (usage & (KeyUsageFlags.Decrypt | KeyUsageFlags.Unwrap | KeyUsageFlags.Encrypt | KeyUsageFlags.Wrap)) != 0)
            throw new PersonalisationException(PersonalisationError.NotSupported, "EC keys cannot decrypt or unwrap (use sign or derive)");
        return usage;
    }
}
