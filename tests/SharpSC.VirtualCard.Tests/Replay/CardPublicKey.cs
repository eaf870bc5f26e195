using System.Security.Cryptography;

namespace SharpSC.VirtualCard.Tests.Replay;

/// <summary>
/// A public key returned by GENERATE ASYMMETRIC KEY PAIR (7F49 template), checked with .NET's own
/// cryptography (OpenSSL on Linux), independent of the BouncyCastle code inside the emulator.
/// </summary>
public sealed class CardPublicKey
{
    private static readonly (byte[] Prefix, HashAlgorithmName Hash)[] DigestInfoPrefixes =
    [
        (Convert.FromHexString("3021300906052B0E03021A05000414"), HashAlgorithmName.SHA1),
        (Convert.FromHexString("3031300D060960864801650304020105000420"), HashAlgorithmName.SHA256),
        (Convert.FromHexString("3041300D060960864801650304020205000430"), HashAlgorithmName.SHA384),
        (Convert.FromHexString("3051300D060960864801650304020305000440"), HashAlgorithmName.SHA512),
    ];

    private CardPublicKey(RSAParameters? rsa, ECParameters? ec, Dictionary<byte, byte[]> fields)
    {
        Rsa = rsa;
        Ec = ec;
        Fields = fields;
    }

    public RSAParameters? Rsa { get; }
    public ECParameters? Ec { get; }

    /// <summary>The template's fields by tag (81 modulus or prime, 86 EC point ...).</summary>
    public Dictionary<byte, byte[]> Fields { get; }

    /// <summary>The random part: the RSA modulus or the EC public point.</summary>
    public byte[] RandomPart => Rsa != null ? Fields[0x81] : Fields[0x86];

    public static CardPublicKey Parse(byte[] template)
    {
        if (template[0] != 0x7F || template[1] != 0x49) throw new FormatException("not a 7F49 template");
        var (length, pos) = Length(template, 2);
        Assert.Equal(template.Length, pos + length);
        var fields = new Dictionary<byte, byte[]>();
        while (pos < template.Length)
        {
            var tag = template[pos];
            var (l, p) = Length(template, pos + 1);
            fields[tag] = template[p..(p + l)];
            pos = p + l;
        }
        if (fields.ContainsKey(0x86))
        {
            var g = fields[0x84];
            var q = fields[0x86];
            var size = (q.Length - 1) / 2;
            var ec = new ECParameters
            {
                Curve = new ECCurve
                {
                    CurveType = ECCurve.ECCurveType.PrimeShortWeierstrass,
                    Prime = fields[0x81],
                    A = fields[0x82],
                    B = fields[0x83],
                    G = new ECPoint { X = g[1..(1 + size)], Y = g[(1 + size)..] },
                    Order = fields[0x85],
                    Cofactor = fields[0x87].SkipWhile(b => b == 0).ToArray(),
                },
                Q = new ECPoint { X = q[1..(1 + size)], Y = q[(1 + size)..] },
            };
            return new CardPublicKey(null, ec, fields);
        }
        return new CardPublicKey(new RSAParameters { Modulus = fields[0x81], Exponent = fields[0x82] }, null, fields);
    }

    public RSA CreateRsa() => RSA.Create(Rsa ?? throw new InvalidOperationException("not an RSA key"));

    /// <summary>PKCS#1 v1.5 signature over a DigestInfo as sent to the card.</summary>
    public bool VerifyPkcs1(byte[] digestInfo, byte[] signature)
    {
        foreach (var (prefix, hash) in DigestInfoPrefixes)
        {
            if (!digestInfo.AsSpan().StartsWith(prefix)) continue;
            using var rsa = CreateRsa();
            return rsa.VerifyHash(digestInfo[prefix.Length..], signature, hash, RSASignaturePadding.Pkcs1);
        }
        throw new InvalidOperationException("unknown DigestInfo");
    }

    /// <summary>RSASSA-PSS (MGF1 with the same hash, salt = hash length) over a pre-computed hash.</summary>
    public bool VerifyPss(byte[] hash, byte[] signature)
    {
        using var rsa = CreateRsa();
        return rsa.VerifyHash(hash, signature, HashFor(hash.Length), RSASignaturePadding.Pss);
    }

    /// <summary>DER ECDSA-Sig-Value over a hash.</summary>
    public bool VerifyEcdsa(byte[] hash, byte[] derSignature)
    {
        using var ec = ECDsa.Create(Ec ?? throw new InvalidOperationException("not an EC key"));
        return ec.VerifyHash(hash, derSignature, DSASignatureFormat.Rfc3279DerSequence);
    }

    public byte[] EncryptPkcs1(byte[] plaintext)
    {
        using var rsa = CreateRsa();
        return rsa.Encrypt(plaintext, RSAEncryptionPadding.Pkcs1);
    }

    private static HashAlgorithmName HashFor(int length) => length switch
    {
        20 => HashAlgorithmName.SHA1,
        32 => HashAlgorithmName.SHA256,
        48 => HashAlgorithmName.SHA384,
        64 => HashAlgorithmName.SHA512,
        _ => throw new ArgumentException($"no hash of {length} bytes"),
    };

    private static (int Length, int ValueOffset) Length(byte[] b, int pos) => b[pos] switch
    {
        0x81 => (b[pos + 1], pos + 2),
        0x82 => (b[pos + 1] << 8 | b[pos + 2], pos + 3),
        var x => (x, pos + 1),
    };
}
