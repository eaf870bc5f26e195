using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Cards.Transport;
using SharpSC.TestSupport;

namespace SharpSC.Cards.Tests.Drivers.Piv;

/// <summary>The PIV driver against the virtual YubiKey (in process): every operation checked by host crypto.</summary>
public sealed class PivDriverEmulatorTests
{
    private static readonly byte[] DefaultKey = Hex.Decode("010203040506070801020304050607080102030405060708");
    private static readonly byte[] Pin = "123456"u8.ToArray();

    /// <summary>The empty VERIFY of the PIN that opens each transaction: is PIV still selected (SP 800-73-4 Part 2 §3.2.1)?</summary>
    internal const string SelectionCheck = "00200080";

    private static (PivDriver Driver, EmulatorTransport Transport) Connect(PivCardEmulator? card = null)
    {
        var transport = (card ?? new PivCardEmulator()).Transport();
        var driver = PivDriver.TryConnect(new ApduChannel(transport), out var reason);
        Assert.NotNull(driver);
        Assert.Contains("YubiKey ATR", reason, StringComparison.Ordinal);
        return (driver!, transport);
    }

    [Fact]
    public void Detection_is_one_select_and_yubico_facts_are_read_only_when_asked()
    {
        var (driver, transport) = Connect(new PivCardEmulator(12345678));
        // A YubiKey (known by its ATR) is asked for its serial in the detecting transaction: the token is named by it.
        Assert.Equal(2, transport.Apdus);
        Assert.Equal("00A4040005A00000030800", transport.Sent[0]);
        Assert.Equal("00F8000000", transport.Sent[1]);
        Assert.Equal("PIV", driver.Version);
        Assert.Equal(12345678u, driver.YubicoSerial); // remembered
        Assert.Equal(2, transport.Apdus);
        // A later transaction opens with the check of the selection (an empty VERIFY), then GET VERSION.
        Assert.Equal([5, 4, 3], driver.FirmwareVersion);
        Assert.Equal(4, transport.Apdus);
        Assert.Equal(SelectionCheck, transport.Sent[2]);
        Assert.Equal("YubiKey PIV 5.4.3", driver.Version);
        Assert.True(driver.IsYubiKey);
        Assert.Equal([0x00, 0xBC, 0x61, 0x4E], driver.Capabilities.SerialNumber);
        Assert.NotNull(driver.Application.Pix);
    }

    [Fact]
    public void Pin_status_verify_change_and_unblock()
    {
        var (driver, _) = Connect();
        Assert.Equal(new PinStatusExpect(3, false, true), Status(driver));
        var wrong = Assert.Throws<CardException>(() => driver.VerifyPin(PivDriver.Pin, "654321"u8));
        Assert.Equal(CardError.PinIncorrect, wrong.Error);
        Assert.Equal(2, wrong.TriesLeft);
        Assert.Equal(CardError.PinLengthInvalid, Assert.Throws<CardException>(() => driver.VerifyPin(PivDriver.Pin, "12345"u8)).Error);
        driver.VerifyPin(PivDriver.Pin, Pin);
        Assert.Equal(new PinStatusExpect(null, false, false), Status(driver));
        driver.ChangePin(PivDriver.Pin, Pin, "87654321"u8);
        driver.Logout();
        Assert.Equal(new PinStatusExpect(3, false, true), Status(driver));
        for (var i = 0; i < 3; i++) Assert.ThrowsAny<CardException>(() => driver.VerifyPin(PivDriver.Pin, "000000"u8));
        Assert.True(driver.GetPinStatus(PivDriver.Pin).Blocked);
        driver.UnblockPin(PivDriver.Pin, PivDriver.Puk, "12345678"u8, "135790"u8);
        driver.VerifyPin(PivDriver.Pin, "135790"u8);
        var meta = driver.GetPinMetadata(0x80)!;
        Assert.Equal((false, 3, 3), (meta.IsDefault, meta.TotalTries, meta.TriesLeft));
        Assert.True(driver.GetPinMetadata(0x81)!.IsDefault);
    }

    private sealed record PinStatusExpect(int? Tries, bool Blocked, bool Required);

    private static PinStatusExpect Status(PivDriver d)
    {
        var s = d.GetPinStatus(PivDriver.Pin);
        return new(s.TriesLeft, s.Blocked, s.VerificationRequired);
    }

    [Fact]
    public void Management_key_guards_writes_and_aes_keys_authenticate()
    {
        var (driver, _) = Connect();
        Assert.Equal(CardError.SecurityStatusNotSatisfied,
            Assert.Throws<CardException>(() => driver.GenerateKeyPair(PivSlot.Authentication, KeySpec.Ec(EcCurves.Secp256r1))).Error);
        var wrong = (byte[])DefaultKey.Clone();
        wrong[0] ^= 2; // bit 0 of a DES key byte is parity
        Assert.Equal(CardError.SecurityStatusNotSatisfied, Assert.Throws<CardException>(() => driver.AuthenticateManagementKey(wrong)).Error);
        driver.AuthenticateManagementKey(DefaultKey);
        var meta = driver.GetManagementKeyMetadata()!;
        Assert.True(meta.IsDefault);

        var aes192 = RandomNumberGenerator.GetBytes(24);
        driver.SetManagementKey(0x0A, aes192);
        driver.Logout();
        driver.AuthenticateManagementKey(aes192); // 24 bytes: the metadata says AES-192
        driver.WriteObject(0x5FC109, [0x01, 0x01, 0x41]);
        var aes256 = RandomNumberGenerator.GetBytes(32);
        driver.SetManagementKey(0x0C, aes256);
        driver.Logout();
        driver.AuthenticateManagementKey(aes256);
        Assert.Equal(0x0C, driver.GetManagementKeyMetadata()!.Algorithm);
    }

    [Fact]
    public void Rsa_keys_sign_pkcs1_and_decrypt_through_the_card_driver_contract()
    {
        var (driver, _) = Connect();
        driver.AuthenticateManagementKey(DefaultKey);
        var pub = Assert.IsType<RsaPublicKeyInfo>(driver.GenerateKeyPair(PivSlot.Authentication, KeySpec.Rsa(2048)));
        using var rsa = RSA.Create(new RSAParameters { Modulus = pub.Modulus, Exponent = pub.Exponent });
        driver.VerifyPin(PivDriver.Pin, Pin);
        var key = new CardKey(0x9A, 2048);
        var hash = SHA256.HashData("message"u8);
        var digestInfo = Hex.Decode("3031300D060960864801650304020105000420").Concat(hash).ToArray();
        var signature = driver.Sign(key, SignatureAlgorithm.RsaPkcs1, digestInfo);
        Assert.True(rsa.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        var pss = new byte[256];
        var raw = driver.RawRsa(PivSlot.Authentication, 2048, pss);
        Assert.Equal(256, raw.Length);

        var ciphertext = rsa.Encrypt("session key"u8.ToArray(), RSAEncryptionPadding.Pkcs1);
        Assert.Equal("session key"u8.ToArray(), driver.Decipher(key, DecipherAlgorithm.RsaPkcs1, ciphertext));

        var meta = Assert.IsType<PivKeyMetadata>(Metadata(driver, PivSlot.Authentication));
        Assert.Equal(KeySpec.Rsa(2048), meta.Spec);
        Assert.Equal(pub.Modulus, Assert.IsType<RsaPublicKeyInfo>(meta.PublicKey).Modulus);
        Assert.True(meta.Generated);
        Assert.Equal(PivPinPolicy.Once, meta.PinPolicy);
    }

    [Fact]
    public void Ec_keys_sign_host_hashes_and_derive_with_ecdh()
    {
        var (driver, _) = Connect();
        driver.AuthenticateManagementKey(DefaultKey);
        var p384 = Assert.IsType<EcPublicKeyInfo>(driver.GenerateKeyPair(PivSlot.KeyManagement, KeySpec.Ec(EcCurves.Secp384r1), PivPinPolicy.Never));
        var p256 = Assert.IsType<EcPublicKeyInfo>(driver.GenerateKeyPair(PivSlot.Signature, KeySpec.Ec(EcCurves.Secp256r1)));
        using var verifier = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = p256.Point[1..33], Y = p256.Point[33..] } });
        var hash = SHA256.HashData("m"u8);
        Assert.Equal(CardError.SecurityStatusNotSatisfied, Assert.Throws<CardException>(() => driver.Sign(new CardKey(0x9C, 256), SignatureAlgorithm.Ecdsa, hash)).Error);
        driver.VerifyPin(PivDriver.Pin, Pin);
        var der = driver.Sign(new CardKey(0x9C, 256), SignatureAlgorithm.Ecdsa, hash);
        Assert.True(verifier.VerifyHash(hash, EcdsaSignature.DerToRaw(der, 32)));
        driver.VerifyPin(PivDriver.Pin, Pin); // 9C: PIN always
        var sha512 = SHA512.HashData("m"u8); // longer than the field: truncated
        Assert.True(verifier.VerifyHash(sha512[..32], EcdsaSignature.DerToRaw(driver.SignHash(PivSlot.Signature, EcCurves.Secp256r1, sha512), 32)));

        using var host = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
        var hp = host.ExportParameters(false).Q;
        var secret = driver.DeriveEcdh(PivSlot.KeyManagement, EcCurves.Secp384r1, [0x04, .. hp.X!, .. hp.Y!]);
        using var cardPublic = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP384, Q = new ECPoint { X = p384.Point[1..49], Y = p384.Point[49..] } });
        Assert.Equal(host.DeriveRawSecretAgreement(cardPublic.PublicKey), secret);
    }

    [Fact]
    public void Certificates_round_trip_compressed_or_not_and_extended_reads_take_one_apdu()
    {
        var (driver, transport) = Connect();
        driver.AuthenticateManagementKey(DefaultKey);
        var cert = SelfSigned("CN=piv test", 2048);
        driver.WriteCertificate(PivSlot.Authentication, cert);
        driver.WriteCertificate(PivSlot.Retired[1], cert, compress: true);
        var before = transport.Apdus;
        Assert.Equal(cert, driver.ReadCertificate(PivSlot.Authentication));
        // The transaction's check of the selection and one GET DATA with the whole certificate.
        Assert.Equal(2, transport.Apdus - before);
        Assert.Equal(cert, driver.ReadCertificate(PivSlot.Retired[1]));
        Assert.Null(driver.ReadCertificate(PivSlot.Retired[0]));
        driver.DeleteCertificate(PivSlot.Authentication);
        Assert.Null(driver.ReadCertificate(PivSlot.Authentication));

        driver.WriteObject(0x5FC10C, Hex.Decode("C10101C20100FE00"));
        Assert.Equal(new PivKeyHistory(1, 0, null), driver.ReadKeyHistory());
        Assert.Null(driver.ReadChuid());
        var guid = RandomNumberGenerator.GetBytes(16);
        driver.WriteObject(0x5FC102, [0x30, 0x01, 0x00, 0x34, 0x10, .. guid, 0x35, 0x08, .. "20301231"u8, 0x3E, 0x00, 0xFE, 0x00]);
        var chuid = driver.ReadChuid()!;
        Assert.Equal(Hex.Encode(guid), chuid.GuidHex);
        Assert.Equal("20301231", chuid.Expiration);
        Assert.Equal(0x4F, driver.ReadObject(0x7E)![0]); // discovery: 4F AID, 5F2F PIN usage policy
    }

    [Fact]
    public void A_generic_piv_card_is_driven_with_short_apdus_chaining_and_get_response()
    {
        var card = new PivCardEmulator();
        var transport = new GenericAtrTransport(card);
        var driver = PivDriver.TryConnect(new ApduChannel(transport), out var reason)!;
        Assert.DoesNotContain("YubiKey", reason, StringComparison.Ordinal);
        driver.AuthenticateManagementKey(DefaultKey);
        var cert = SelfSigned("CN=long", 2048);
        driver.WriteCertificate(PivSlot.CardAuthentication, cert);
        Assert.Contains(transport.Sent, s => s.StartsWith("10DB3FFF", StringComparison.Ordinal));
        Assert.Equal(cert, driver.ReadCertificate(PivSlot.CardAuthentication));
        Assert.Contains(transport.Sent, s => s.StartsWith("00C00000", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_attest_set_retries_and_reset()
    {
        var (driver, _) = Connect();
        driver.AuthenticateManagementKey(DefaultKey);
        using var rsa = RSA.Create(1024);
        var p = rsa.ExportParameters(true);
        driver.ImportPrivateKey(PivSlot.Retired[0], new RsaPrivateKeyImport(1024, p.P!, p.Q!, p.DP!, p.DQ!, p.InverseQ!), PivPinPolicy.Never);
        var signature = driver.Sign(new CardKey(0x82, 1024), SignatureAlgorithm.RsaPkcs1,
            Hex.Decode("3031300D060960864801650304020105000420").Concat(SHA256.HashData("x"u8)).ToArray());
        Assert.True(rsa.VerifyData("x"u8.ToArray(), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var meta = Metadata(driver, PivSlot.Retired[0])!;
        Assert.False(meta.Generated);
        Assert.Equal(CardError.IncorrectData, Assert.Throws<CardException>(() => driver.Attest(PivSlot.Retired[0])).Error);

        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        driver.ImportPrivateKey(PivSlot.Retired[1], new EcPrivateKeyImport(EcCurves.Secp256r1, ec.ExportParameters(true).D!));
        var q = ec.ExportParameters(false).Q;
        Assert.Equal([0x04, .. q.X!, .. q.Y!], Assert.IsType<EcPublicKeyInfo>(Metadata(driver, PivSlot.Retired[1])!.PublicKey).Point);

        driver.GenerateKeyPair(PivSlot.CardAuthentication, KeySpec.Ec(EcCurves.Secp256r1));
        using var attestation = X509CertificateLoader.LoadCertificate(driver.Attest(PivSlot.CardAuthentication));
        Assert.Contains("9e", attestation.Subject, StringComparison.Ordinal);
        Assert.NotNull(driver.ReadCertificate(PivSlot.Attestation));

        driver.VerifyPin(PivDriver.Pin, Pin);
        driver.SetPinRetries(5, 6);
        Assert.Equal(5, driver.GetPinStatus(PivDriver.Pin).TriesLeft);
        Assert.Equal(CardError.ConditionsNotSatisfied, Assert.Throws<CardException>(driver.ResetApplication).Error);
        for (var i = 0; i < 5; i++) Assert.ThrowsAny<CardException>(() => driver.VerifyPin(PivDriver.Pin, "999999"u8));
        for (var i = 0; i < 6; i++) Assert.ThrowsAny<CardException>(() => driver.UnblockPin(PivDriver.Pin, PivDriver.Puk, "99999999"u8, "123456"u8));
        driver.ResetApplication();
        Assert.True(driver.TryGetKeyMetadata(PivSlot.Retired[0], out var gone));
        Assert.Null(gone);
        driver.VerifyPin(PivDriver.Pin, Pin);
    }

    internal static PivKeyMetadata? Metadata(PivDriver driver, PivSlot slot)
    {
        Assert.True(driver.TryGetKeyMetadata(slot, out var m));
        return m;
    }

    internal static byte[] SelfSigned(string subject, int bits)
    {
        using var key = RSA.Create(bits);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509SubjectAlternativeNameExtension(new byte[] { 0x30, 0x00 }));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return cert.RawData;
    }

    /// <summary>The same virtual card behind an ATR that is no YubiKey's: the driver must not assume extended APDUs.</summary>
    private sealed class GenericAtrTransport(PivCardEmulator card) : ICardTransport
    {
        public ReadOnlyMemory<byte> Atr => Hex.Decode("3BFA1800008131FE454A434F5033315632333298");
        public string ReaderName => "Generic";
        public List<string> Sent { get; } = [];

        public byte[] Transmit(ReadOnlySpan<byte> command)
        {
            Sent.Add(Hex.Encode(command));
            Assert.True(command.Length <= 5 + 255 + 1, "a short APDU was expected");
            return card.Process(command);
        }

        public IDisposable BeginTransaction() => new Nothing();

        public void Dispose()
        {
        }

        private sealed class Nothing : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
