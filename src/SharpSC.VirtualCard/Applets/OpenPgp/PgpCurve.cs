using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;

namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>The curves this card takes in its algorithm attributes, by the OID bytes of §4.4.3.10 (no tag, no length).</summary>
internal sealed class PgpCurve
{
    private PgpCurve(string name, string oid, byte[] oidBytes, int fieldBytes, bool edwards, bool montgomery)
    {
        Name = name;
        DottedOid = oid;
        OidBytes = oidBytes;
        FieldBytes = fieldBytes;
        IsEd25519 = edwards;
        IsX25519 = montgomery;
    }

    public string Name { get; }
    public string DottedOid { get; }
    public byte[] OidBytes { get; }
    public int FieldBytes { get; }
    public bool IsEd25519 { get; }
    public bool IsX25519 { get; }
    public bool IsWeierstrass => !IsEd25519 && !IsX25519;

    public static readonly PgpCurve NistP256 = new("nistp256", "1.2.840.10045.3.1.7", [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07], 32, false, false);
    public static readonly PgpCurve NistP384 = new("nistp384", "1.3.132.0.34", [0x2B, 0x81, 0x04, 0x00, 0x22], 48, false, false);
    public static readonly PgpCurve NistP521 = new("nistp521", "1.3.132.0.35", [0x2B, 0x81, 0x04, 0x00, 0x23], 66, false, false);

    /// <summary>Ed25519, OID 1.3.6.1.4.1.11591.15.1 (GnuPG's, as OpenPGP cards use it).</summary>
    public static readonly PgpCurve Ed25519 = new("ed25519", "1.3.6.1.4.1.11591.15.1", [0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01], 32, true, false);

    /// <summary>Curve25519 for ECDH (X25519), OID 1.3.6.1.4.1.3029.1.5.1.</summary>
    public static readonly PgpCurve X25519 = new("cv25519", "1.3.6.1.4.1.3029.1.5.1", [0x2B, 0x06, 0x01, 0x04, 0x01, 0x97, 0x55, 0x01, 0x05, 0x01], 32, false, true);

    public static IReadOnlyList<PgpCurve> All { get; } = [NistP256, NistP384, NistP521, Ed25519, X25519];

    public static PgpCurve? FromOid(ReadOnlySpan<byte> oid)
    {
        foreach (var c in All)
            if (c.OidBytes.AsSpan().SequenceEqual(oid)) return c;
        return null;
    }

    /// <summary>Domain parameters of a Weierstrass curve, named so that PKCS#8 (the state file) records the OID.</summary>
    public ECNamedDomainParameters Domain()
    {
        var oid = new DerObjectIdentifier(DottedOid);
        var x9 = ECNamedCurveTable.GetByOid(oid) ?? throw new InvalidOperationException($"no parameters for {Name}");
        return new ECNamedDomainParameters(oid, x9);
    }
}
