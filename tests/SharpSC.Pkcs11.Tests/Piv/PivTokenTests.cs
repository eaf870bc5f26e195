using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tests.Support;
using SharpSC.TestSupport;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKG;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKO;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Constants.CKU;
using static SharpSC.Pkcs11.Tests.Piv.PivEngine;
using static SharpSC.Pkcs11.Tests.Support.EngineHarness;

namespace SharpSC.Pkcs11.Tests.Piv;

/// <summary>
/// A personalised virtual YubiKey (<see cref="PivCardImage"/>) through the engine: the token as the card names
/// it, OpenSC's IDs and labels, keys listed from GET METADATA without certificate reads, every private-key
/// operation checked against the slot's certificate, the PIN policies of 9C (always) and 9E (never).
/// </summary>
[Collection(CryptokiCollection.Name)]
public sealed class PivTokenTests : IDisposable
{
    private readonly PivEngine _engine = new(PivCardImage.Emulator());

    public void Dispose() => _engine.Dispose();

    [Fact]
    public void The_token_is_named_by_the_yubikey_serial_and_shows_the_pin_counter()
    {
        Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(_engine.Slot, out var info));
        Assert.Equal(("YubiKey PIV #20240613", "20240613", "Yubico", "YubiKey PIV"), (info.Label, info.SerialNumber, info.ManufacturerId, info.Model));
        Assert.Equal((6UL, 8UL), (info.MinPinLen, info.MaxPinLen));
        // CKF_RNG: random numbers come from the module's DRBG (PIV has no GET CHALLENGE to seed it from).
        Assert.Equal(CKF_RNG | CKF_TOKEN_INITIALIZED | CKF_USER_PIN_INITIALIZED | CKF_LOGIN_REQUIRED, info.Flags);
        // SELECT and GET SERIAL when the card is found; the OpenPGP application a YubiKey may share is looked for (absent
        // here: its failed SELECT leaves PIV selected); then one empty VERIFY: the check that PIV is still selected,
        // which answers the tries.
        Assert.Equal(["00A4040005A00000030800", "00F8000000", "00A4040006D2760001240100", "00200080"], _engine.Transport.Sent);

        var session = _engine.OpenSession();
        Assert.Equal(CKR_PIN_INCORRECT, Rv(() => Cryptoki.Login(session, CKU_USER, Ascii("999999"))));
        Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(_engine.Slot, out info));
        Assert.Equal(CKF_USER_PIN_COUNT_LOW, info.Flags & (CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY));
        Assert.Equal(CKR_PIN_INCORRECT, Rv(() => Cryptoki.Login(session, CKU_USER, Ascii("999999"))));
        Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(_engine.Slot, out info));
        Assert.Equal(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY, info.Flags & (CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY));
        Assert.Equal(CKR_PIN_LEN_RANGE, Rv(() => Cryptoki.Login(session, CKU_USER, Ascii("12345"))));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_USER, Ascii(PivCardImage.Pin))));
        Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(_engine.Slot, out info));
        Assert.Equal(0UL, info.Flags & (CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED));
    }

    [Fact]
    public void Objects_carry_opensc_ids_and_labels_and_keys_are_listed_without_reading_a_certificate()
    {
        var session = _engine.OpenSession();
        var before = _engine.Transport.Apdus;
        var publicKeys = Find(session, new CkAttribute(CKA_CLASS, AttributeCodec.ULong(CKO_PUBLIC_KEY)));
        // Check of the selection, GET METADATA of 9A 9C 9D 9E, the key history, GET METADATA of 82 83: no certificate.
        Assert.Equal(8, _engine.Transport.Apdus - before);
        Assert.DoesNotContain(_engine.Transport.Sent, s => s.StartsWith("00CB3FFF055C035FC1", StringComparison.Ordinal) && !s.EndsWith("0C00", StringComparison.Ordinal));
        Assert.Equal(["PIV AUTH pubkey", "SIGN pubkey", "CARD AUTH pubkey", "Retired KEY MAN 1", "Retired KEY MAN 2"], publicKeys.Select(h => Label(session, h)));
        Assert.Equal([0x01, 0x02, 0x04, 0x05, 0x06], publicKeys.Select(h => Attribute(session, h, CKA_ID).Single()));

        // Before login only 9E's private key is visible: its PIN policy is "never".
        var visible = Find(session, new CkAttribute(CKA_CLASS, AttributeCodec.ULong(CKO_PRIVATE_KEY)));
        Assert.Equal("CARD AUTH key", Label(session, Assert.Single(visible)));
        Assert.False(Bool(session, visible[0], CKA_PRIVATE));

        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_USER, Ascii(PivCardImage.Pin))));
        var privateKeys = Find(session, new CkAttribute(CKA_CLASS, AttributeCodec.ULong(CKO_PRIVATE_KEY)));
        Assert.Equal(["PIV AUTH key", "SIGN key", "CARD AUTH key", "Retired KEY MAN 1", "Retired KEY MAN 2"], privateKeys.Select(h => Label(session, h)));
        Assert.Equal([false, true, false, false, false], privateKeys.Select(h => Bool(session, h, CKA_ALWAYS_AUTHENTICATE)));
        Assert.Equal([true, true, true, false, false], privateKeys.Select(h => Bool(session, h, CKA_SIGN)));
        Assert.True(Bool(session, privateKeys[3], CKA_DERIVE));
        Assert.True(Bool(session, privateKeys[4], CKA_DECRYPT));
        Assert.All(privateKeys, h => Assert.True(Bool(session, h, CKA_LOCAL)));

        before = _engine.Transport.Apdus;
        var certificates = Find(session, new CkAttribute(CKA_CLASS, AttributeCodec.ULong(CKO_CERTIFICATE)));
        Assert.Equal(["Certificate for PIV Authentication", "Certificate for Digital Signature", "Certificate for Card Authentication",
            "Retired Certificate for Key Management 1", "Retired Certificate for Key Management 2"], certificates.Select(h => Label(session, h)));
        Assert.Equal(PivCardImage.Certificate(0x9A), Attribute(session, certificates[0], CKA_VALUE));
        Assert.Equal(PivCardImage.Certificate(0x83), Attribute(session, certificates[4], CKA_VALUE));
        // One check of the selection and one GET DATA per certificate; the keys were known.
        Assert.Equal(6, _engine.Transport.Apdus - before);

        var data = Find(session, new CkAttribute(CKA_CLASS, AttributeCodec.ULong(CKO_DATA)));
        Assert.Equal(["Discovery Object", "Key History Object"], data.Select(h => Label(session, h)));
        Assert.Equal(Convert.FromHexString("C10102C20100FE00"), Attribute(session, data[1], CKA_VALUE));
    }

    [Fact]
    public void Rsa_signatures_and_decryption_with_9a_are_checked_against_its_certificate()
    {
        var session = _engine.UserSession();
        var key = FindOne(session, CKO_PRIVATE_KEY, 0x01);
        using var certificate = X509CertificateLoader.LoadCertificate(PivCardImage.Certificate(0x9A));
        using var rsa = certificate.GetRSAPublicKey()!;
        var data = "signed by the PIV authentication key"u8.ToArray();

        var pkcs1 = EngineHarness.Sign(session, new Mechanism(CKM_SHA256_RSA_PKCS), key, data);
        Assert.True(rsa.VerifyData(data, pkcs1, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var pss = EngineHarness.Sign(session, new Mechanism(CKM_SHA384_RSA_PKCS_PSS, new PssParameters(CKM_SHA384, CKG_MGF1_SHA384, 48)), key, data);
        Assert.True(rsa.VerifyData(data, pss, HashAlgorithmName.SHA384, RSASignaturePadding.Pss));

        var secret = "a session key"u8.ToArray();
        var oaep = rsa.Encrypt(secret, RSAEncryptionPadding.OaepSHA256);
        var (rv, plain) = Decrypt(session, new Mechanism(CKM_RSA_PKCS_OAEP, new OaepParameters(CKM_SHA256, CKG_MGF1_SHA256, 0, [])), key, oaep);
        Assert.Equal(CKR_OK, rv);
        Assert.Equal(secret, plain);
        (rv, plain) = Decrypt(session, new Mechanism(CKM_RSA_PKCS), key, rsa.Encrypt(secret, RSAEncryptionPadding.Pkcs1));
        Assert.Equal(CKR_OK, rv);
        Assert.Equal(secret, plain);
    }

    [Fact]
    public void The_signature_key_9c_needs_the_pin_before_every_signature_and_9e_needs_none()
    {
        var session = _engine.OpenSession();
        var cardAuth = FindOne(session, CKO_PRIVATE_KEY, 0x04);
        var data = "no PIN for the card authentication key"u8.ToArray();
        var signature = EngineHarness.Sign(session, new Mechanism(CKM_ECDSA_SHA256), cardAuth, data);
        using (var cert = X509CertificateLoader.LoadCertificate(PivCardImage.Certificate(0x9E)))
            Assert.True(cert.GetECDsaPublicKey()!.VerifyData(data, signature, HashAlgorithmName.SHA256));

        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_USER, Ascii(PivCardImage.Pin))));
        var signing = FindOne(session, CKO_PRIVATE_KEY, 0x02);
        using var signingCert = X509CertificateLoader.LoadCertificate(PivCardImage.Certificate(0x9C));
        using var ecdsa = signingCert.GetECDsaPublicKey()!;
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(CKR_OK, Rv(() => Cryptoki.SignInit(session, new Mechanism(CKM_ECDSA_SHA256), signing)));
            Assert.Equal(CKR_USER_NOT_LOGGED_IN, Rv(() => Cryptoki.Sign(session, data, OutputRequest.Buffer(256)).Rv));
            Assert.Equal(CKR_OK, Rv(() => Cryptoki.SignInit(session, new Mechanism(CKM_ECDSA_SHA256), signing)));
            Assert.Equal(CKR_PIN_INCORRECT, Rv(() => Cryptoki.Login(session, CKU_CONTEXT_SPECIFIC, Ascii("000000"))));
            Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_CONTEXT_SPECIFIC, Ascii(PivCardImage.Pin))));
            var result = Cryptoki.Sign(session, data, OutputRequest.Buffer(256));
            Assert.Equal(CKR_OK, result.Rv);
            Assert.True(ecdsa.VerifyData(data, result.Data!, HashAlgorithmName.SHA256));
        }
    }

    [Fact]
    public void Ecdh_with_a_retired_key_agrees_with_the_host()
    {
        var session = _engine.UserSession();
        var key = FindOne(session, CKO_PRIVATE_KEY, 0x05);
        using var certificate = X509CertificateLoader.LoadCertificate(PivCardImage.Certificate(0x82));
        using var peer = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var q = peer.ExportParameters(false).Q;
        var template = new[]
        {
            new CkAttribute(CKA_CLASS, AttributeCodec.ULong(CKO_SECRET_KEY)),
            new CkAttribute(CKA_KEY_TYPE, AttributeCodec.ULong(Constants.CKK.CKK_GENERIC_SECRET)),
            new CkAttribute(CKA_VALUE_LEN, AttributeCodec.ULong(32)),
            new CkAttribute(CKA_SENSITIVE, AttributeCodec.Bool(false)),
            new CkAttribute(CKA_EXTRACTABLE, AttributeCodec.Bool(true)),
        };
        var parameters = new EcdhParameters(Constants.CKD.CKD_NULL, [], [0x04, .. q.X!, .. q.Y!]);
        ulong derived = 0;
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.DeriveKey(session, new Mechanism(CKM_ECDH1_DERIVE, parameters), key, template, out derived)));
        Assert.Equal(peer.DeriveRawSecretAgreement(certificate.GetECDiffieHellmanPublicKey()!.PublicKey), Attribute(session, derived, CKA_VALUE));
    }

    [Fact]
    public void Another_program_selecting_another_application_between_calls_costs_one_select_and_the_login_survives_a_quiet_card()
    {
        var session = _engine.UserSession();
        var key = FindOne(session, CKO_PRIVATE_KEY, 0x01);
        var data = "one"u8.ToArray();
        EngineHarness.Sign(session, new Mechanism(CKM_SHA256_RSA_PKCS), key, data);

        // Nobody else used the card: the next signature is the selection check and GENERAL AUTHENTICATE, no VERIFY.
        var sent = _engine.Transport.Sent.Count;
        EngineHarness.Sign(session, new Mechanism(CKM_SHA256_RSA_PKCS), key, data);
        Assert.Equal("00200080", _engine.Transport.Sent[sent]);
        Assert.StartsWith("0087079A", _engine.Transport.Sent[sent + 1], StringComparison.Ordinal);
        Assert.Equal(2, _engine.Transport.Sent.Count - sent);

        // Another program selects another application (the card manager here), which ends the PIN's verification:
        // PIV is selected again and the PIN the login gave is presented again, without the caller noticing.
        Assert.Equal([0x90, 0x00], _engine.Card.Process(Convert.FromHexString("00A4040008A000000003000000"))[^2..]);
        sent = _engine.Transport.Sent.Count;
        var signature = EngineHarness.Sign(session, new Mechanism(CKM_SHA256_RSA_PKCS), key, data);
        Assert.Contains("00A4040005A00000030800", _engine.Transport.Sent.Skip(sent));
        using var cert = X509CertificateLoader.LoadCertificate(PivCardImage.Certificate(0x9A));
        Assert.True(cert.GetRSAPublicKey()!.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Mechanisms_are_what_raw_rsa_ecdsa_and_ecdh_on_the_card_allow()
    {
        Assert.Equal(CKR_OK, Cryptoki.GetMechanismList(_engine.Slot, out var mechanisms));
        foreach (var m in new[] { CKM_RSA_PKCS, CKM_SHA256_RSA_PKCS, CKM_RSA_PKCS_PSS, CKM_SHA256_RSA_PKCS_PSS, CKM_RSA_PKCS_OAEP, CKM_RSA_X_509,
                     CKM_ECDSA, CKM_ECDSA_SHA256, CKM_ECDH1_DERIVE, CKM_RSA_PKCS_KEY_PAIR_GEN, CKM_EC_KEY_PAIR_GEN })
            Assert.Contains(m, mechanisms);
        Assert.DoesNotContain(CKM_EDDSA, mechanisms);
        Assert.Equal(CKR_OK, Cryptoki.GetMechanismInfo(_engine.Slot, CKM_RSA_PKCS_KEY_PAIR_GEN, out var rsa));
        Assert.Equal((1024UL, 2048UL), (rsa.MinKeySize, rsa.MaxKeySize));
        Assert.Equal(CKR_OK, Cryptoki.GetMechanismInfo(_engine.Slot, CKM_EC_KEY_PAIR_GEN, out var ec));
        Assert.Equal((256UL, 384UL), (ec.MinKeySize, ec.MaxKeySize));
    }
}
