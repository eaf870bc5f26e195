using System.Security.Cryptography;
using SharpSC.Cards.Tlv;

namespace SharpSC.Cards.Drivers.OpenPgp;

/// <summary>
/// Private key material for key import (§4.4.3.12), built into the extended header list the card takes with
/// PUT DATA 3FFF: 4D { CRT, 7F48 { tags and lengths }, 5F48 { values concatenated } }. The caller owns the arrays;
/// <see cref="Clear"/> zeroes them.
/// </summary>
public abstract record OpenPgpPrivateKey
{
    public abstract void Clear();

    /// <summary>The template for <paramref name="key"/> as its attributes ask (RSA import format, ECC public key byte).</summary>
    internal byte[] Template(OpenPgpKeyRef key, AlgorithmAttributes attributes)
    {
        var fields = Fields(attributes);
        var tags = new List<byte>();
        var values = new List<byte>();
        foreach (var (tag, value) in fields)
        {
            tags.Add(tag);
            BerTlv.WriteLength(tags, value.Length);
            values.AddRange(value);
        }
        var body = new List<byte> { key.Crt(), 0x00 };
        BerTlv.Write(body, OpenPgpSpec.Tag.PrivateKeyTemplate, tags.ToArray());
        BerTlv.Write(body, OpenPgpSpec.Tag.ConcatenatedKeyData, values.ToArray());
        var template = BerTlv.Encode(OpenPgpSpec.Tag.ExtendedHeaderList, body.ToArray());
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values));
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(body));
        return template;
    }

    internal abstract IEnumerable<(byte Tag, byte[] Value)> Fields(AlgorithmAttributes attributes);
}

/// <summary>RSA: public exponent, primes, CRT values and modulus (big-endian, as PKCS#1 has them).</summary>
public sealed record OpenPgpRsaPrivateKey(byte[] Modulus, byte[] Exponent, byte[] P, byte[] Q, byte[] QInv, byte[] DP, byte[] DQ) : OpenPgpPrivateKey
{
    public override void Clear()
    {
        CryptographicOperations.ZeroMemory(P);
        CryptographicOperations.ZeroMemory(Q);
        CryptographicOperations.ZeroMemory(QInv);
        CryptographicOperations.ZeroMemory(DP);
        CryptographicOperations.ZeroMemory(DQ);
    }

    /// <summary>e right-justified to the attributes' exponent length (as GnuPG sends it), p, q; CRT and n as the format asks.</summary>
    internal override IEnumerable<(byte, byte[])> Fields(AlgorithmAttributes a)
    {
        var eLength = Math.Max((a.ExponentBits + 7) / 8, Strip(Exponent).Length);
        var e = new byte[eLength];
        Strip(Exponent).CopyTo(e, eLength - Strip(Exponent).Length);
        yield return (OpenPgpSpec.ImportTag.RsaExponent, e);
        yield return (OpenPgpSpec.ImportTag.RsaP, Strip(P));
        yield return (OpenPgpSpec.ImportTag.RsaQ, Strip(Q));
        if (a.ImportFormat is OpenPgpSpec.RsaImportFormat.Crt or OpenPgpSpec.RsaImportFormat.CrtWithModulus)
        {
            yield return (OpenPgpSpec.ImportTag.RsaQInv, Strip(QInv));
            yield return (OpenPgpSpec.ImportTag.RsaDp, Strip(DP));
            yield return (OpenPgpSpec.ImportTag.RsaDq, Strip(DQ));
        }
        if (a.ImportFormat is OpenPgpSpec.RsaImportFormat.StandardWithModulus or OpenPgpSpec.RsaImportFormat.CrtWithModulus)
            yield return (OpenPgpSpec.ImportTag.RsaModulus, Strip(Modulus));
    }

    private static byte[] Strip(byte[] v)
    {
        var i = 0;
        while (i < v.Length - 1 && v[i] == 0) i++;
        return i == 0 ? v : v[i..];
    }
}

/// <summary>
/// ECC: the private key and the public key (point). The private key is big-endian for Weierstrass curves, the
/// 32-byte seed for Ed25519, and for X25519 the scalar big-endian as GnuPG sends it (the reverse of RFC 7748's
/// little-endian bytes; <see cref="FromX25519Native"/> converts).
/// </summary>
public sealed record OpenPgpEccPrivateKey(byte[] PrivateKey, byte[] PublicKey) : OpenPgpPrivateKey
{
    public override void Clear() => CryptographicOperations.ZeroMemory(PrivateKey);

    public static OpenPgpEccPrivateKey FromX25519Native(byte[] littleEndianScalar, byte[] publicKey) =>
        new([.. littleEndianScalar.Reverse()], publicKey);

    /// <summary>92 the private key (left-padded to the field size); 99 the public key when the attributes ask (FF).</summary>
    internal override IEnumerable<(byte, byte[])> Fields(AlgorithmAttributes a)
    {
        var size = a.Curve!.Kind == OpenPgpCurveKind.Weierstrass ? a.Curve.FieldBytes : 32;
        var d = new byte[Math.Max(size, PrivateKey.Length)];
        PrivateKey.CopyTo(d, d.Length - PrivateKey.Length);
        yield return (OpenPgpSpec.ImportTag.EcPrivateKey, d);
        if (a.ImportWithPublicKey) yield return (OpenPgpSpec.ImportTag.EcPublicKey, PublicKey);
    }
}
