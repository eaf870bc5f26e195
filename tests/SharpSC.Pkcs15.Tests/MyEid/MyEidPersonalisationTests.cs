using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SharpSC.Cards.Drivers.MyEid;
using SharpSC.Cards.Files;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Objects;
using SharpSC.Pkcs15.Personalisation;
using SharpSC.TestSupport;

namespace SharpSC.Pkcs15.Tests.MyEid;

/// <summary>
/// The personaliser on MyEID: the structure OpenSC's myeid profile makes (same files, sizes, ACLs, key
/// references, PINs), keys in key files, certificates, PKCS#12, data objects, deletion, erase, the one-PIN
/// token, and an OpenSC-made card extended by us.
/// </summary>
public sealed class MyEidPersonalisationTests
{
    /// <summary>FCIs of OpenSC 0.23's pkcs15-init on OsEID (tests/fixtures/myeid/personalise.apdu), after -F.</summary>
    private static readonly (string Path, string Fci)[] OpenScFcis =
    [
        ("3F002F00", "6F178002008082010183022F008603033FFF850200008A0107"),
        ("3F0050155031", "6F17800200FF820101830250318603013FFF850200008A0107"),
        ("3F0050154401", "6F17800200FF820101830244018603033FFF850200008A0107"),
        ("3F0050154402", "6F17800205FA820101830244028603013FFF850200008A0107"),
        ("3F0050154404", "6F17800205FA820101830244048603013FFF850200008A0107"),
        ("3F0050154407", "6F17800205FA820101830244078603013FFF850200008A0107"),
        ("3F0050154403", "6F17800205FA820101830244038603013FFF850200008A0107"),
        ("3F0050154405", "6F17800201FE820101830244058603013FFF850200008A0107"),
        ("3F0050154406", "6F17800205FA820101830244068603013FFF850200008A0107"),
    ];

    [Fact]
    public void A_new_token_has_openscs_files_sizes_and_access_rules()
    {
        var t = new MyEidToken();
        var result = t.Open().InitializeToken(new TokenInitialization
        {
            Label = "MyEID", UserPin = MyEidToken.Pin, Puk = MyEidToken.Puk, SoPin = MyEidToken.SoPin, SoPuk = MyEidToken.SoPin,
        });
        Assert.DoesNotContain(result.Notes, n => n.Contains("PUK", StringComparison.Ordinal));
        foreach (var (path, fci) in OpenScFcis)
            Assert.Equal(fci, t.RawFci(path));
        // TokenInfo: the profile's 160 bytes (OpenSC made it 180 to fit its AES algorithm list), SO's.
        Assert.Equal("6F17800200A0820101830250328603033FFF850200008A0107", t.RawFci("3F0050155032"));
        var card = t.Read();
        Assert.Equal("MyEID", card.TokenInfo!.Label);
        Assert.Equal("Aventra Ltd.", card.TokenInfo.ManufacturerId);
        Assert.Equal("00000000000000000001", card.TokenInfo.SerialNumberHex); // the card's serial number, as OpenSC
        var pins = card.Objects<PinObject>(DirectoryKind.AuthObjects);
        Assert.Equal([("Security Officer PIN", "ff", 3), ("User PIN", "01", 1)], pins.Select(p => (p.Label!, p.AuthId!.ToString(), p.Attributes.Reference ?? 0)));
        Assert.All(pins, p => Assert.Equal((4, 8, 8, (byte?)0xFF), (p.Attributes.MinLength, p.Attributes.MaxLength ?? 0, p.Attributes.StoredLength, p.Attributes.PadChar)));
        Assert.True(t.Connect().IsOperational());
        Assert.Equal(Convert.FromHexString("030A030A0000000404"), t.PinInfo(3)); // tries left and maxima: PIN 3, PUK 10
        Assert.Equal(Convert.FromHexString("030A030A0000000404"), t.PinInfo(1));
    }

    [Fact]
    public void Keys_go_into_key_files_as_pkcs15_init_makes_them()
    {
        var t = new MyEidToken();
        var p = t.Initialised();
        var rsa = p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Rsa(2048), Id = Pkcs15Id.Parse("01"), Label = "RSA2k key" });
        var ec = p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1), Id = Pkcs15Id.Parse("02"), Label = "EC P-256 key" });
        Assert.Equal("6F178102080082011183024B0186031111FF850203008A0107", t.RawFci("3F0050154B01"));
        Assert.Equal("6F178102010082012283024B0286031111FF850203008A0107", t.RawFci("3F0050154B02"));
        Assert.Equal("6F178002010E820101830255018603011FFF850200008A0107", t.RawFci("3F0050155501")); // as OpenSC: 270 bytes
        Assert.Equal("6F178002005B820101830255028603011FFF850200008A0107", t.RawFci("3F0050155502"));
        var card = t.Read();
        var keys = card.Objects<PrivateKeyObject>(DirectoryKind.PrivateKeys);
        Assert.Equal([("3F0050154B01", 1), ("3F0050154B02", 2)], keys.Select(k => (k.Value.Path!.Hex, k.Key.KeyReference ?? 0)));
        Assert.All(keys, k => Assert.Equal("01", k.Common.AuthId!.ToString()));
        // The keys sign; the public key files hold what the card made.
        var driver = t.Connect();
        driver.VerifyPin(MyEidDriver.UserPin, MyEidToken.Pin);
        var hash = SHA256.HashData("pkcs15"u8);
        var rsaPublic = Assert.IsType<RsaPublicKeyInfo>(rsa.PublicKeyInfo);
        using var pub = RSA.Create(new RSAParameters { Modulus = rsaPublic.Modulus, Exponent = rsaPublic.Exponent });
        Assert.True(pub.VerifyHash(hash, driver.Sign(new CardKey(1, 2048), SignatureAlgorithm.RsaPkcs1,
            [.. Convert.FromHexString("3031300D060960864801650304020105000420"), .. hash]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(65, Assert.IsType<EcPublicKeyInfo>(ec.PublicKeyInfo).Point.Length);
    }

    [Fact]
    public void Certificates_pkcs12_and_data_objects_are_stored_deleted_and_the_card_erased()
    {
        var t = new MyEidToken();
        var p = t.Initialised();
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=myeid", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pkcs12 = Pkcs12Reader.Read(cert.Export(X509ContentType.Pkcs12, "pw"), "pw");
        var imported = p.ImportPkcs12(pkcs12);
        p.StoreDataObject(new DataObjectRequest { Label = "note", ApplicationName = "test", Value = "hello"u8.ToArray() });
        Assert.Equal("6F178102080082011183024B0186031111FF850201008A0107", t.RawFci("3F0050154B01")); // loaded, not generated
        Assert.Equal("6F1780020" + cert.RawData.Length.ToString("X3", System.Globalization.CultureInfo.InvariantCulture)
                     + "820101830243018603011FFF850200008A0107", t.RawFci("3F0050154301"));
        var card = t.Read();
        Assert.Single(card.Objects<CertificateObject>(DirectoryKind.Certificates));
        Assert.Single(card.Objects<DataObject>(DirectoryKind.DataObjects));
        Assert.Equal("3F0050154601", card.Objects<DataObject>(DirectoryKind.DataObjects)[0].Value!.Path!.Hex);

        p = t.LoggedIn();
        var privateKey = p.Card.Objects<PrivateKeyObject>(DirectoryKind.PrivateKeys).Single();
        p.DeleteObject(privateKey);
        Assert.Throws<Cards.Errors.CardException>(() => t.Fci("3F0050154B01")); // the key file went with it
        Assert.NotNull(imported);

        // Erase: the SO PIN grants it (MF delete = 3); the card is back in creation state, blank.
        var driver = t.Connect();
        var so = new Pkcs15Personaliser(Pkcs15Card.Read(driver));
        Assert.Throws<Cards.Errors.CardException>(() => so.Erase());
        driver.VerifyPin(MyEidDriver.SoPin, MyEidToken.SoPin);
        var erased = so.Erase();
        Assert.Contains(erased.Steps, s => s.Contains("initialise applet", StringComparison.Ordinal));
        Assert.False(t.Read().HasApplication);
        Assert.False(t.Connect().IsOperational());
        t.Initialised(); // and it takes a new token
    }

    [Fact]
    public void A_token_without_so_pin_gives_the_user_pin_the_sos_rights()
    {
        var t = new MyEidToken();
        var result = t.Initialised(withSoPin: false).Card;
        var pins = result.Objects<PinObject>(DirectoryKind.AuthObjects);
        Assert.Equal([("User PIN", 1)], pins.Select(p => (p.Label!, p.Attributes.Reference ?? 0)));
        Assert.Null(t.PinInfo(3));
        Assert.Equal("6F17800200FF820101830244018603011FFF850200008A0107", t.RawFci("3F0050154401")); // 03 3F -> 01 1F
        Assert.Equal("6F178002008082010183022F008603011FFF850200008A0107", t.RawFci("3F002F00"));
        Assert.EndsWith("8603111FFF850200028A0107", t.RawFci("3F00"));
        // The user PIN erases it.
        var driver = t.Connect();
        driver.VerifyPin(MyEidDriver.UserPin, MyEidToken.Pin);
        new Pkcs15Personaliser(Pkcs15Card.Read(driver)).Erase();
        Assert.False(t.Read().HasApplication);
    }

    [Fact]
    public void A_card_pkcs15_init_personalised_is_extended_by_us()
    {
        var t = new MyEidToken(MyEidFixtureCards.OpenScPersonalised());
        var p = t.LoggedIn();
        var added = p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp384r1), Id = Pkcs15Id.Parse("03"), Label = "P-384" });
        var card = t.Read();
        var keys = card.Objects<PrivateKeyObject>(DirectoryKind.PrivateKeys);
        Assert.Equal(["3F0050154B01", "3F0050154B02", "3F0050154B03"], keys.Select(k => k.Value.Path!.Hex).Order());
        Assert.Equal(3, keys.Single(k => k.Value.Path!.Hex.EndsWith("4B03", StringComparison.Ordinal)).Key.KeyReference);
        Assert.Equal("3F0050155503", card.Objects<PublicKeyObject>(DirectoryKind.PublicKeys).Single(k => k.Key.Id == Pkcs15Id.Parse("03")).Value.Path!.Hex);
        Assert.Equal(3, card.Objects<PinObject>(DirectoryKind.AuthObjects).Count + 1); // SO and user PIN, as OpenSC wrote them
        Assert.NotNull(added);
    }

    [Fact]
    public void Init_refuses_an_activated_card_until_it_is_erased()
    {
        var t = new MyEidToken();
        t.Initialised();
        var driver = t.Connect();
        driver.VerifyPin(MyEidDriver.SoPin, MyEidToken.SoPin);
        var card = Pkcs15Card.Read(driver);
        var p = new Pkcs15Personaliser(card);
        var refused = Assert.Throws<PersonalisationException>(() => p.InitializeToken(new TokenInitialization { Label = "again", UserPin = MyEidToken.Pin }));
        Assert.Equal(PersonalisationError.AlreadyInitialized, refused.Error);
        p.Erase();
        // An activated card without a structure (e.g. its files deleted by hand) must be erased too.
        t.Initialised();
        driver = t.Connect();
        driver.VerifyPin(MyEidDriver.SoPin, MyEidToken.SoPin);
        driver.DeleteFile(CardPath.Parse("3F0050155032"));
        var broken = new Pkcs15Personaliser(Pkcs15Card.Read(driver));
        var again = Assert.Throws<PersonalisationException>(() => broken.InitializeToken(new TokenInitialization { Label = "x", UserPin = MyEidToken.Pin }));
        Assert.Contains("activated", again.Message, StringComparison.Ordinal);
    }
}
