using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Net.Pkcs11Interop.HighLevelAPI.Factories;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Token;

/// <summary>
/// The module as a writer (issue 6) on a card OpenSC personalised: key generation, certificates, data,
/// deletion, relabelling, bad templates — each checked afterwards by OpenSC's pkcs15-tool --dump.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class WritePathTests(OpenScCard card) : IClassFixture<OpenScCard>
{
    private static IObjectAttributeFactory Attr => Module.Factories.ObjectAttributeFactory;

    private static IMechanismFactory Mech => Module.Factories.MechanismFactory;

    private static ISession LoggedIn(IPkcs11Library library)
    {
        var session = Module.Slot(library, TokenReader.Name).OpenSession(SessionType.ReadWrite);
        session.Login(CKU.CKU_USER, TokenReader.Pin);
        return session;
    }

    [Fact]
    public void Generates_rsa_and_ec_key_pairs_that_sign_and_that_OpenSC_lists()
    {
        using var library = Module.Load();
        using var session = LoggedIn(library);
        session.GenerateKeyPair(Mech.Create(CKM.CKM_RSA_PKCS_KEY_PAIR_GEN),
            [Attr.Create(CKA.CKA_MODULUS_BITS, 2048UL), Attr.Create(CKA.CKA_VERIFY, true), Attr.Create(CKA.CKA_ID, new byte[] { 0x20 }), Attr.Create(CKA.CKA_LABEL, "gen-rsa")],
            [Attr.Create(CKA.CKA_SIGN, true), Attr.Create(CKA.CKA_ID, new byte[] { 0x20 }), Attr.Create(CKA.CKA_LABEL, "gen-rsa"), Attr.Create(CKA.CKA_TOKEN, true)],
            out var rsaPublic, out var rsaPrivate);
        var p256 = new byte[] { 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07 };
        session.GenerateKeyPair(Mech.Create(CKM.CKM_EC_KEY_PAIR_GEN),
            [Attr.Create(CKA.CKA_EC_PARAMS, p256), Attr.Create(CKA.CKA_LABEL, "gen-ec")],
            [Attr.Create(CKA.CKA_SIGN, true), Attr.Create(CKA.CKA_LABEL, "gen-ec")],
            out var ecPublic, out var ecPrivate);

        var data = "written by the module"u8.ToArray();
        var rsaSignature = session.Sign(Mech.Create(CKM.CKM_SHA256_RSA_PKCS), rsaPrivate, data);
        session.Verify(Mech.Create(CKM.CKM_SHA256_RSA_PKCS), rsaPublic, data, rsaSignature, out var rsaValid);
        Assert.True(rsaValid);
        var ecSignature = session.Sign(Mech.Create(CKM.CKM_ECDSA_SHA1), ecPrivate, data);
        session.Verify(Mech.Create(CKM.CKM_ECDSA_SHA1), ecPublic, data, ecSignature, out var ecValid);
        Assert.True(ecValid);

        var ecId = session.GetAttributeValue(ecPrivate, [CKA.CKA_ID])[0].GetValueAsByteArray();
        Assert.Equal(20, ecId.Length); // default CKA_ID: a hash of the public key, as OpenSC makes it
        var dump = OpenScDump.Objects(TokenReader.OpenScIndex);
        Assert.Contains("Private RSA Key [gen-rsa] 20", dump);
        Assert.Contains("Public RSA Key [gen-rsa] 20", dump);
        Assert.Contains($"Private EC Key [gen-ec] {Convert.ToHexStringLower(ecId)}", dump);
    }

    [Fact]
    public void Stores_a_certificate_and_a_data_object_then_relabels_and_deletes_them()
    {
        using var library = Module.Load();
        using var session = LoggedIn(library);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=stored by the module", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var der = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)).RawData;
        var cert = session.CreateObject([Attr.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE), Attr.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509),
            Attr.Create(CKA.CKA_TOKEN, true), Attr.Create(CKA.CKA_VALUE, der), Attr.Create(CKA.CKA_ID, new byte[] { 0x42 }), Attr.Create(CKA.CKA_LABEL, "module-cert")]);
        var data = session.CreateObject([Attr.Create(CKA.CKA_CLASS, CKO.CKO_DATA), Attr.Create(CKA.CKA_TOKEN, true),
            Attr.Create(CKA.CKA_APPLICATION, "sharpsc-tests"), Attr.Create(CKA.CKA_LABEL, "module-data"), Attr.Create(CKA.CKA_VALUE, "hello card"u8.ToArray())]);
        Assert.Equal(der, session.GetAttributeValue(cert, [CKA.CKA_VALUE])[0].GetValueAsByteArray());
        var dump = OpenScDump.Objects(TokenReader.OpenScIndex);
        Assert.Contains("X.509 Certificate [module-cert] 42", dump);
        Assert.Contains(dump, l => l.StartsWith("Data object", StringComparison.Ordinal) && l.Contains("module-data", StringComparison.Ordinal));

        session.SetAttributeValue(cert, [Attr.Create(CKA.CKA_LABEL, "renamed-cert")]);
        Assert.Equal("renamed-cert", session.GetAttributeValue(cert, [CKA.CKA_LABEL])[0].GetValueAsString());
        Assert.Contains("X.509 Certificate [renamed-cert] 42", OpenScDump.Objects(TokenReader.OpenScIndex));

        session.DestroyObject(cert);
        session.DestroyObject(data);
        dump = OpenScDump.Objects(TokenReader.OpenScIndex);
        Assert.DoesNotContain(dump, l => l.Contains("renamed-cert", StringComparison.Ordinal) || l.Contains("module-data", StringComparison.Ordinal));
        var e = Assert.Throws<Pkcs11Exception>(() => session.GetAttributeValue(cert, [CKA.CKA_LABEL]));
        Assert.Equal(CKR.CKR_OBJECT_HANDLE_INVALID, e.RV);
    }

    [Fact]
    public void Session_objects_live_in_memory_and_die_with_their_session()
    {
        using var library = Module.Load();
        var slot = Module.Slot(library, TokenReader.Name);
        using var other = slot.OpenSession(SessionType.ReadOnly);
        var before = OpenScDump.Objects(TokenReader.OpenScIndex);
        IObjectHandle handle;
        using (var session = slot.OpenSession(SessionType.ReadOnly))
        {
            handle = session.CreateObject([Attr.Create(CKA.CKA_CLASS, CKO.CKO_DATA), Attr.Create(CKA.CKA_TOKEN, false),
                Attr.Create(CKA.CKA_LABEL, "ephemeral"), Attr.Create(CKA.CKA_VALUE, new byte[] { 1, 2, 3 })]);
            Assert.Equal("ephemeral", other.GetAttributeValue(handle, [CKA.CKA_LABEL])[0].GetValueAsString());
        }
        var e = Assert.Throws<Pkcs11Exception>(() => other.GetAttributeValue(handle, [CKA.CKA_LABEL]));
        Assert.Equal(CKR.CKR_OBJECT_HANDLE_INVALID, e.RV);
        Assert.Equal(before, OpenScDump.Objects(TokenReader.OpenScIndex));
    }

    [Fact]
    public void Bad_templates_get_the_spec_codes_and_write_nothing()
    {
        using var library = Module.Load();
        using var session = LoggedIn(library);
        var before = OpenScDump.Objects(TokenReader.OpenScIndex);
        var apdus = card.Card.ApduCount;
        var rsa = Mech.Create(CKM.CKM_RSA_PKCS_KEY_PAIR_GEN);
        AssertRv(CKR.CKR_TEMPLATE_INCOMPLETE, () => session.GenerateKeyPair(rsa, [], [], out _, out _));
        AssertRv(CKR.CKR_KEY_SIZE_RANGE, () => session.GenerateKeyPair(rsa, [Attr.Create(CKA.CKA_MODULUS_BITS, 1024UL)], [], out _, out _));
        AssertRv(CKR.CKR_ATTRIBUTE_VALUE_INVALID, () => session.GenerateKeyPair(rsa, [Attr.Create(CKA.CKA_MODULUS_BITS, 2048UL)],
            [Attr.Create(CKA.CKA_EXTRACTABLE, true)], out _, out _));
        AssertRv(CKR.CKR_TEMPLATE_INCONSISTENT, () => session.GenerateKeyPair(rsa, [Attr.Create(CKA.CKA_MODULUS_BITS, 2048UL), Attr.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY)],
            [], out _, out _));
        AssertRv(CKR.CKR_ATTRIBUTE_TYPE_INVALID, () => session.GenerateKeyPair(rsa, [Attr.Create(CKA.CKA_MODULUS_BITS, 2048UL), Attr.Create(CKA.CKA_VALUE_LEN, 16UL)],
            [], out _, out _));
        AssertRv(CKR.CKR_ATTRIBUTE_VALUE_INVALID, () => session.GenerateKeyPair(rsa, [Attr.Create(CKA.CKA_MODULUS_BITS, 2048UL), Attr.Create(CKA.CKA_PUBLIC_EXPONENT, new byte[] { 3 })],
            [], out _, out _));
        var ec = Mech.Create(CKM.CKM_EC_KEY_PAIR_GEN);
        AssertRv(CKR.CKR_CURVE_NOT_SUPPORTED, () => session.GenerateKeyPair(ec, [Attr.Create(CKA.CKA_EC_PARAMS, new byte[] { 0x06, 0x03, 0x2B, 0x65, 0x70 })], [], out _, out _));
        AssertRv(CKR.CKR_TEMPLATE_INCOMPLETE, () => session.CreateObject([Attr.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE), Attr.Create(CKA.CKA_TOKEN, true),
            Attr.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509)]));
        AssertRv(CKR.CKR_ATTRIBUTE_VALUE_INVALID, () => session.CreateObject([Attr.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE), Attr.Create(CKA.CKA_TOKEN, true),
            Attr.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509), Attr.Create(CKA.CKA_VALUE, new byte[] { 0x30, 0x03, 1, 2, 3 })]));
        Assert.Equal(apdus, card.Card.ApduCount); // refused before a single APDU
        Assert.Equal(before, OpenScDump.Objects(TokenReader.OpenScIndex));
    }

    [Fact]
    public void Writing_needs_a_read_write_session_and_the_user_pin()
    {
        using var library = Module.Load();
        var slot = Module.Slot(library, TokenReader.Name);
        using var readOnly = slot.OpenSession(SessionType.ReadOnly);
        readOnly.Login(CKU.CKU_USER, TokenReader.Pin);
        var template = new List<IObjectAttribute> { Attr.Create(CKA.CKA_CLASS, CKO.CKO_DATA), Attr.Create(CKA.CKA_TOKEN, true), Attr.Create(CKA.CKA_VALUE, new byte[] { 1 }) };
        AssertRv(CKR.CKR_SESSION_READ_ONLY, () => readOnly.CreateObject(template));
        readOnly.Logout();
        using var readWrite = slot.OpenSession(SessionType.ReadWrite);
        AssertRv(CKR.CKR_USER_NOT_LOGGED_IN, () => readWrite.CreateObject(template));
    }

    private static void AssertRv(CKR expected, Action action)
    {
        var e = Assert.Throws<Pkcs11Exception>(action);
        Assert.Equal(expected, e.RV);
    }
}
