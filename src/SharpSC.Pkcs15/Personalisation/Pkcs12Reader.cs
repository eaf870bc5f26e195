using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using SharpSC.Cards.Keys;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>A PKCS#12 file's private key, its certificate and the CA certificates that came with it.</summary>
public sealed class Pkcs12Contents : IDisposable
{
    internal Pkcs12Contents(PrivateKeyImport key, PublicKeyInfo publicKey, byte[] certificate, IReadOnlyList<byte[]> chain,
        string? friendlyName, KeyUsageFlags? usage, byte[] subject)
    {
        Key = key;
        PublicKey = publicKey;
        Certificate = certificate;
        Chain = chain;
        FriendlyName = friendlyName;
        Usage = usage;
        Subject = subject;
    }

    public PrivateKeyImport Key { get; }
    public PublicKeyInfo PublicKey { get; }

    /// <summary>The key's certificate (DER).</summary>
    public byte[] Certificate { get; }

    /// <summary>The other certificates (CA chain and any extra ones), DER, leaf's issuer first.</summary>
    public IReadOnlyList<byte[]> Chain { get; }

    /// <summary>The key's friendlyName attribute (PKCS#9), if any.</summary>
    public string? FriendlyName { get; }

    /// <summary>Private key usage from the certificate's keyUsage extension, when it has one.</summary>
    public KeyUsageFlags? Usage { get; }

    /// <summary>The certificate's subject Name (DER).</summary>
    public byte[] Subject { get; }

    /// <summary>Zeroes the private key material.</summary>
    public void Dispose() => Key.Clear();
}

/// <summary>Reads PKCS#12 (PFX) files with BouncyCastle.</summary>
public static class Pkcs12Reader
{
    /// <exception cref="PersonalisationException">InvalidInput (not PKCS#12, no key, unsupported key), WrongPassphrase.</exception>
    public static Pkcs12Contents Read(ReadOnlySpan<byte> data, ReadOnlySpan<char> passphrase, string source = "PKCS#12 file")
    {
        var store = new Pkcs12StoreBuilder().Build();
        var password = passphrase.ToArray();
        try
        {
            using var stream = new MemoryStream(data.ToArray(), writable: false);
            store.Load(stream, password);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException or InvalidOperationException
                                      or NullReferenceException or IndexOutOfRangeException or FormatException
                                      or Org.BouncyCastle.Security.GeneralSecurityException or CryptoException)
        {
            throw e.Message.Contains("MAC", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("password", StringComparison.OrdinalIgnoreCase)
                ? new PersonalisationException(PersonalisationError.WrongPassphrase, $"wrong passphrase for {source} (or the file is corrupted)", e)
                : new PersonalisationException(PersonalisationError.InvalidInput, $"{source} is not a PKCS#12 file ({e.Message})", e);
        }
        finally
        {
            Array.Clear(password);
        }

        var alias = store.Aliases.FirstOrDefault(store.IsKeyEntry)
            ?? throw new PersonalisationException(PersonalisationError.InvalidInput, $"{source} holds no private key");
        var entry = store.GetKey(alias);
        var chain = store.GetCertificateChain(alias)?.Select(c => c.Certificate).ToList()
            ?? (store.GetCertificate(alias) is { } single ? [single.Certificate] : []);
        if (chain.Count == 0)
            throw new PersonalisationException(PersonalisationError.InvalidInput, $"{source} holds no certificate for its private key");
        var leaf = chain[0];
        var extra = store.Aliases.Where(a => store.IsCertificateEntry(a)).Select(a => store.GetCertificate(a).Certificate);
        var others = chain.Skip(1).Concat(extra).Select(c => c.GetEncoded()).DistinctBy(System.Convert.ToHexString).ToList();
        var (key, publicKey) = ToImport(entry.Key, source);
        var friendlyName = entry[PkcsObjectIdentifiers.Pkcs9AtFriendlyName]?.ToString();
        return new Pkcs12Contents(key, publicKey, leaf.GetEncoded(), others, friendlyName, UsageOf(leaf), leaf.SubjectDN.GetEncoded());
    }

    private static (PrivateKeyImport Key, PublicKeyInfo Public) ToImport(AsymmetricKeyParameter key, string source)
    {
        switch (key)
        {
            case RsaPrivateCrtKeyParameters rsa:
                var bits = (rsa.Modulus.BitLength + 7) / 8 * 8;
                return (new RsaPrivateKeyImport(bits, rsa.P.ToByteArrayUnsigned(), rsa.Q.ToByteArrayUnsigned(), rsa.DP.ToByteArrayUnsigned(),
                        rsa.DQ.ToByteArrayUnsigned(), rsa.QInv.ToByteArrayUnsigned()),
                    new RsaPublicKeyInfo(rsa.Modulus.ToByteArrayUnsigned(), rsa.PublicExponent.ToByteArrayUnsigned()));
            case ECPrivateKeyParameters ec:
                var curve = CurveMatch.Find(ec.Parameters)
                    ?? throw new PersonalisationException(PersonalisationError.NotSupported, $"the EC key in {source} is on a curve this tool does not know");
                var point = ec.Parameters.G.Multiply(ec.D).Normalize().GetEncoded(false);
                return (new EcPrivateKeyImport(curve, ec.D.ToByteArrayUnsigned()), new EcPublicKeyInfo(curve, point));
            default:
                throw new PersonalisationException(PersonalisationError.NotSupported, $"the private key in {source} is neither RSA (with CRT values) nor EC");
        }
    }

    /// <summary>The certificate's keyUsage extension as private key usage (OpenSC's x509_to_pkcs15_private_key_usage).</summary>
    private static KeyUsageFlags? UsageOf(Org.BouncyCastle.X509.X509Certificate certificate)
    {
        var bits = certificate.GetKeyUsage();
        if (bits is null)
            return null;
        var usage = KeyUsageFlags.None;
        if (bits[0] || bits[5] || bits[6]) usage |= KeyUsageFlags.Sign | KeyUsageFlags.SignRecover;
        if (bits[1]) usage |= KeyUsageFlags.NonRepudiation;
        if (bits[2]) usage |= KeyUsageFlags.Unwrap;
        if (bits[3]) usage |= KeyUsageFlags.Decrypt;
        if (bits[4]) usage |= KeyUsageFlags.Derive;
        return usage == KeyUsageFlags.None ? null : usage;
    }

    /// <summary>The subject's common name, for labels.</summary>
    public static string? CommonName(byte[] certificate)
    {
        var cert = ObjectWriter.Parse(certificate);
        return cert.SubjectDN.GetValueList(X509Name.CN).FirstOrDefault();
    }
}
