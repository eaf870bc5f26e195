using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Utilities;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Crypto;

/// <summary>
/// Prime-field curve parameters as the applet receives them (tags 81 p, 82 a, 83 b, 84 G, 85 order,
/// 87 cofactor). The field length comes from the length of p: 24, 28, 32, 40, 48, 64 or 66 bytes
/// (192, 224, 256, 320, 384, 512, 521 bits, the applet's getEcFpFieldLength); other lengths answer 6A81.
/// Any valid curve of those sizes works, as on a card; known ones are recognised (their OID goes into PKCS#8).
/// </summary>
internal sealed class EcCurve
{
    private static readonly Lazy<IReadOnlyList<(string Name, DerObjectIdentifier Oid, X9ECParameters X9)>> NamedCurves = new(LoadNamedCurves);

    private EcCurve(ECDomainParameters domain, int fieldBits)
    {
        Domain = domain;
        FieldBits = fieldBits;
        FieldBytes = (fieldBits + 7) / 8;
    }

    public ECDomainParameters Domain { get; }
    public int FieldBits { get; }
    public int FieldBytes { get; }

    /// <summary>True when the parameters are a known named curve (stored with its OID).</summary>
    public bool IsNamed => Domain is ECNamedDomainParameters;

    /// <summary>Field length in bits for a prime of <paramref name="bytes"/> bytes, or null (6A81).</summary>
    public static int? FieldBitsForPrimeLength(int bytes) => bytes switch
    {
        24 => 192,
        28 => 224,
        32 => 256,
        40 => 320,
        48 => 384,
        64 => 512,
        66 => 521,
        _ => null,
    };

    /// <summary>The field length of the prime tag (81) in a parameter list; 6984 when absent, 6A81 when unsupported.</summary>
    public static int FieldBitsOf(byte[] buf, int offset, int length)
    {
        var pos = AppletTlv.FindTag(buf, offset, length, 0x81);
        if (pos < 0 || !AppletTlv.TryDecodeLength(buf, pos + 1, out var pLength))
            throw IsoException.Of(StatusWords.DataInvalid);
        return FieldBitsForPrimeLength(pLength) ?? throw IsoException.Of(StatusWords.FunctionNotSupported);
    }

    /// <summary>
    /// Reads and checks the curve parameters (IsoApplet initEcParams + genKeyPair): a missing or malformed
    /// tag or a cofactor not of 1 or 2 bytes answers 6984, a value longer than the field is a CryptoException
    /// the applet does not catch (6F00), and parameters that do not form a curve answer 6984.
    /// </summary>
    public static EcCurve Parse(byte[] buf, int offset, int length, int fieldBits)
    {
        var fieldBytes = (fieldBits + 7) / 8;
        var p = Integer(buf, offset, length, 0x81, fieldBytes);
        var a = Integer(buf, offset, length, 0x82, fieldBytes);
        var b = Integer(buf, offset, length, 0x83, fieldBytes);
        var g = Value(buf, offset, length, 0x84);
        if (g.Length > 2 * fieldBytes + 1) throw new AppletFaultException($"EC base point of {g.Length} bytes for a {fieldBits}-bit key (CryptoException)");
        var n = Integer(buf, offset, length, 0x85, fieldBytes + 1);
        var k = Value(buf, offset, length, 0x87);
        if (k.Length is not (1 or 2)) throw IsoException.Of(StatusWords.DataInvalid);
        var h = new BigInteger(1, k);
        return Build(p, a, b, g, n, h, fieldBits) ?? throw IsoException.Of(StatusWords.DataInvalid);
    }

    /// <summary>Rebuilds the curve of a key loaded from the state file.</summary>
    public static EcCurve FromDomain(ECDomainParameters domain)
    {
        var p = domain.Curve.Field.Characteristic;
        var bits = FieldBitsForPrimeLength((p.BitLength + 7) / 8)
            ?? throw new InvalidDataException($"EC key over a {p.BitLength}-bit field is not supported");
        return new EcCurve(domain, bits);
    }

    private static EcCurve? Build(BigInteger p, BigInteger a, BigInteger b, byte[] g, BigInteger n, BigInteger h, int fieldBits)
    {
        try
        {
            if (p.SignValue <= 0 || p.BitLength > fieldBits || !p.IsProbablePrime(40)) return null;
            if (a.CompareTo(p) >= 0 || b.CompareTo(p) >= 0 || n.SignValue <= 0 || !n.IsProbablePrime(40) || h.SignValue <= 0) return null;
            var discriminant = a.ModPow(BigInteger.Three, p).Multiply(BigInteger.ValueOf(4))
                .Add(b.Square().Multiply(BigInteger.ValueOf(27))).Mod(p);
            if (discriminant.SignValue == 0) return null;
            var curve = new FpCurve(p, a, b, n, h);
            var point = curve.DecodePoint(g);
            if (point.IsInfinity || !point.IsValid() || !point.Multiply(n).IsInfinity) return null;
            foreach (var (name, oid, x9) in NamedCurves.Value)
            {
                if (x9.Curve.Equals(curve) && x9.G.Equals(point) && x9.N.Equals(n) && x9.H.Equals(h))
                    return new EcCurve(new ECNamedDomainParameters(oid, x9), fieldBits);
            }
            return new EcCurve(new ECDomainParameters(curve, point, n, h), fieldBits);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static BigInteger Integer(byte[] buf, int offset, int length, byte tag, int maxBytes)
    {
        var v = Value(buf, offset, length, tag);
        if (v.Length > maxBytes) throw new AppletFaultException($"EC parameter {tag:X2} of {v.Length} bytes exceeds the field (CryptoException)");
        return new BigInteger(1, v);
    }

    private static byte[] Value(byte[] buf, int offset, int length, byte tag) =>
        AppletTlv.TryGetValue(buf, offset, length, tag, out var o, out var l)
            ? buf.AsSpan(o, l).ToArray()
            : throw IsoException.Of(StatusWords.DataInvalid);

    /// <summary>A field element or the order, big-endian, left-padded to the field length.</summary>
    public byte[] Pad(BigInteger value) => BigIntegers.AsUnsignedByteArray(FieldBytes, value);

    private static IReadOnlyList<(string, DerObjectIdentifier, X9ECParameters)> LoadNamedCurves()
    {
        var list = new List<(string, DerObjectIdentifier, X9ECParameters)>();
        foreach (var name in ECNamedCurveTable.Names)
        {
            var x9 = ECNamedCurveTable.GetByName(name);
            var oid = ECNamedCurveTable.GetOid(name);
            if (x9 == null || oid == null || x9.Curve is not FpCurve fp) continue;
            if (FieldBitsForPrimeLength((fp.Q.BitLength + 7) / 8) == null) continue;
            list.Add((name, oid, x9));
        }
        return list;
    }
}
