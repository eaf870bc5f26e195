using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Net.Pkcs11Interop.HighLevelAPI.Factories;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Token;

/// <summary>
/// Our module on a card personalised by OpenSC (v0 applet): what Firefox, OpenSSL and ssh see —
/// token info, objects, attribute rules, login, signatures and decryption checked by openssl.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class OpenScCardTokenTests(OpenScCard card) : IClassFixture<OpenScCard>
{
    private static IObjectAttributeFactory Attr => Module.Factories.ObjectAttributeFactory;

    private static IMechanismFactory Mech => Module.Factories.MechanismFactory;

    [Fact]
    public void Token_info_describes_the_card()
    {
        using var library = Module.Load();
        var info = Module.Slot(library, TokenReader.Name).GetTokenInfo();
        Assert.Equal("Test", info.Label);
        Assert.Equal("IsoApplet 0.06", info.Model);
        Assert.True(info.TokenFlags.TokenInitialized);
        Assert.True(info.TokenFlags.UserPinInitialized);
        Assert.True(info.TokenFlags.LoginRequired);
        Assert.True(info.TokenFlags.Rng);
        Assert.False(info.TokenFlags.WriteProtected);
        Assert.Equal(4UL, info.MinPinLen);
        Assert.Equal(16UL, info.MaxPinLen);
    }

    [Fact]
    public void Without_login_certificates_and_public_keys_are_visible_private_keys_are_not()
    {
        using var library = Module.Load();
        using var session = Module.Slot(library, TokenReader.Name).OpenSession(SessionType.ReadOnly);
        Assert.Single(Find(session, CKO.CKO_CERTIFICATE));
        Assert.Equal(2, Find(session, CKO.CKO_PUBLIC_KEY).Count);
        Assert.Empty(Find(session, CKO.CKO_PRIVATE_KEY));
    }

    [Fact]
    public void Certificate_attributes_come_from_the_X509_value()
    {
        using var library = Module.Load();
        using var session = Module.Slot(library, TokenReader.Name).OpenSession(SessionType.ReadOnly);
        var cert = Find(session, CKO.CKO_CERTIFICATE).Single();
        var values = session.GetAttributeValue(cert, [CKA.CKA_VALUE, CKA.CKA_SUBJECT, CKA.CKA_ISSUER, CKA.CKA_SERIAL_NUMBER, CKA.CKA_ID, CKA.CKA_CERTIFICATE_TYPE]);
        var expected = X509Certificate2.CreateFromPem(File.ReadAllText(card.CertificatePem));
        Assert.Equal(expected.RawData, values[0].GetValueAsByteArray());
        Assert.Equal(expected.SubjectName.RawData, values[1].GetValueAsByteArray());
        Assert.Equal(expected.IssuerName.RawData, values[2].GetValueAsByteArray());
        Assert.Equal([0x01], values[4].GetValueAsByteArray());
        Assert.Equal((ulong)CKC.CKC_X_509, values[5].GetValueAsUlong());
    }

    [Fact]
    public void Private_keys_are_sensitive_never_extractable_and_show_only_public_parts()
    {
        using var library = Module.Load();
        using var session = Module.Slot(library, TokenReader.Name).OpenSession(SessionType.ReadOnly);
        session.Login(CKU.CKU_USER, TokenReader.Pin);
        var keys = Find(session, CKO.CKO_PRIVATE_KEY);
        Assert.Equal(2, keys.Count);
        var rsa = FindKey(session, CKO.CKO_PRIVATE_KEY, 0x01);
        var a = session.GetAttributeValue(rsa, [CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_ALWAYS_SENSITIVE, CKA.CKA_NEVER_EXTRACTABLE,
            CKA.CKA_SIGN, CKA.CKA_DECRYPT, CKA.CKA_MODULUS, CKA.CKA_KEY_TYPE]);
        Assert.True(a[0].GetValueAsBool());
        Assert.False(a[1].GetValueAsBool());
        Assert.True(a[2].GetValueAsBool());
        Assert.True(a[3].GetValueAsBool());
        Assert.True(a[4].GetValueAsBool());
        Assert.True(a[5].GetValueAsBool());
        Assert.Equal(256, a[6].GetValueAsByteArray().Length);
        Assert.Equal((ulong)CKK.CKK_RSA, a[7].GetValueAsUlong());

        var secret = session.GetAttributeValue(rsa, [CKA.CKA_PRIVATE_EXPONENT, CKA.CKA_PRIME_1, CKA.CKA_VALUE]);
        Assert.All(secret, x => Assert.True(x.CannotBeRead));
    }

    [Theory]
    [InlineData(CKM.CKM_SHA1_RSA_PKCS, "sha1")]
    [InlineData(CKM.CKM_SHA224_RSA_PKCS, "sha224")]
    [InlineData(CKM.CKM_SHA256_RSA_PKCS, "sha256")]
    [InlineData(CKM.CKM_SHA384_RSA_PKCS, "sha384")]
    [InlineData(CKM.CKM_SHA512_RSA_PKCS, "sha512")]
    public void Rsa_signatures_verify_with_openssl(CKM mechanism, string digest)
    {
        using var library = Module.Load();
        using var session = Module.Slot(library, TokenReader.Name).OpenSession(SessionType.ReadOnly);
        session.Login(CKU.CKU_USER, TokenReader.Pin);
        var data = "signed by the card\n"u8.ToArray();
        var signature = session.Sign(Mech.Create(mechanism), FindKey(session, CKO.CKO_PRIVATE_KEY, 0x01), data);
        var r = OpenSsl.VerifySignature(card.Dir, card.RsaPublicKeyPem, data, signature, digest);
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Fact]
    public void Raw_rsa_pkcs_signs_a_digest_info_given_by_the_caller()
    {
        using var library = Module.Load();
        using var session = Module.Slot(library, TokenReader.Name).OpenSession(SessionType.ReadOnly);
        session.Login(CKU.CKU_USER, TokenReader.Pin);
        var data = "raw DigestInfo"u8.ToArray();
        byte[] digestInfo = [0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20, .. SHA256.HashData(data)];
        var signature = session.Sign(Mech.Create(CKM.CKM_RSA_PKCS), FindKey(session, CKO.CKO_PRIVATE_KEY, 0x01), digestInfo);
        var r = OpenSsl.VerifySignature(card.Dir, card.RsaPublicKeyPem, data, signature, "sha256");
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Fact]
    public void Multi_part_signature_equals_the_single_part_one_for_pkcs1()
    {
        using var library = Module.Load();
        using var session = Module.Slot(library, TokenReader.Name).OpenSession(SessionType.ReadOnly);
        session.Login(CKU.CKU_USER, TokenReader.Pin);
        var key = FindKey(session, CKO.CKO_PRIVATE_KEY, 0x01);
        var data = new byte[5000];
        Random.Shared.NextBytes(data);
        var once = session.Sign(Mech.Create(CKM.CKM_SHA256_RSA_PKCS), key, data);
        using var stream = new MemoryStream(data);
        var parts = session.Sign(Mech.Create(CKM.CKM_SHA256_RSA_PKCS), key, stream, 1000);
        Assert.Equal(once, parts); // PKCS#1 v1.5 is deterministic
    }

    [Fact]
    public void Ecdsa_sha1_on_the_v0_card_verifies_with_openssl_as_r_s()
    {
        using var library = Module.Load();
        using var session = Module.Slot(library, TokenReader.Name).OpenSession(SessionType.ReadOnly);
        session.Login(CKU.CKU_USER, TokenReader.Pin);
        var data = "ecdsa on a v0 card"u8.ToArray();
        var signature = session.Sign(Mech.Create(CKM.CKM_ECDSA_SHA1), FindKey(session, CKO.CKO_PRIVATE_KEY, 0x03), data);
        Assert.Equal(64, signature.Length);
        var r = OpenSsl.VerifySignature(card.Dir, card.EcPublicKeyPem, data, OpenSsl.EcdsaRawToDer(signature), "sha1");
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Fact]
    public void V0_offers_only_the_ecdsa_mechanism_it_can_do_correctly()
    {
        using var library = Module.Load();
        var slot = Module.Slot(library, TokenReader.Name);
        var mechanisms = slot.GetMechanismList();
        Assert.Contains(CKM.CKM_ECDSA_SHA1, mechanisms);
        Assert.True(slot.GetMechanismInfo(CKM.CKM_ECDSA_SHA1).MechanismFlags.Sign);
        Assert.False(slot.GetMechanismInfo(CKM.CKM_ECDSA_SHA256).MechanismFlags.Sign);
        Assert.False(slot.GetMechanismInfo(CKM.CKM_ECDSA).MechanismFlags.Sign);
        // Not even for verification: hosts take a listed PSS mechanism as a signing one.
        Assert.DoesNotContain(CKM.CKM_RSA_PKCS_PSS, mechanisms);
        Assert.DoesNotContain(CKM.CKM_SHA256_RSA_PKCS_PSS, mechanisms);
    }

    [Fact]
    public void Decrypts_what_openssl_encrypted_to_the_card_key()
    {
        using var library = Module.Load();
        using var session = Module.Slot(library, TokenReader.Name).OpenSession(SessionType.ReadOnly);
        session.Login(CKU.CKU_USER, TokenReader.Pin);
        var secret = RandomNumberGenerator.GetBytes(32);
        var ciphertext = OpenSsl.EncryptPkcs1(card.Dir, card.RsaPublicKeyPem, secret);
        var plaintext = session.Decrypt(Mech.Create(CKM.CKM_RSA_PKCS), FindKey(session, CKO.CKO_PRIVATE_KEY, 0x01), ciphertext);
        Assert.Equal(secret, plaintext);
    }

    [Fact]
    public void Verify_and_encrypt_run_in_software_with_the_public_key()
    {
        using var library = Module.Load();
        using var session = Module.Slot(library, TokenReader.Name).OpenSession(SessionType.ReadOnly);
        session.Login(CKU.CKU_USER, TokenReader.Pin);
        var data = "verify me"u8.ToArray();
        var signature = session.Sign(Mech.Create(CKM.CKM_SHA256_RSA_PKCS), FindKey(session, CKO.CKO_PRIVATE_KEY, 0x01), data);
        var publicKey = FindKey(session, CKO.CKO_PUBLIC_KEY, 0x01);
        session.Verify(Mech.Create(CKM.CKM_SHA256_RSA_PKCS), publicKey, data, signature, out var valid);
        Assert.True(valid);
        signature[10] ^= 1;
        session.Verify(Mech.Create(CKM.CKM_SHA256_RSA_PKCS), publicKey, data, signature, out valid);
        Assert.False(valid);

        var secret = RandomNumberGenerator.GetBytes(24);
        var ciphertext = session.Encrypt(Mech.Create(CKM.CKM_RSA_PKCS), publicKey, secret);
        Assert.Equal(secret, session.Decrypt(Mech.Create(CKM.CKM_RSA_PKCS), FindKey(session, CKO.CKO_PRIVATE_KEY, 0x01), ciphertext));
    }

    [Fact]
    public void Login_rules_and_a_wrong_pin_reported_with_the_counter()
    {
        using var library = Module.Load();
        var slot = Module.Slot(library, TokenReader.Name);
        using var session = slot.OpenSession(SessionType.ReadOnly);
        var e = Assert.Throws<Pkcs11Exception>(() => session.Login(CKU.CKU_USER, "999999"));
        Assert.Equal(CKR.CKR_PIN_INCORRECT, e.RV);
        Assert.True(slot.GetTokenInfo().TokenFlags.UserPinCountLow);
        session.Login(CKU.CKU_USER, TokenReader.Pin);
        Assert.False(slot.GetTokenInfo().TokenFlags.UserPinCountLow);
        e = Assert.Throws<Pkcs11Exception>(() => session.Login(CKU.CKU_USER, TokenReader.Pin));
        Assert.Equal(CKR.CKR_USER_ALREADY_LOGGED_IN, e.RV);
        using var second = slot.OpenSession(SessionType.ReadOnly);
        Assert.Equal(CKS.CKS_RO_USER_FUNCTIONS, second.GetSessionInfo().State); // the login is the token's
        session.Logout();
        Assert.Equal(CKS.CKS_RO_PUBLIC_SESSION, second.GetSessionInfo().State);
        e = Assert.Throws<Pkcs11Exception>(() => session.Logout());
        Assert.Equal(CKR.CKR_USER_NOT_LOGGED_IN, e.RV);
        e = Assert.Throws<Pkcs11Exception>(() => session.Login(CKU.CKU_USER, "12"));
        Assert.Equal(CKR.CKR_PIN_LEN_RANGE, e.RV);
    }

    /// <summary>
    /// C_GenerateRandom is served by the token's SP 800-90A DRBG, seeded from the card's GET CHALLENGE: any length
    /// costs one card exchange to instantiate and nothing per byte; C_SeedRandom reseeds (one more exchange).
    /// </summary>
    [Fact]
    public void Random_bytes_come_from_a_generator_seeded_by_the_card_whatever_the_length()
    {
        using var library = Module.Load();
        using var session = Module.Slot(library, TokenReader.Name).OpenSession(SessionType.ReadOnly);
        session.GetSessionInfo();
        card.Card.Control("stats reset");
        var a = session.GenerateRandom(300);
        var b = session.GenerateRandom(300);
        Assert.Equal(300, a.Length);
        Assert.NotEqual(a, b);
        var large = session.GenerateRandom(8 << 20);
        Assert.Equal(8 << 20, large.Length);
        Assert.True(card.Card.ApduCount <= 2, $"{card.Card.ApduCount} APDUs for 8 MiB of random bytes");
        // Not a constant or a short cycle: every 64 KiB request differs, and the bytes are balanced.
        var blocks = Enumerable.Range(0, 128).Select(i => Convert.ToHexString(large, i << 16, 32)).ToHashSet();
        Assert.Equal(128, blocks.Count);
        var ones = large.Sum(x => System.Numerics.BitOperations.PopCount(x));
        Assert.InRange(ones / (8.0 * large.Length), 0.499, 0.501);
        card.Card.Control("stats reset");
        session.SeedRandom("caller's seed"u8.ToArray());
        Assert.Equal(1, card.Card.ApduCount);
        Assert.NotEqual(a, session.GenerateRandom(300));
    }

    [Fact]
    public void OpenSC_pkcs11_tool_test_passes_with_our_module()
    {
        var r = ProcessRunner.Run("pkcs11-tool", ["--module", Module.Path, "--slot-description", TokenReader.Name, "--login", "--pin", TokenReader.Pin, "--test"],
            timeout: TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("No errors", r.All);
    }

    [Fact]
    public void Both_modules_list_the_same_objects()
    {
        var ours = ListObjects(Module.Path);
        var openSc = ListObjects(RepoPaths.OpenScModule);
        Assert.Equal(openSc, ours);
    }

    private static List<string> ListObjects(string module)
    {
        var r = ProcessRunner.RunChecked("pkcs11-tool", "--module", module, "--slot-description", TokenReader.Name, "--login", "--pin", TokenReader.Pin, "--list-objects");
        // Compare kind, label and ID of every object (the module-specific details differ by design).
        return r.StdOut.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("Private Key Object", StringComparison.Ordinal) || l.StartsWith("Public Key Object", StringComparison.Ordinal)
                || l.StartsWith("Certificate Object", StringComparison.Ordinal) || l.StartsWith("label:", StringComparison.Ordinal) || l.StartsWith("ID:", StringComparison.Ordinal))
            .Select(l => l.Replace("  ", " ", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static List<IObjectHandle> Find(ISession session, CKO objectClass) =>
        session.FindAllObjects([Attr.Create(CKA.CKA_CLASS, objectClass)]);

    private static IObjectHandle FindKey(ISession session, CKO objectClass, byte id) =>
        session.FindAllObjects([Attr.Create(CKA.CKA_CLASS, objectClass), Attr.Create(CKA.CKA_ID, new[] { id })]).Single();
}
