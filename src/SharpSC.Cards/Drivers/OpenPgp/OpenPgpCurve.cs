using SharpSC.Cards.Keys;

namespace SharpSC.Cards.Drivers.OpenPgp;

/// <summary>How a curve's keys are used: Weierstrass (ECDSA/ECDH with 04||X||Y points), Ed25519, Curve25519 (X25519), or a curve the driver knows only by name.</summary>
public enum OpenPgpCurveKind
{
    Weierstrass,
    Ed25519,
    X25519,
    Unsupported,
}

/// <summary>
/// A curve as algorithm attributes name it: the OID bytes without tag and length (§4.4.3.10). The NIST,
/// brainpool and secp256k1 curves map to <see cref="EcCurve"/>; 25519 curves carry GnuPG's OIDs.
/// </summary>
public sealed record OpenPgpCurve(string Name, byte[] OidBytes, OpenPgpCurveKind Kind, int FieldBits, EcCurve? Weierstrass)
{
    public int FieldBytes => (FieldBits + 7) / 8;

    /// <summary>The OID as DER (06 len bytes), as in CKA_EC_PARAMS.</summary>
    public byte[] OidDer => [0x06, (byte)OidBytes.Length, .. OidBytes];

    public static OpenPgpCurve Ed25519 { get; } = new("ed25519", [0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01], OpenPgpCurveKind.Ed25519, 255, null);

    /// <summary>Curve25519 for ECDH, OID 1.3.6.1.4.1.3029.1.5.1 (GnuPG's "cv25519").</summary>
    public static OpenPgpCurve X25519 { get; } = new("cv25519", [0x2B, 0x06, 0x01, 0x04, 0x01, 0x97, 0x55, 0x01, 0x05, 0x01], OpenPgpCurveKind.X25519, 255, null);

    /// <summary>Ed448 (1.3.101.113) and X448 (1.3.101.111): named for messages, not used by this driver.</summary>
    public static OpenPgpCurve Ed448 { get; } = new("ed448", [0x2B, 0x65, 0x71], OpenPgpCurveKind.Unsupported, 448, null);

    public static OpenPgpCurve X448 { get; } = new("x448", [0x2B, 0x65, 0x6F], OpenPgpCurveKind.Unsupported, 448, null);

    public static OpenPgpCurve NistP256 { get; } = FromEcCurve(EcCurves.Secp256r1, "nistp256");
    public static OpenPgpCurve NistP384 { get; } = FromEcCurve(EcCurves.Secp384r1, "nistp384");
    public static OpenPgpCurve NistP521 { get; } = FromEcCurve(EcCurves.Secp521r1, "nistp521");

    public static IReadOnlyList<OpenPgpCurve> All { get; } =
    [
        NistP256, NistP384, NistP521, Ed25519, X25519,
        FromEcCurve(EcCurves.BrainpoolP256r1, "brainpoolP256r1"),
        FromEcCurve(EcCurves.BrainpoolP384r1, "brainpoolP384r1"),
        FromEcCurve(EcCurves.BrainpoolP512r1, "brainpoolP512r1"),
        FromEcCurve(EcCurves.Secp256k1, "secp256k1"),
        Ed448, X448,
    ];

    public static OpenPgpCurve? FromOid(ReadOnlySpan<byte> oid)
    {
        foreach (var c in All)
            if (c.OidBytes.AsSpan().SequenceEqual(oid)) return c;
        return null;
    }

    /// <summary>By name as tools spell it: "nistp256", "P-256", "prime256v1", "ed25519", "cv25519", "x25519".</summary>
    public static OpenPgpCurve? FromName(string name)
    {
        var n = name.ToLowerInvariant();
        if (n is "x25519" or "curve25519" or "cv25519") return X25519;
        foreach (var c in All)
        {
            if (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) return c;
            if (c.Weierstrass is { } w && (string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase)
                || w.Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase))))
                return c;
        }
        return null;
    }

    public override string ToString() => Name;

    private static OpenPgpCurve FromEcCurve(EcCurve curve, string name) =>
        new(name, curve.OidDer[2..], OpenPgpCurveKind.Weierstrass, curve.FieldBits, curve);
}
