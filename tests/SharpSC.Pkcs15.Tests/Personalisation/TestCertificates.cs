using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SharpSC.Cards.Keys;

namespace SharpSC.Pkcs15.Tests.Personalisation;

/// <summary>A throwaway software CA that issues certificates for card keys and builds PKCS#12 files.</summary>
internal static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> CaLazy = new(() =>
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Throwaway Test CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
    });

    public static X509Certificate2 Ca => CaLazy.Value;

    /// <summary>A DER certificate for a public key that lives on the card.</summary>
    public static byte[] IssueFor(PublicKeyInfo key, string commonName)
    {
        CertificateRequest request;
        switch (key)
        {
            case RsaPublicKeyInfo rsa:
                using (var pub = RSA.Create(new RSAParameters { Modulus = rsa.Modulus, Exponent = rsa.Exponent }))
                    request = new CertificateRequest("CN=" + commonName, pub, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                break;
            case EcPublicKeyInfo ec:
                var half = ec.Curve.FieldBytes;
                using (var pub = ECDsa.Create(new ECParameters
                       {
                           Curve = ECCurve.CreateFromValue(ec.Curve.Oid),
                           Q = new ECPoint { X = ec.Point[1..(1 + half)], Y = ec.Point[(1 + half)..] },
                       }))
                    request = new CertificateRequest("CN=" + commonName, pub, HashAlgorithmName.SHA256);
                break;
            default:
                throw new ArgumentException("unknown key", nameof(key));
        }
        var signer = X509SignatureGenerator.CreateForRSA(Ca.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1);
        return request.Create(Ca.SubjectName, signer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), RandomNumberGenerator.GetBytes(8)).RawData;
    }

    /// <summary>A PKCS#12 file with a fresh key, its certificate from the test CA, and the CA certificate.</summary>
    public static byte[] Pkcs12(string password, bool ec = false, string commonName = "p12 user")
    {
        using var caKey = Ca.GetRSAPrivateKey()!;
        X509Certificate2 leaf;
        if (ec)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256);
            using var issued = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1),
                DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), RandomNumberGenerator.GetBytes(8));
            leaf = issued.CopyWithPrivateKey(key);
        }
        else
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            using var issued = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1),
                DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), RandomNumberGenerator.GetBytes(8));
            leaf = issued.CopyWithPrivateKey(key);
        }
        using (leaf)
        {
            var collection = new X509Certificate2Collection { leaf, X509CertificateLoader.LoadCertificate(Ca.RawData) };
            return collection.Export(X509ContentType.Pkcs12, password)!;
        }
    }
}
