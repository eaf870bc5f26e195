using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Transport;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tests.Support;
using SharpSC.TestSupport;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKC;
using static SharpSC.Pkcs11.Constants.CKK;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKO;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Constants.CKU;
using static SharpSC.Pkcs11.Tests.Piv.PivEngine;
using static SharpSC.Pkcs11.Tests.Support.EngineHarness;

namespace SharpSC.Pkcs11.Tests.Piv;

/// <summary>
/// Writing to a PIV card through the module: the security officer is the management key in hex; keys go to the
/// slot CKA_ID names, replacing the slot's key and certificate; certificates find their slot by ID or by key; the
/// key history keeps counting the retired slots written; keys cannot be deleted. Results are checked on the card.
/// </summary>
[Collection(CryptokiCollection.Name)]
public sealed class PivWriteTests : IDisposable
{
    private readonly PivEngine _engine = new(PivCardImage.Emulator());

    public void Dispose() => _engine.Dispose();

    [Fact]
    public void The_security_officer_is_the_management_key_in_hex()
    {
        var session = _engine.OpenSession();
        Assert.Equal(CKR_PIN_LEN_RANGE, Rv(() => Cryptoki.Login(session, CKU_SO, Ascii("0102030405060708"))));
        Assert.Equal(CKR_PIN_INVALID, Rv(() => Cryptoki.Login(session, CKU_SO, Ascii(PivCardImage.ManagementKeyHex[..^2] + "zz"))));
        // (3DES ignores the low bit of each byte: a wrong key differs elsewhere.)
        Assert.Equal(CKR_PIN_INCORRECT, Rv(() => Cryptoki.Login(session, CKU_SO, Ascii(PivCardImage.ManagementKeyHex[..^2] + "F0"))));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_SO, Ascii(PivCardImage.ManagementKeyHex.ToLowerInvariant()))));

        // C_SetPIN as the SO changes the management key: AES-256 now, and the old key no longer works.
        var aes = string.Concat(Enumerable.Repeat("0F1E2D3C", 8));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SetPin(session, Ascii(PivCardImage.ManagementKeyHex), Ascii(aes))));
        Assert.Equal(CKR_OK, Cryptoki.Logout(session));
        Assert.Equal(CKR_PIN_INCORRECT, Rv(() => Cryptoki.Login(session, CKU_SO, Ascii(PivCardImage.ManagementKeyHex))));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_SO, Ascii(aes))));

        // Writes need the SO: the user's PIN is not enough.
        Assert.Equal(CKR_OK, Cryptoki.Logout(session));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_USER, Ascii(PivCardImage.Pin))));
        Assert.Equal(CKR_USER_NOT_LOGGED_IN, Rv(() => GenerateEc(session, 0x03)));
    }

    [Fact]
    public void Generating_into_a_slot_replaces_its_key_and_drops_its_certificate_and_retired_slots_enter_the_key_history()
    {
        var session = _engine.SoSession();
        var oldCertificate = FindOne(session, CKO_CERTIFICATE, 0x05);
        var oldPublic = FindOne(session, CKO_PUBLIC_KEY, 0x05);
        Assert.Equal(CKR_OK, GenerateEc(session, 0x05, out var pub, out _));
        // The slot's old public key and certificate are gone; the new public key is what the card holds.
        Assert.Equal(CKR_OBJECT_HANDLE_INVALID, Rv(() => Cryptoki.GetAttributeValue(session, oldCertificate, [CKA_VALUE], out _)));
        Assert.Equal(CKR_OBJECT_HANDLE_INVALID, Rv(() => Cryptoki.GetAttributeValue(session, oldPublic, [CKA_VALUE], out _)));
        Assert.Empty(Find(session, new CkAttribute(CKA_CLASS, AttributeCodec.ULong(CKO_CERTIFICATE)), new CkAttribute(CKA_ID, [0x05])));
        Assert.Equal(pub, FindOne(session, CKO_PUBLIC_KEY, 0x05));
        var point = Attribute(session, pub, CKA_EC_POINT);

        // Slot 84 (ID 07) was empty: the key history now counts three retired slots.
        Assert.Equal(CKR_OK, GenerateEc(session, 0x07, out _, out _));
        var driver = Driver();
        Assert.Equal(new PivKeyHistory(3, 0, null), driver.ReadKeyHistory());
        var card82 = Assert.IsType<EcPublicKeyInfo>(new PivCardContents(driver).KeyOf(PivSlot.Retired[0])!.PublicKey);
        Assert.Equal(point[2..], card82.Point);
        Assert.Null(driver.ReadCertificate(PivSlot.Retired[0]));
    }

    [Fact]
    public void A_certificate_goes_to_the_slot_of_its_key_and_can_be_deleted_but_keys_cannot()
    {
        var session = _engine.SoSession();
        Assert.Equal(CKR_OK, GenerateRsa(session, 0x03, out var pub, out _));
        var der = IssueFor(session, pub);
        // No CKA_ID: the certificate goes to the slot whose key it certifies (9D, ID 03).
        var template = new[]
        {
            new CkAttribute(CKA_CLASS, AttributeCodec.ULong(CKO_CERTIFICATE)),
            new CkAttribute(CKA_CERTIFICATE_TYPE, AttributeCodec.ULong(CKC_X_509)),
            new CkAttribute(CKA_TOKEN, AttributeCodec.Bool(true)),
            new CkAttribute(CKA_VALUE, der),
        };
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.CreateObject(session, template, out _)));
        var certificate = FindOne(session, CKO_CERTIFICATE, 0x03);
        Assert.Equal("Certificate for Key Management", Label(session, certificate));
        Assert.Equal(der, Driver().ReadCertificate(PivSlot.KeyManagement));

        Assert.Equal(CKR_OK, Rv(() => Cryptoki.DestroyObject(session, certificate)));
        Assert.Null(Driver().ReadCertificate(PivSlot.KeyManagement));
        Assert.Equal(CKR_OK, Cryptoki.Logout(session));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_USER, Ascii(PivCardImage.Pin))));
        var key = FindOne(session, CKO_PRIVATE_KEY, 0x03);
        Assert.Equal(CKR_ACTION_PROHIBITED, Rv(() => Cryptoki.DestroyObject(session, key)));
        Assert.False(Bool(session, key, CKA_DESTROYABLE));
    }

    [Fact]
    public void Keys_are_imported_into_the_slot_their_id_names_and_work()
    {
        var session = _engine.SoSession();
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var p = ec.ExportParameters(true);
        var template = new[]
        {
            new CkAttribute(CKA_CLASS, AttributeCodec.ULong(CKO_PRIVATE_KEY)),
            new CkAttribute(CKA_KEY_TYPE, AttributeCodec.ULong(CKK_EC)),
            new CkAttribute(CKA_TOKEN, AttributeCodec.Bool(true)),
            new CkAttribute(CKA_ID, [0x01]),
            new CkAttribute(CKA_SIGN, AttributeCodec.Bool(true)),
            new CkAttribute(CKA_EC_PARAMS, EcCurves.Secp384r1.OidDer),
            new CkAttribute(CKA_VALUE, p.D!),
        };
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.CreateObject(session, template, out _)));
        Assert.Equal(CKR_OK, Cryptoki.Logout(session));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_USER, Ascii(PivCardImage.Pin))));
        var key = FindOne(session, CKO_PRIVATE_KEY, 0x01);
        Assert.False(Bool(session, key, CKA_LOCAL));
        var data = "imported"u8.ToArray();
        Assert.True(ec.VerifyData(data, EngineHarness.Sign(session, new Mechanism(CKM_ECDSA_SHA384), key, data), HashAlgorithmName.SHA384));
        Assert.Equal(CKR_TEMPLATE_INCOMPLETE, Rv(() => Cryptoki.Logout(session) == CKR_OK
            && Cryptoki.Login(session, CKU_SO, Ascii(PivCardImage.ManagementKeyHex)) == CKR_OK
            ? Cryptoki.CreateObject(session, template.Where(a => a.Type != CKA_ID).ToArray(), out _) : CKR_GENERAL_ERROR));
    }

    [Fact]
    public void C_SetPIN_changes_the_pin_and_C_InitPIN_points_to_the_puk()
    {
        var session = _engine.UserSession();
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SetPin(session, Ascii(PivCardImage.Pin), Ascii("24681357"))));
        Assert.Equal(CKR_PIN_LEN_RANGE, Rv(() => Cryptoki.SetPin(session, Ascii("24681357"), Ascii("123456789"))));
        Assert.Equal(CKR_OK, Cryptoki.Logout(session));
        Assert.Equal(CKR_PIN_INCORRECT, Rv(() => Cryptoki.Login(session, CKU_USER, Ascii(PivCardImage.Pin))));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_USER, Ascii("24681357"))));
        Assert.Equal(CKR_OK, Cryptoki.Logout(session));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_SO, Ascii(PivCardImage.ManagementKeyHex))));
        Assert.Equal(CKR_FUNCTION_NOT_SUPPORTED, Rv(() => Cryptoki.InitPin(session, Ascii("123456"))));
    }

    private PivDriver Driver() => PivDriver.TryConnect(new ApduChannel(_engine.Card.Transport()), out _)!;

    private static ulong GenerateEc(ulong session, byte id) => GenerateEc(session, id, out _, out _);

    private static ulong GenerateEc(ulong session, byte id, out ulong publicKey, out ulong privateKey)
    {
        ulong pub = 0, priv = 0;
        var rv = Rv(() => Cryptoki.GenerateKeyPair(session, new Mechanism(CKM_EC_KEY_PAIR_GEN),
            [new CkAttribute(CKA_EC_PARAMS, EcCurves.Secp256r1.OidDer), new CkAttribute(CKA_ID, [id])],
            [new CkAttribute(CKA_ID, [id]), new CkAttribute(CKA_DERIVE, AttributeCodec.Bool(true))], out pub, out priv));
        (publicKey, privateKey) = (pub, priv);
        return rv;
    }

    private static ulong GenerateRsa(ulong session, byte id, out ulong publicKey, out ulong privateKey)
    {
        ulong pub = 0, priv = 0;
        var rv = Rv(() => Cryptoki.GenerateKeyPair(session, new Mechanism(CKM_RSA_PKCS_KEY_PAIR_GEN),
            [new CkAttribute(CKA_MODULUS_BITS, AttributeCodec.ULong(2048)), new CkAttribute(CKA_ID, [id])],
            [new CkAttribute(CKA_ID, [id])], out pub, out priv));
        (publicKey, privateKey) = (pub, priv);
        return rv;
    }

    private static byte[] IssueFor(ulong session, ulong publicKey)
    {
        using var rsa = RSA.Create(new RSAParameters { Modulus = Attribute(session, publicKey, CKA_MODULUS), Exponent = Attribute(session, publicKey, CKA_PUBLIC_EXPONENT) });
        using var issuer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=key management", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var cert = request.Create(new X500DistinguishedName("CN=issuer"), X509SignatureGenerator.CreateForECDsa(issuer), now, now.AddDays(1), [7]);
        return cert.RawData;
    }
}
