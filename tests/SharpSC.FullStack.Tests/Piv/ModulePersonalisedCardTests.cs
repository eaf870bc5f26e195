using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using SharpSC.TestSupport;
using static SharpSC.FullStack.Tests.Piv.PivModuleTests;

namespace SharpSC.FullStack.Tests.Piv;

/// <summary>
/// A virtual YubiKey personalised through our module (the management key as CKU_SO): RSA-2048 generated in 9A
/// with a certificate written by C_CreateObject, EC P-256 generated in 9E. The referees then use what we wrote:
/// OpenSC's PIV driver passes its own test, ykcs11 signs with 9A, yubico-piv-tool reads the certificate back.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class ModulePersonalisedCardTests : IDisposable
{
    private static readonly byte[] P256Oid = Convert.FromHexString("06082A8648CE3D030107");

    private readonly TempDir _dir = new("sharpsc-piv-module");
    private readonly VirtualCardProcess _card;

    public ModulePersonalisedCardTests()
    {
        _card = PivReader.StartCard(_dir);
    }

    public void Dispose()
    {
        _card.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Keys_generated_by_our_module_work_in_our_module_opensc_ykcs11_and_yubico_piv_tool()
    {
        var certificatePem = _dir.File("9a.pem");
        byte[] ecPoint;
        using (var library = Module.Load())
        using (var session = Module.Slot(library, PivReader.Name).OpenSession(SessionType.ReadWrite))
        {
            var user = Assert.Throws<Pkcs11Exception>(() => GenerateRsa(session));
            Assert.Equal(CKR.CKR_USER_NOT_LOGGED_IN, user.RV);
            session.Login(CKU.CKU_SO, PivReader.ManagementKey);
            var (rsaPublic, _) = GenerateRsa(session);
            // The security officer sees public objects only (PKCS#11 session state "R/W SO Functions"): the public key names the slot.
            Assert.Equal(0x01, Id(session, rsaPublic));
            var modulus = session.GetAttributeValue(rsaPublic, [CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT]);
            using (var rsa = RSA.Create(new RSAParameters { Modulus = modulus[0].GetValueAsByteArray(), Exponent = modulus[1].GetValueAsByteArray() }))
                File.WriteAllText(_dir.File("9a.pub"), rsa.ExportSubjectPublicKeyInfoPem());
            TestCa.Issue(_dir, _dir.File("9a.pub"), "/CN=generated-by-sharpsc", certificatePem);
            var der = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePem)).RawData;
            session.CreateObject([
                Attr(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE), Attr(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509),
                Attr(CKA.CKA_TOKEN, true), Attr(CKA.CKA_ID, new byte[] { 0x01 }), Attr(CKA.CKA_VALUE, der)]);

            session.GenerateKeyPair(Module.Factories.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN),
                [Attr(CKA.CKA_TOKEN, true), Attr(CKA.CKA_ID, new byte[] { 0x04 }), Attr(CKA.CKA_EC_PARAMS, P256Oid)],
                [Attr(CKA.CKA_TOKEN, true), Attr(CKA.CKA_ID, new byte[] { 0x04 }), Attr(CKA.CKA_SIGN, true)],
                out var ecPublic, out _);
            ecPoint = session.GetAttributeValue(ecPublic, [CKA.CKA_EC_POINT])[0].GetValueAsByteArray();
            session.Logout();

            // The generated 9E key signs without a PIN and matches the public key the module returned.
            var data = "generated on the card"u8.ToArray();
            var signature = session.Sign(Module.Factories.MechanismFactory.Create(CKM.CKM_ECDSA_SHA256), Find(session, CKO.CKO_PRIVATE_KEY, 0x04).Single(), data);
            using var ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = ecPoint[3..35], Y = ecPoint[35..67] } });
            Assert.True(ec.VerifyData(data, signature, HashAlgorithmName.SHA256));
        }

        // yubico-piv-tool reads back the certificate the module wrote.
        var read = PivReader.YubicoPivTool("-s", "9a", "-a", "read-certificate").StdOut;
        Assert.Equal(X509Certificate2.CreateFromPem(File.ReadAllText(certificatePem)).RawData, X509Certificate2.CreateFromPem(read).RawData);
        var status = PivReader.YubicoPivTool("-a", "status").StdOut;
        Assert.Contains("CN=generated-by-sharpsc", status, StringComparison.Ordinal);

        // OpenSC's PIV driver: its self test signs and decrypts with the keys and finds no error.
        var test = ProcessRunner.Run("pkcs11-tool", "--module", PivReader.OpenScModule, "--login", "--pin", PivReader.Pin, "--test");
        Assert.True(test.ExitCode == 0 && test.StdOut.Contains("No errors", StringComparison.Ordinal), test.ToString());

        // ykcs11 signs with 9A; openssl checks the signature with the certificate.
        File.WriteAllText(_dir.File("data.txt"), "signed by ykcs11");
        var ykSignature = _dir.File("yk.sig");
        ProcessRunner.RunChecked("pkcs11-tool", "--module", PivReader.Ykcs11Module, "--login", "--pin", PivReader.Pin,
            "--sign", "-m", "SHA256-RSA-PKCS", "--id", "01", "-i", _dir.File("data.txt"), "-o", ykSignature);
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePem));
        Assert.True(certificate.GetRSAPublicKey()!.VerifyData(File.ReadAllBytes(_dir.File("data.txt")), File.ReadAllBytes(ykSignature),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static (IObjectHandle Public, IObjectHandle Private) GenerateRsa(ISession session)
    {
        session.GenerateKeyPair(Module.Factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS_KEY_PAIR_GEN),
            [Attr(CKA.CKA_TOKEN, true), Attr(CKA.CKA_ID, new byte[] { 0x01 }), Attr(CKA.CKA_MODULUS_BITS, 2048UL)],
            [Attr(CKA.CKA_TOKEN, true), Attr(CKA.CKA_ID, new byte[] { 0x01 }), Attr(CKA.CKA_SIGN, true), Attr(CKA.CKA_DECRYPT, true)],
            out var publicKey, out var privateKey);
        return (publicKey, privateKey);
    }

    private static IObjectAttribute Attr(CKA type, object value) => value switch
    {
        bool b => Module.Factories.ObjectAttributeFactory.Create(type, b),
        ulong u => Module.Factories.ObjectAttributeFactory.Create(type, u),
        byte[] a => Module.Factories.ObjectAttributeFactory.Create(type, a),
        CKO o => Module.Factories.ObjectAttributeFactory.Create(type, o),
        CKC c => Module.Factories.ObjectAttributeFactory.Create(type, c),
        _ => throw new ArgumentException("unsupported attribute value", nameof(value)),
    };
}
