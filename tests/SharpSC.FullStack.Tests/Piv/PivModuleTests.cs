using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Net.Pkcs11Interop.HighLevelAPI.Factories;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Piv;

/// <summary>
/// Our module (the AOT library, through Pkcs11Interop) on a virtual YubiKey that yubico-piv-tool personalised:
/// the token, OpenSC's IDs and labels, the user PIN, RSA and ECDSA signatures checked against the certificates
/// yubico-piv-tool wrote, 9C's PIN before every signature, 9E without PIN.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class PivModuleTests(YubicoPivToolCard card) : IClassFixture<YubicoPivToolCard>
{
    private static IObjectAttributeFactory Attr => Module.Factories.ObjectAttributeFactory;

    private static IMechanismFactory Mech => Module.Factories.MechanismFactory;

    [Fact]
    public void The_token_is_the_yubikey_named_by_its_serial_with_its_pin_rules()
    {
        var serial = PivReader.Serial();
        using var library = Module.Load();
        var info = Module.Slot(library, PivReader.Name).GetTokenInfo();
        Assert.Equal("YubiKey PIV #" + serial, info.Label);
        Assert.Equal(serial, info.SerialNumber);
        Assert.Equal("Yubico", info.ManufacturerId);
        Assert.True(info.TokenFlags.LoginRequired);
        Assert.True(info.TokenFlags.UserPinInitialized);
        Assert.False(info.TokenFlags.UserPinCountLow);
        Assert.Equal(6UL, info.MinPinLen);
        Assert.Equal(8UL, info.MaxPinLen);
    }

    [Fact]
    public void A_wrong_pin_shows_in_the_token_flags_until_the_right_one_is_given()
    {
        using var library = Module.Load();
        var slot = Module.Slot(library, PivReader.Name);
        using var session = slot.OpenSession(SessionType.ReadOnly);
        var wrong = Assert.Throws<Pkcs11Exception>(() => session.Login(CKU.CKU_USER, "000000"));
        Assert.Equal(CKR.CKR_PIN_INCORRECT, wrong.RV);
        Assert.True(slot.GetTokenInfo().TokenFlags.UserPinCountLow);
        Assert.Contains("PIN tries left:\t2", PivReader.YubicoPivTool("-a", "status").StdOut, StringComparison.Ordinal);
        session.Login(CKU.CKU_USER, PivReader.Pin);
        Assert.False(slot.GetTokenInfo().TokenFlags.UserPinCountLow);
    }

    [Fact]
    public void Keys_and_certificates_carry_opensc_ids_and_labels()
    {
        using var library = Module.Load();
        using var session = Module.Slot(library, PivReader.Name).OpenSession(SessionType.ReadOnly);
        session.Login(CKU.CKU_USER, PivReader.Pin);
        var certificates = Find(session, CKO.CKO_CERTIFICATE);
        Assert.Equal([0x01, 0x02, 0x03, 0x04], certificates.Select(h => Id(session, h)));
        Assert.Equal(["Certificate for PIV Authentication", "Certificate for Digital Signature", "Certificate for Key Management",
            "Certificate for Card Authentication"], certificates.Select(h => Label(session, h)));
        foreach (var ((slot, _, _), handle) in YubicoPivToolCard.Keys.Zip(certificates))
            Assert.Equal(card.Certificate(slot).RawData, session.GetAttributeValue(handle, [CKA.CKA_VALUE])[0].GetValueAsByteArray());

        var keys = Find(session, CKO.CKO_PRIVATE_KEY);
        Assert.Equal(["PIV AUTH key", "SIGN key", "KEY MAN key", "CARD AUTH key"], keys.Select(h => Label(session, h)));
        Assert.Equal([(ulong)CKK.CKK_RSA, (ulong)CKK.CKK_EC, (ulong)CKK.CKK_RSA, (ulong)CKK.CKK_EC],
            keys.Select(h => session.GetAttributeValue(h, [CKA.CKA_KEY_TYPE])[0].GetValueAsUlong()));
        Assert.Equal([false, true, false, false],
            keys.Select(h => session.GetAttributeValue(h, [CKA.CKA_ALWAYS_AUTHENTICATE])[0].GetValueAsBool()));
    }

    [Fact]
    public void The_9a_key_signs_with_rsa_after_the_user_pin()
    {
        using var library = Module.Load();
        using var session = Module.Slot(library, PivReader.Name).OpenSession(SessionType.ReadOnly);
        var data = "signed by 9A through the AOT module"u8.ToArray();
        Assert.Empty(Find(session, CKO.CKO_PRIVATE_KEY, 0x01));
        session.Login(CKU.CKU_USER, PivReader.Pin);
        var signature = session.Sign(Mech.Create(CKM.CKM_SHA256_RSA_PKCS), Find(session, CKO.CKO_PRIVATE_KEY, 0x01).Single(), data);
        using var rsa = card.Certificate("9a").GetRSAPublicKey()!;
        Assert.True(rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void The_9e_key_signs_with_ecdsa_without_a_pin()
    {
        using var library = Module.Load();
        using var session = Module.Slot(library, PivReader.Name).OpenSession(SessionType.ReadOnly);
        var data = "card authentication"u8.ToArray();
        var signature = session.Sign(Mech.Create(CKM.CKM_ECDSA_SHA256), Find(session, CKO.CKO_PRIVATE_KEY, 0x04).Single(), data);
        using var ecdsa = card.Certificate("9e").GetECDsaPublicKey()!;
        Assert.True(ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256));
    }

    [Fact]
    public void The_9c_key_needs_a_context_specific_login_before_each_signature()
    {
        using var library = Module.Load();
        using var session = Module.Slot(library, PivReader.Name).OpenSession(SessionType.ReadOnly);
        session.Login(CKU.CKU_USER, PivReader.Pin);
        var key = Find(session, CKO.CKO_PRIVATE_KEY, 0x02).Single();
        using var ecdsa = card.Certificate("9c").GetECDsaPublicKey()!;
        var data = "a signature the PIN was given for"u8.ToArray();
        var denied = Assert.Throws<Pkcs11Exception>(() => session.Sign(Mech.Create(CKM.CKM_ECDSA_SHA256), key, data));
        Assert.Equal(CKR.CKR_USER_NOT_LOGGED_IN, denied.RV);

        // pkcs11-tool logs in again with CKU_CONTEXT_SPECIFIC between C_SignInit and C_Sign for a key with
        // CKA_ALWAYS_AUTHENTICATE (PKCS#11 3.0 section 5.6); it signs only if our module asks for it that way.
        File.WriteAllBytes(card.Dir.File("data.bin"), data);
        for (var i = 0; i < 2; i++)
        {
            var output = card.Dir.File($"sig{i}.der");
            ProcessRunner.RunChecked("pkcs11-tool", "--module", Module.Path, "--token-label", "YubiKey PIV #" + PivReader.Serial(),
                "--login", "--pin", PivReader.Pin, "--sign", "--id", "02", "-m", "ECDSA-SHA256", "--signature-format", "openssl",
                "-i", card.Dir.File("data.bin"), "-o", output);
            Assert.True(ecdsa.VerifyData(data, File.ReadAllBytes(output), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }
    }

    internal static List<IObjectHandle> Find(ISession session, CKO objectClass, byte? id = null)
    {
        List<IObjectAttribute> template = [Attr.Create(CKA.CKA_CLASS, objectClass)];
        if (id is { } i) template.Add(Attr.Create(CKA.CKA_ID, new[] { i }));
        return session.FindAllObjects(template);
    }

    internal static byte Id(ISession session, IObjectHandle handle) => session.GetAttributeValue(handle, [CKA.CKA_ID])[0].GetValueAsByteArray().Single();

    internal static string Label(ISession session, IObjectHandle handle) => session.GetAttributeValue(handle, [CKA.CKA_LABEL])[0].GetValueAsString();
}
