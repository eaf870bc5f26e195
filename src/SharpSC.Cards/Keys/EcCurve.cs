using System.Globalization;
using SharpSC.Cards.Apdu;

namespace SharpSC.Cards.Keys;

/// <summary>A prime-field curve y² = x³ + ax + b with its domain parameters (big-endian, field-size bytes).</summary>
public sealed class EcCurve
{
    public EcCurve(string name, string oid, int fieldBits, string[] aliases, string p, string a, string b, string g, string n, string h)
    {
        Name = name;
        Oid = oid;
        FieldBits = fieldBits;
        Aliases = aliases;
        P = Hex.Decode(p);
        A = Hex.Decode(a);
        B = Hex.Decode(b);
        G = Hex.Decode(g);
        N = Hex.Decode(n);
        H = Hex.Decode(h);
        OidDer = EncodeOid(oid);
    }

    public string Name { get; }

    /// <summary>Dotted object identifier.</summary>
    public string Oid { get; }

    /// <summary>The DER OBJECT IDENTIFIER (06 len ...), as in PKCS#11 CKA_EC_PARAMS and X.509.</summary>
    public byte[] OidDer { get; }

    public IReadOnlyList<string> Aliases { get; }

    /// <summary>Field size in bits (521 for secp521r1).</summary>
    public int FieldBits { get; }

    /// <summary>Bytes of a field element and of each half of an uncompressed point.</summary>
    public int FieldBytes => (FieldBits + 7) / 8;

    public byte[] P { get; }
    public byte[] A { get; }
    public byte[] B { get; }

    /// <summary>Base point, uncompressed (04 || x || y).</summary>
    public byte[] G { get; }

    /// <summary>Order of G.</summary>
    public byte[] N { get; }

    /// <summary>Cofactor.</summary>
    public byte[] H { get; }

    /// <summary>Bytes of an uncompressed point 04 || X || Y.</summary>
    public int PointBytes => 1 + 2 * FieldBytes;

    public override string ToString() => Name;

    private static byte[] EncodeOid(string dotted)
    {
        var arcs = dotted.Split('.').Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var body = new List<byte>();
        AppendBase128(body, arcs[0] * 40 + arcs[1]);
        for (var i = 2; i < arcs.Length; i++)
            AppendBase128(body, arcs[i]);
        return [0x06, (byte)body.Count, .. body];
    }

    private static void AppendBase128(List<byte> output, ulong value)
    {
        Span<byte> tmp = stackalloc byte[10];
        var n = 0;
        do
        {
            tmp[n++] = (byte)(value & 0x7F);
            value >>= 7;
        } while (value != 0);
        for (var i = n - 1; i >= 0; i--)
            output.Add((byte)(tmp[i] | (i > 0 ? 0x80 : 0)));
    }
}
