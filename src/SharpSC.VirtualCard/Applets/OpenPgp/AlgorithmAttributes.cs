using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>
/// Algorithm attributes of one key (DO C1/C2/C3, §4.4.3.10), as the card accepts them in PUT DATA.
/// RSA: 01 | modulus bits (2) | public exponent bits (2) | import format (optional; 00 e,p,q; 01 with n;
/// 02 CRT; 03 CRT with n). ECC: algorithm ID | curve OID | optional 00/FF ("public key in the import").
/// This card takes RSA-2048/3072/4096; ECDSA on P-256/384/521 and EdDSA (Ed25519) for the signature and
/// authentication keys; ECDH on those NIST curves and X25519 for the decryption key.
/// Exponent lengths of 17 to 32 bits are accepted: OpenSC 0.23 writes 0x0020, and so does GnuPG when it switches
/// a key from ECC back to RSA; keys are always generated with e = 65537 whatever the attributes say, and the
/// attributes are kept as written so that a host reads back what it wrote.
/// </summary>
internal sealed class AlgorithmAttributes
{
    public static readonly int[] RsaSizes = [2048, 3072, 4096];
    public const int MinExponentBits = 17, MaxExponentBits = 32;

    private AlgorithmAttributes(byte[] raw, byte algorithm, int modulusBits, int exponentBits, byte importFormat, PgpCurve? curve, bool withPublicKey)
    {
        Raw = raw;
        AlgorithmId = algorithm;
        ModulusBits = modulusBits;
        ExponentBits = exponentBits;
        ImportFormat = importFormat;
        Curve = curve;
        ImportWithPublicKey = withPublicKey;
    }

    /// <summary>The bytes as written (GET DATA answers them unchanged).</summary>
    public byte[] Raw { get; }

    public byte AlgorithmId { get; }
    public bool IsRsa => AlgorithmId == PgpSpec.Algorithm.Rsa;
    public int ModulusBits { get; }
    public int ExponentBits { get; }
    public byte ImportFormat { get; }
    public PgpCurve? Curve { get; }
    public bool ImportWithPublicKey { get; }

    public static AlgorithmAttributes Rsa(int bits) => Parse([PgpSpec.Algorithm.Rsa, (byte)(bits >> 8), (byte)bits, 0x00, 0x11, 0x00], KeySlot.Signature);

    public static AlgorithmAttributes Ecc(byte algorithm, PgpCurve curve, KeySlot slot) => Parse([algorithm, .. curve.OidBytes], slot);

    /// <summary>Checks attributes written to <paramref name="slot"/>; anything this card does not do is 6A80.</summary>
    public static AlgorithmAttributes Parse(byte[] raw, KeySlot slot)
    {
        if (raw.Length == 0) throw IsoException.Of(StatusWords.WrongData);
        var algorithm = raw[0];
        if (algorithm == PgpSpec.Algorithm.Rsa)
        {
            if (raw.Length is not (5 or 6)) throw IsoException.Of(StatusWords.WrongData);
            var bits = raw[1] << 8 | raw[2];
            var exponent = raw[3] << 8 | raw[4];
            var format = raw.Length == 6 ? raw[5] : (byte)0;
            if (!RsaSizes.Contains(bits) || exponent is < MinExponentBits or > MaxExponentBits || format > 3)
                throw IsoException.Of(StatusWords.WrongData);
            return new AlgorithmAttributes((byte[])raw.Clone(), algorithm, bits, exponent, format, null, false);
        }
        if (algorithm is not (PgpSpec.Algorithm.Ecdh or PgpSpec.Algorithm.Ecdsa or PgpSpec.Algorithm.EdDsa))
            throw IsoException.Of(StatusWords.WrongData);
        var oidLength = raw.Length - 1;
        var withPublicKey = false;
        if (raw[^1] is 0x00 or 0xFF && oidLength > 1)
        {
            withPublicKey = raw[^1] == 0xFF;
            oidLength--;
        }
        var curve = PgpCurve.FromOid(raw.AsSpan(1, oidLength)) ?? throw IsoException.Of(StatusWords.WrongData);
        var fits = (algorithm, slot) switch
        {
            (PgpSpec.Algorithm.Ecdsa, not KeySlot.Decryption) => curve.IsWeierstrass,
            (PgpSpec.Algorithm.EdDsa, not KeySlot.Decryption) => curve.IsEd25519,
            (PgpSpec.Algorithm.Ecdh, KeySlot.Decryption) => curve.IsWeierstrass || curve.IsX25519,
            _ => false,
        };
        if (!fits) throw IsoException.Of(StatusWords.WrongData);
        return new AlgorithmAttributes((byte[])raw.Clone(), algorithm, 0, 0, 0, curve, withPublicKey);
    }

    /// <summary>Every attribute value this card takes in <paramref name="slot"/> (algorithm information DO FA, §4.4.3.11).</summary>
    public static IEnumerable<byte[]> Supported(KeySlot slot)
    {
        foreach (var bits in RsaSizes)
            yield return [PgpSpec.Algorithm.Rsa, (byte)(bits >> 8), (byte)bits, 0x00, 0x11, 0x00];
        foreach (var curve in PgpCurve.All)
        {
            if (slot == KeySlot.Decryption && (curve.IsWeierstrass || curve.IsX25519))
                yield return [PgpSpec.Algorithm.Ecdh, .. curve.OidBytes];
            else if (slot != KeySlot.Decryption && curve.IsWeierstrass)
                yield return [PgpSpec.Algorithm.Ecdsa, .. curve.OidBytes];
            else if (slot != KeySlot.Decryption && curve.IsEd25519)
                yield return [PgpSpec.Algorithm.EdDsa, .. curve.OidBytes];
        }
    }

    /// <summary>Same algorithm and size (a change to anything else invalidates the key in the slot).</summary>
    public bool SameKeyType(AlgorithmAttributes other) =>
        AlgorithmId == other.AlgorithmId && ModulusBits == other.ModulusBits && Curve == other.Curve;
}
