using System.Security.Cryptography.X509Certificates;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Pkcs15.Objects;
using SharpSC.Pkcs15.Personalisation;
using SharpSC.VirtualCard;

namespace SharpSC.Pkcs15.Tests.Personalisation;

public class CertificateAndDataTests
{
    [Fact]
    public void A_certificate_takes_the_id_of_its_key_and_the_entry_opensc_writes()
    {
        var token = new EmulatedToken(AppletVersion.V0);
        var p = token.Initialised();
        var key = p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Rsa(2048), Id = Pkcs15Id.Parse("01"), Label = "rsa2048" });
        var der = TestCertificates.IssueFor(key.PublicKeyInfo, "isoapplet-rsa2048");
        var cert = p.StoreCertificate(new CertificateStoreRequest { Certificate = der }).Object;

        Assert.Equal(Pkcs15Id.Parse("01"), cert.Id);
        Assert.Equal("Certificate", cert.Label);
        // The CDF entry OpenSC wrote for the same certificate (v0-files.txt 4404).
        Assert.Equal("302630110C0B4365727469666963617465030206403003040101A10C300A300804063F0050153400", KeyGenerationTests.Content(token, "3F0050154404"));
        Assert.Equal(der, token.File("3F0050153400"));
        Assert.Contains("X.509 Certificate [Certificate]", token.Dump(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_for_a_key_opensc_made_finds_that_key_by_its_public_key()
    {
        var token = new EmulatedToken(AppletVersion.V1);
        var p = token.Initialised();
        // An id in OpenSC's native style, which cannot be derived from the key.
        var key = p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1), Id = Pkcs15Id.Parse("45") });
        var cert = p.StoreCertificate(new CertificateStoreRequest { Certificate = TestCertificates.IssueFor(key.PublicKeyInfo, "ec"), Label = "mine" }).Object;
        Assert.Equal(Pkcs15Id.Parse("45"), cert.Id);
        Assert.Equal("mine", token.Read().Application!.FindCertificate(Pkcs15Id.Parse("45"))!.Label);
    }

    [Fact]
    public void A_second_certificate_with_the_same_id_and_garbage_are_refused_and_the_card_is_unchanged()
    {
        var token = new EmulatedToken(AppletVersion.V0);
        var p = token.Initialised();
        var key = p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1) });
        p.StoreCertificate(new CertificateStoreRequest { Certificate = TestCertificates.IssueFor(key.PublicKeyInfo, "one") });
        var before = token.Dump();
        Assert.Equal(PersonalisationError.IdInUse, Assert.Throws<PersonalisationException>(() =>
            p.StoreCertificate(new CertificateStoreRequest { Certificate = TestCertificates.IssueFor(key.PublicKeyInfo, "two") })).Error);
        Assert.Equal(PersonalisationError.InvalidInput, Assert.Throws<PersonalisationException>(() =>
            p.StoreCertificate(new CertificateStoreRequest { Certificate = "not a certificate"u8.ToArray() })).Error);
        Assert.Equal(PersonalisationError.InvalidInput, Assert.Throws<PersonalisationException>(() =>
            CertificateInput.Read("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"u8)).Error);
        Assert.Equal(before, token.Dump());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_pkcs12_file_brings_key_certificate_and_ca_and_the_key_signs(bool ec)
    {
        var token = new EmulatedToken(AppletVersion.V0);
        var p = token.Initialised();
        using var contents = Pkcs12Reader.Read(TestCertificates.Pkcs12("secret", ec), "secret");
        var result = p.ImportPkcs12(contents);

        var app = token.Read().Application!;
        var id = result.Key.PrivateKey.Key.Id;
        Assert.Equal(id, result.Certificate.Id);
        Assert.Equal("p12 user", app.FindPrivateKey(id)!.Label);
        Assert.Equal(KeyAccessFlags.Sensitive, app.FindPrivateKey(id)!.Key.AccessFlags);
        Assert.NotNull(app.FindPrivateKey(id)!.PrivateKey?.SubjectName);
        var ca = Assert.Single(app.Certificates, c => c.IsAuthority);
        Assert.Equal("Throwaway Test CA", ca.Label);
        if (!ec)
            Assert.Equal(KeyUsageFlags.Sign | KeyUsageFlags.SignRecover | KeyUsageFlags.Unwrap, app.FindPrivateKey(id)!.Key.Usage);

        var driver = token.LoggedIn().Driver;
        var slot = (byte)result.Key.PrivateKey.Key.KeyReference!.Value;
        var cert = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(result.Card.ReadValue(result.Certificate.Value));
        if (ec)
        {
            var signature = driver.Sign(new CardKey(slot, 256), SignatureAlgorithm.EcdsaSha1, "data"u8);
            Assert.True(cert.GetECDsaPublicKey()!.VerifyData("data"u8, signature, System.Security.Cryptography.HashAlgorithmName.SHA1,
                System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence));
        }
        else
        {
            byte[] digestInfo = [.. Convert.FromHexString("3021300906052B0E03021A05000414"), .. System.Security.Cryptography.SHA1.HashData("data"u8)];
            var signature = driver.Sign(new CardKey(slot, 2048), SignatureAlgorithm.RsaPkcs1, digestInfo);
            Assert.True(cert.GetRSAPublicKey()!.VerifyData("data"u8, signature, System.Security.Cryptography.HashAlgorithmName.SHA1,
                System.Security.Cryptography.RSASignaturePadding.Pkcs1));
        }
    }

    [Fact]
    public void A_wrong_passphrase_and_a_garbage_file_are_told_apart()
    {
        var p12 = TestCertificates.Pkcs12("right");
        Assert.Equal(PersonalisationError.WrongPassphrase, Assert.Throws<PersonalisationException>(() => Pkcs12Reader.Read(p12, "wrong")).Error);
        Assert.Equal(PersonalisationError.InvalidInput, Assert.Throws<PersonalisationException>(() => Pkcs12Reader.Read("garbage"u8, "x")).Error);
        Assert.Equal(PersonalisationError.InvalidInput, Assert.Throws<PersonalisationException>(() => Pkcs12Reader.Read(p12.AsSpan(0, 100), "right")).Error);
    }

    [Fact]
    public void A_failed_pkcs12_import_removes_what_it_stored()
    {
        var token = new EmulatedToken(AppletVersion.V0);
        var p = token.Initialised();
        using var first = Pkcs12Reader.Read(TestCertificates.Pkcs12("pw", ec: true), "pw");
        p.ImportPkcs12(first);
        // Fill the CDF so that the second import's key goes in but its certificate entry cannot.
        var id = 0xA0;
        foreach (var labelLength in new[] { 150, 60, 20, 1 })
        {
            try
            {
                while (true)
                    p.StoreCertificate(new CertificateStoreRequest { Certificate = TestCertificates.Ca.RawData, Id = Pkcs15Id.FromByte((byte)id++), Label = new string('c', labelLength) });
            }
            catch (PersonalisationException e) when (e.Error == PersonalisationError.DirectoryFull)
            {
            }
        }
        var before = token.Dump();
        p = token.LoggedIn(); // reading the card in a new session cost the PIN validation
        using var second = Pkcs12Reader.Read(TestCertificates.Pkcs12("pw", ec: true, commonName: "second user with a long name to overflow the CDF"), "pw");
        var failure = Assert.Throws<PersonalisationException>(() => p.ImportPkcs12(second));
        Assert.Equal(PersonalisationError.DirectoryFull, failure.Error);
        // The same objects; lastUpdate moved on, since the key was written and deleted again.
        Assert.Equal(WithoutLastUpdate(before), WithoutLastUpdate(token.Dump()));
    }

    private static string WithoutLastUpdate(string dump) =>
        string.Join('\n', dump.Split('\n').Where(l => !l.StartsWith("\tLast update", StringComparison.Ordinal)));

    [Fact]
    public void Data_objects_are_public_or_need_the_pin_to_be_read()
    {
        var token = new EmulatedToken(AppletVersion.V1);
        var p = token.Initialised();
        var open = p.StoreDataObject(new DataObjectRequest { Value = "hello"u8.ToArray(), Label = "greeting", ApplicationName = "demo" }).Object;
        var secret = p.StoreDataObject(new DataObjectRequest { Value = "s3cret"u8.ToArray(), Label = "secret", Private = true, ApplicationOid = "1.3.6.1.4.1.99" }).Object;

        Assert.Equal("3F0050153200", open.Value.Path!.Hex);
        Assert.Equal("3F0050153500", secret.Value.Path!.Hex);
        var card = token.Read();
        Assert.Equal("hello"u8.ToArray(), card.ReadValue(card.Application!.DataObjects[0].Value));
        var e = Assert.Throws<CardException>(() => card.Driver.ReadFile(CardPath.Parse("3F0050153500")));
        Assert.Equal(CardError.SecurityStatusNotSatisfied, e.Error);
        var dump = token.Dump();
        Assert.Contains("greeting", dump, StringComparison.Ordinal);
        Assert.Contains("secret", dump, StringComparison.Ordinal);
    }
}
