using System.Security.Cryptography;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>Public keys in PEM files, compared as DER SubjectPublicKeyInfo.</summary>
public static class KeyPem
{
    public static byte[] SubjectPublicKeyInfo(string pemFile)
    {
        var pem = File.ReadAllText(pemFile);
        var fields = PemEncoding.Find(pem);
        var label = pem[fields.Label];
        var der = Convert.FromBase64String(pem[fields.Base64Data]);
        switch (label)
        {
            case "PUBLIC KEY":
                return der;
            case "RSA PUBLIC KEY":
                using (var rsa = RSA.Create())
                {
                    rsa.ImportRSAPublicKey(der, out _);
                    return rsa.ExportSubjectPublicKeyInfo();
                }
            default:
                throw new InvalidOperationException($"{pemFile}: not a public key ({label})");
        }
    }
}
