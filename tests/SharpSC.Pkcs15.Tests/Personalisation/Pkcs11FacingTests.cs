using System.Security.Cryptography;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Pkcs15.Objects;
using SharpSC.Pkcs15.Personalisation;
using SharpSC.VirtualCard;

namespace SharpSC.Pkcs15.Tests.Personalisation;

/// <summary>What the PKCS#11 module's write path needs beyond the CLI: C_InitToken/C_InitPIN, bare public keys, d-only EC imports.</summary>
public class Pkcs11FacingTests
{
    [Fact]
    public void Init_token_with_only_the_puk_then_init_pin_gives_a_usable_token()
    {
        var token = new EmulatedToken(AppletVersion.V1);
        var p = token.Open();
        var init = p.InitializeToken(new TokenInitialization { Label = "P11", Puk = EmulatedToken.Puk });
        Assert.Contains(init.Notes, n => n.Contains("C_InitPIN", StringComparison.Ordinal));
        Assert.False(p.GetUserPinStatus().VerificationRequired);

        // C_InitPIN after C_InitToken: the blank applet takes its first PIN.
        p.InitUserPin(p.UserPin, p.UnblockingPin, EmulatedToken.Puk, EmulatedToken.Pin);
        var q = token.LoggedIn();
        q.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1) });
        // Once set, C_InitPIN unblocks with the PUK (the SO's secret): a wrong one costs a PUK try and changes nothing.
        var wrong = Assert.Throws<CardException>(() => q.InitUserPin(q.UserPin, q.UnblockingPin, "fedcba9876543210"u8, "999999"u8));
        Assert.Equal(CardError.PinIncorrect, wrong.Error);
        q.InitUserPin(q.UserPin, q.UnblockingPin, EmulatedToken.Puk, "654321"u8);
        token.Open().VerifyUserPin("654321"u8);
    }

    [Fact]
    public void An_operational_applet_needs_the_user_pin_to_be_initialised_again()
    {
        var token = new EmulatedToken(AppletVersion.V0);
        token.Initialised().Erase();
        var e = Assert.Throws<PersonalisationException>(() => token.Open().InitializeToken(new TokenInitialization { Label = "x", Puk = EmulatedToken.Puk }));
        Assert.Equal(PersonalisationError.InvalidRequest, e.Error);
        Assert.Null(token.Read().Application);
    }

    [Fact]
    public void An_ec_key_imported_with_only_its_private_value_gets_its_public_key_derived_and_signs()
    {
        var token = new EmulatedToken(AppletVersion.V1);
        var p = token.Initialised();
        using var software = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = software.ExportParameters(includePrivateParameters: true);
        var result = p.ImportKeyPair(new KeyImportRequest { Key = new EcPrivateKeyImport(EcCurves.Secp256r1, parameters.D!), Label = "imported" });
        var point = ((EcPublicKeyInfo)result.PublicKeyInfo).Point;
        Assert.Equal([0x04, .. parameters.Q.X!, .. parameters.Q.Y!], point);

        var signature = token.LoggedIn().Driver.Sign(new CardKey((byte)result.PrivateKey.Key.KeyReference!.Value, 256), SignatureAlgorithm.Ecdsa, SHA256.HashData("m"u8));
        Assert.True(software.VerifyHash(SHA256.HashData("m"u8), signature, DSASignatureFormat.Rfc3279DerSequence));
        Assert.Equal(PersonalisationError.InvalidRequest, Assert.Throws<PersonalisationException>(() => p.ImportKeyPair(new KeyImportRequest
        {
            Key = new RsaPrivateKeyImport(2048, new byte[128], new byte[128], new byte[128], new byte[128], new byte[128]),
        })).Error);
    }

    [Fact]
    public void Public_keys_private_certificates_labels_usage_and_user_consent_are_recorded()
    {
        var token = new EmulatedToken(AppletVersion.V0);
        var p = token.Initialised();
        var pair = p.GenerateKeyPair(new KeyGenerationRequest
        {
            Spec = KeySpec.Ec(EcCurves.Secp256r1), Label = "private half", PublicLabel = "public half",
            Usage = KeyUsageFlags.Sign, PublicUsage = KeyUsageFlags.Verify, UserConsent = 1,
        });
        Assert.Equal((1, "public half", KeyUsageFlags.Verify), (pair.PrivateKey.Common.UserConsent, pair.PublicKey.Label, pair.PublicKey.Key.Usage));

        using var other = RSA.Create(2048);
        var parameters = other.ExportParameters(false);
        var bare = p.StorePublicKey(new PublicKeyStoreRequest { Key = new RsaPublicKeyInfo(parameters.Modulus!, parameters.Exponent!), Label = "someone" }).Object;
        Assert.Equal(new Pkcs15Id(SHA1.HashData(parameters.Modulus!)), bare.Key.Id);
        Assert.Equal(PersonalisationError.IdInUse, Assert.Throws<PersonalisationException>(() =>
            p.StorePublicKey(new PublicKeyStoreRequest { Key = new RsaPublicKeyInfo(parameters.Modulus!, parameters.Exponent!) })).Error);

        var cert = p.StoreCertificate(new CertificateStoreRequest { Certificate = TestCertificates.IssueFor(pair.PublicKeyInfo, "private"), Private = true }).Object;
        Assert.True(cert.Common.IsPrivate);
        var card = token.Read();
        Assert.Equal(CardError.SecurityStatusNotSatisfied, Assert.Throws<CardException>(() => card.Driver.ReadFile(CardPath.Parse(cert.Value.Path!.Hex))).Error);
        var app = card.Application!;
        Assert.Equal("someone", app.FindPublicKey(bare.Key.Id)!.Label);
        Assert.Equal(1, app.FindPrivateKey(pair.PrivateKey.Key.Id)!.Common.UserConsent);
    }
}
