using System.Globalization;
using SharpSC.Cards.Apdu;

namespace SharpSC.Cards.Drivers.OpenPgp;

/// <summary>What algorithm attributes say a key is.</summary>
public enum OpenPgpAlgorithm
{
    Rsa,
    Ecdsa,
    Ecdh,
    EdDsa,

    /// <summary>An algorithm ID or curve this driver does not know: shown as such, never used.</summary>
    Unknown,
}

/// <summary>
/// Algorithm attributes of one key (DO C1-C3, §4.4.3.10), parsed from what the card says without trusting it:
/// unknown algorithm IDs or curves become <see cref="OpenPgpAlgorithm.Unknown"/> with the raw bytes kept, never an
/// exception. RSA: 01 | modulus bits | exponent bits | [import format]; ECC: ID | curve OID | [00/FF].
/// </summary>
public sealed record AlgorithmAttributes
{
    private AlgorithmAttributes(byte[] raw, OpenPgpAlgorithm algorithm)
    {
        Raw = raw;
        Algorithm = algorithm;
    }

    public byte[] Raw { get; }
    public OpenPgpAlgorithm Algorithm { get; }
    public int ModulusBits { get; private init; }
    public int ExponentBits { get; private init; }
    public byte ImportFormat { get; private init; }
    public OpenPgpCurve? Curve { get; private init; }

    /// <summary>ECC: the private key import template carries the public key too (trailing FF).</summary>
    public bool ImportWithPublicKey { get; private init; }

    public bool IsRsa => Algorithm == OpenPgpAlgorithm.Rsa;
    public bool IsEcc => Algorithm is OpenPgpAlgorithm.Ecdsa or OpenPgpAlgorithm.Ecdh or OpenPgpAlgorithm.EdDsa;
    public bool IsKnown => Algorithm != OpenPgpAlgorithm.Unknown;

    /// <summary>RSA with e = 65537 (17 bits), the import format given (default: standard, as GnuPG writes).</summary>
    public static AlgorithmAttributes Rsa(int modulusBits, byte importFormat = OpenPgpSpec.RsaImportFormat.Standard) =>
        Parse([OpenPgpSpec.Algorithm.Rsa, (byte)(modulusBits >> 8), (byte)modulusBits, 0x00, 0x11, importFormat]);

    /// <summary>ECC on a curve: ECDSA, ECDH or EdDSA by the key's use (ECDH for the decryption key).</summary>
    public static AlgorithmAttributes Ecc(OpenPgpAlgorithm algorithm, OpenPgpCurve curve)
    {
        var id = algorithm switch
        {
            OpenPgpAlgorithm.Ecdsa => OpenPgpSpec.Algorithm.Ecdsa,
            OpenPgpAlgorithm.Ecdh => OpenPgpSpec.Algorithm.Ecdh,
            OpenPgpAlgorithm.EdDsa => OpenPgpSpec.Algorithm.EdDsa,
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not an ECC algorithm"),
        };
        return Parse([id, .. curve.OidBytes]);
    }

    /// <summary>
    /// Attributes for a key from a tool's name: "rsa2048", "rsa3072", "rsa4096", "nistp256" (P-256, ...),
    /// "ed25519", "cv25519"/"x25519". ECC on the decryption key is ECDH; elsewhere ECDSA or EdDSA.
    /// </summary>
    public static AlgorithmAttributes? FromName(string name, OpenPgpKeyRef key)
    {
        var n = name.Trim().ToLowerInvariant().Replace("/", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (n.StartsWith("rsa", StringComparison.Ordinal) && int.TryParse(n[3..], NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
            && bits is >= 1024 and <= 8192 && bits % 8 == 0)
            return Rsa(bits);
        var curve = OpenPgpCurve.FromName(name.Trim()) ?? OpenPgpCurve.FromName(n);
        if (curve == null || curve.Kind == OpenPgpCurveKind.Unsupported) return null;
        return (curve.Kind, key) switch
        {
            (OpenPgpCurveKind.Ed25519, not OpenPgpKeyRef.Decryption) => Ecc(OpenPgpAlgorithm.EdDsa, curve),
            (OpenPgpCurveKind.X25519, OpenPgpKeyRef.Decryption) => Ecc(OpenPgpAlgorithm.Ecdh, curve),
            (OpenPgpCurveKind.Weierstrass, OpenPgpKeyRef.Decryption) => Ecc(OpenPgpAlgorithm.Ecdh, curve),
            (OpenPgpCurveKind.Weierstrass, _) => Ecc(OpenPgpAlgorithm.Ecdsa, curve),
            _ => null,
        };
    }

    /// <summary>Parses attributes as a card answered them; never throws.</summary>
    public static AlgorithmAttributes Parse(ReadOnlySpan<byte> raw)
    {
        var bytes = raw.ToArray();
        if (bytes.Length == 0) return new AlgorithmAttributes(bytes, OpenPgpAlgorithm.Unknown);
        switch (bytes[0])
        {
            case OpenPgpSpec.Algorithm.Rsa:
                if (bytes.Length is < 5 or > 6) return new AlgorithmAttributes(bytes, OpenPgpAlgorithm.Unknown);
                var modulus = bytes[1] << 8 | bytes[2];
                var exponent = bytes[3] << 8 | bytes[4];
                var format = bytes.Length == 6 ? bytes[5] : OpenPgpSpec.RsaImportFormat.Standard;
                if (modulus is < 512 or > 16384 || exponent is < 2 or > 256 || format > 3)
                    return new AlgorithmAttributes(bytes, OpenPgpAlgorithm.Unknown);
                return new AlgorithmAttributes(bytes, OpenPgpAlgorithm.Rsa) { ModulusBits = modulus, ExponentBits = exponent, ImportFormat = format };
            case OpenPgpSpec.Algorithm.Ecdsa or OpenPgpSpec.Algorithm.Ecdh or OpenPgpSpec.Algorithm.EdDsa:
                var oidLength = bytes.Length - 1;
                var withPublicKey = false;
                if (oidLength > 1 && bytes[^1] is 0x00 or 0xFF && OpenPgpCurve.FromOid(bytes.AsSpan(1, oidLength)) == null)
                {
                    withPublicKey = bytes[^1] == 0xFF;
                    oidLength--;
                }
                var curve = OpenPgpCurve.FromOid(bytes.AsSpan(1, oidLength));
                var algorithm = bytes[0] switch
                {
                    OpenPgpSpec.Algorithm.Ecdsa => OpenPgpAlgorithm.Ecdsa,
                    OpenPgpSpec.Algorithm.Ecdh => OpenPgpAlgorithm.Ecdh,
                    _ => OpenPgpAlgorithm.EdDsa,
                };
                var fits = curve != null && (curve.Kind, algorithm) switch
                {
                    (OpenPgpCurveKind.Weierstrass, OpenPgpAlgorithm.Ecdsa or OpenPgpAlgorithm.Ecdh) => true,
                    (OpenPgpCurveKind.Ed25519, OpenPgpAlgorithm.EdDsa) => true,
                    (OpenPgpCurveKind.X25519, OpenPgpAlgorithm.Ecdh) => true,
                    _ => false,
                };
                return fits
                    ? new AlgorithmAttributes(bytes, algorithm) { Curve = curve, ImportWithPublicKey = withPublicKey }
                    : new AlgorithmAttributes(bytes, OpenPgpAlgorithm.Unknown) { Curve = curve };
            default:
                return new AlgorithmAttributes(bytes, OpenPgpAlgorithm.Unknown);
        }
    }

    /// <summary>Key size: RSA modulus bits or the curve's field bits (0 when unknown).</summary>
    public int SizeBits => IsRsa ? ModulusBits : Curve?.FieldBits ?? 0;

    /// <summary>Bytes of a signature made with this key (RSA: modulus; ECDSA: r || s; EdDSA: R || S).</summary>
    public int SignatureLength => Algorithm switch
    {
        OpenPgpAlgorithm.Rsa => (ModulusBits + 7) / 8,
        OpenPgpAlgorithm.Ecdsa => 2 * Curve!.FieldBytes,
        OpenPgpAlgorithm.EdDsa => 64,
        _ => 0,
    };

    /// <summary>Same key type as <paramref name="other"/> (a card keeps the key when only details differ).</summary>
    public bool SameKeyType(AlgorithmAttributes other) =>
        Algorithm == other.Algorithm && ModulusBits == other.ModulusBits && Curve == other.Curve;

    /// <summary>As GnuPG names it: "rsa2048", "nistp256", "ed25519", "cv25519", or "unknown (hex)".</summary>
    public override string ToString() => Algorithm switch
    {
        OpenPgpAlgorithm.Rsa => string.Create(CultureInfo.InvariantCulture, $"rsa{ModulusBits}"),
        OpenPgpAlgorithm.Unknown => $"unknown ({Hex.Encode(Raw)})",
        _ => Curve!.Name,
    };
}
