using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using SharpSC.FullStack.Tests.Token;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.OpenPgp;

/// <summary>
/// A fresh `sharpsc-vcard --applet openpgp` in the token reader (factory defaults: PW1 123456, PW3 12345678,
/// no keys), and what the tests do with it through our module.
/// </summary>
public sealed class OpenPgpCard : IDisposable
{
    public const string Pw1 = "123456";
    public const string Pw3 = "12345678";

    public OpenPgpCard()
    {
        Dir = new TempDir("sharpsc-openpgp");
        Card = VirtualCardProcess.Start(TokenReader.Port, Dir.File("card.state"), "openpgp");
    }

    public TempDir Dir { get; }

    public VirtualCardProcess Card { get; }

    public static string Reader => TokenReader.Name;

    /// <summary>The public key of slot <paramref name="id"/> (01 signature, 02 decryption, 03 authentication) as .NET reads it.</summary>
    public static RSA RsaPublic(ISession session, byte id)
    {
        var key = FindKey(session, CKO.CKO_PUBLIC_KEY, id);
        var a = session.GetAttributeValue(key, [CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT]);
        return RSA.Create(new RSAParameters { Modulus = a[0].GetValueAsByteArray(), Exponent = a[1].GetValueAsByteArray() });
    }

    public static IObjectHandle FindKey(ISession session, CKO type, byte id) =>
        session.FindAllObjects([
            Module.Factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, type),
            Module.Factories.ObjectAttributeFactory.Create(CKA.CKA_ID, new[] { id }),
        ]).Single();

    public static List<IObjectHandle> Find(ISession session, CKO type) =>
        session.FindAllObjects([Module.Factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, type)]);

    /// <summary>Generates an RSA key pair of <paramref name="bits"/> into slot <paramref name="id"/> as the SO (PW3).</summary>
    public static void GenerateRsa(ISession session, byte id, int bits)
    {
        var attr = Module.Factories.ObjectAttributeFactory;
        session.GenerateKeyPair(Module.Factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS_KEY_PAIR_GEN),
            [attr.Create(CKA.CKA_ID, new[] { id }), attr.Create(CKA.CKA_MODULUS_BITS, (ulong)bits)],
            [attr.Create(CKA.CKA_ID, new[] { id })], out _, out _);
    }

    /// <summary>Generates a NIST P-256 key pair into slot <paramref name="id"/> as the SO (PW3).</summary>
    public static void GenerateP256(ISession session, byte id)
    {
        var attr = Module.Factories.ObjectAttributeFactory;
        byte[] prime256v1 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
        session.GenerateKeyPair(Module.Factories.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN),
            [attr.Create(CKA.CKA_ID, new[] { id }), attr.Create(CKA.CKA_EC_PARAMS, prime256v1)],
            [attr.Create(CKA.CKA_ID, new[] { id })], out _, out _);
    }

    /// <summary>
    /// A certificate from a throwaway CA for the NIST P-256 key in slot <paramref name="id"/>, written to the card through
    /// the module (C_CreateObject as the SO, DO 7F21); its DER.
    /// </summary>
    public byte[] IssueCertificate(ISession so, byte id, string subject)
    {
        var point = so.GetAttributeValue(FindKey(so, CKO.CKO_PUBLIC_KEY, id), [CKA.CKA_EC_POINT])[0].GetValueAsByteArray();
        using var ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[3..35], Y = point[35..67] } });
        var publicPem = Dir.File($"key-{id}.pem");
        File.WriteAllText(publicPem, ec.ExportSubjectPublicKeyInfoPem());
        var certificatePem = Dir.File($"cert-{id}.pem");
        TestCa.Issue(Dir, publicPem, subject, certificatePem);
        var der = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePem)).RawData;
        var attr = Module.Factories.ObjectAttributeFactory;
        so.CreateObject([
            attr.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE), attr.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509),
            attr.Create(CKA.CKA_TOKEN, true), attr.Create(CKA.CKA_ID, new[] { id }), attr.Create(CKA.CKA_VALUE, der),
        ]);
        return der;
    }

    public void Dispose()
    {
        Card.Dispose();
        Dir.Dispose();
    }
}
