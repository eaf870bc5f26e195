using System.Security.Cryptography;
using SharpSC.Cards.Drivers;
using SharpSC.Cards.Transport;
using SharpSC.Cards.Drivers.MyEid;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Registry;
using SharpSC.Cards.Security;
using SharpSC.Cards.Tests.Support;
using SharpSC.TestSupport;
using SharpSC.VirtualCard;
using SharpSC.VirtualCard.Applets.MyEid;

namespace SharpSC.Cards.Tests.Drivers;

/// <summary>
/// The MyEID driver against the emulated MyEID card (in memory): detection, PIN objects, activation, files,
/// key generation and loading, every security operation (checked with .NET's cryptography), erase.
/// </summary>
public sealed class MyEidDriverTests
{
    private static readonly byte[] Pin = "123456"u8.ToArray();
    private static readonly byte[] Puk = "12345678"u8.ToArray();
    private static readonly byte[] SoPin = "00000000"u8.ToArray();

    [Fact]
    public void The_registry_finds_the_card_with_two_get_data_and_no_select()
    {
        var transport = new MyEidTransport(new MyEidCard(Convert.FromHexString("00000000000000000001")));
        var match = DriverRegistry.Default.Match(transport);
        var driver = Assert.IsType<MyEidDriver>(match.Driver);
        Assert.Equal(["00CA01A014", "00CA01AA0C"], transport.Log);
        Assert.Equal("OsEID 4.5.2", driver.Version);
        Assert.Equal("OsEID", driver.Family);
        Assert.True(driver.SupportsChaining);
        Assert.Equal(Convert.FromHexString("00000000000000000001"), driver.SerialNumber);
        var caps = driver.Capabilities;
        Assert.True(caps.Has(CardFeatures.Rsa4096 | CardFeatures.Ecc | CardFeatures.KeyGeneration | CardFeatures.KeyImport | CardFeatures.SecureRandom));
        Assert.Equal([512, 768, 1024, 1536, 2048, 3072, 4096], caps.Algorithms.Where(a => a.Algorithm == KeyAlgorithm.Rsa).Select(a => a.KeySizeBits));
        Assert.Equal(["secp192r1", "secp256r1", "secp384r1", "secp521r1"], caps.Algorithms.Where(a => a.Curve != null).Select(a => a.Curve!.Name));
    }

    [Fact]
    public void Other_cards_cost_the_myeid_probe_no_apdu()
    {
        var transport = new EmulatorTransport(new IsoAppletCard(AppletVersion.V1));
        var match = DriverRegistry.Default.Match(transport);
        Assert.Equal("IsoApplet", match.Driver!.Name);
        Assert.Contains("MyEID: the ATR's historical bytes name neither MyEID nor OsEID", match.Attempts);
        Assert.Equal(2, transport.Apdus); // IsoApplet v1: SELECT and GET DATA, nothing for MyEID
    }

    [Theory]
    [InlineData("3BF518000280014F734549441A", "OsEID")]
    [InlineData("3BF51800FF8131FE454D7945494465", "MyEID")]
    [InlineData("3B85800 14D7945494478", "MyEID")]
    [InlineData("3B8980010938 33B14D7945494 44C", "MyEID")]
    [InlineData("3BF59600008031FE454D7945494415", "MyEID")]
    [InlineData("3BF91300008131FE454A434F5032343252329A", null)]
    [InlineData("3B80800101", null)]
    [InlineData("3BF5", null)]
    [InlineData("3BFF1800", null)]
    public void The_atr_names_the_family(string atr, string? family) =>
        Assert.Equal(family, MyEidAtr.Family(Convert.FromHexString(atr.Replace(" ", "", StringComparison.Ordinal))));

    [Fact]
    public void Card_information_and_capabilities_are_parsed_as_untrusted()
    {
        var info = MyEidCardInfo.Parse(Convert.FromHexString("4F73454944040502000000000000000000010017"));
        Assert.Equal("4.5.2", info.Version);
        Assert.Equal(45, info.FirmwareMajor);
        Assert.Equal("OsEID", info.Implementation);
        Assert.Equal(0x17, info.ChangeCounter);
        Assert.Equal(Convert.FromHexString("00000000000000000001"), info.SerialNumber);
        Assert.Null(MyEidCardInfo.Parse(Convert.FromHexString("00FF000000040502000000000000000000010017")).Implementation);
        Assert.Throws<CardException>(() => MyEidCardInfo.Parse(Convert.FromHexString("4F734549440405020000000000000000000100")));
        Assert.Throws<CardException>(() => MyEidCardInfo.Parse(Convert.FromHexString("4F73454944FF0502000000000000000000010017")));
        var caps = MyEidCapabilities.Parse(Convert.FromHexString("01000F080000C001000209"));
        Assert.Equal((2048, 521, 192, 256), (caps.MaxRsaBits, caps.MaxEcBits, caps.MaxDesBits, caps.MaxAesBits));
        Assert.True(caps.Has(MyEidCapabilities.FeatureEc));
        Assert.Throws<CardException>(() => MyEidCapabilities.Parse(Convert.FromHexString("01000F0800")));
        Assert.Throws<CardException>(() => MyEidCapabilities.Parse(Convert.FromHexString("01000FFFFF00C001000209")));
    }

    [Fact]
    public void Broken_answers_at_detection_leave_the_card_to_other_drivers_or_to_defaults()
    {
        var shortInfo = new ScriptedTransport("3BF518000280014F734549441A").Expect("00CA01A014", "4F7345494404050200 9000");
        Assert.Null(MyEidDriver.TryConnect(new ApduChannel(shortInfo), out var reason));
        Assert.Contains("card information of 9 bytes", reason, StringComparison.Ordinal);
        var refused = new ScriptedTransport("3BF518000280014F734549441A").Expect("00CA01A014", "6D00");
        Assert.Null(MyEidDriver.TryConnect(new ApduChannel(refused), out reason));
        Assert.Contains("6D00", reason, StringComparison.Ordinal);
        var badCaps = new ScriptedTransport("3BF518000280014F734549441A")
            .Expect("00CA01A014", "4F73454944040502000000000000000000010017 9000")
            .Expect("00CA01AA0C", "0100 9000");
        var driver = MyEidDriver.TryConnect(new ApduChannel(badCaps), out _)!;
        Assert.Equal(2048, driver.CardCapabilities.MaxRsaBits);
        Assert.DoesNotContain(driver.Capabilities.Algorithms, a => a.KeySizeBits == 4096 || a.Curve?.FieldBits > 256);
        // A 3.x card has no capabilities object: nothing is asked.
        var old = new ScriptedTransport("3B85800 14D7945494478".Replace(" ", "", StringComparison.Ordinal))
            .Expect("00CA01A014", "00000000000303030000000000000000000100179000");
        var v33 = MyEidDriver.TryConnect(new ApduChannel(old), out _)!;
        Assert.False(v33.SupportsChaining);
        Assert.Equal("MyEID 3.3.3", v33.Version);
    }

    [Fact]
    public void A_card_is_personalised_and_used_through_the_driver()
    {
        var transport = new MyEidTransport();
        var driver = Connect(transport);
        Assert.False(driver.IsOperational());
        driver.CreatePin(3, SoPin, SoPin, 3, 10);
        driver.CreatePin(1, Pin, Puk, 3, 10);
        driver.CreateFile(CardPath.Parse("3F005015"), FileSpec.TransparentEf(0x4401, 64,
            FileAcl.ForEf(AccessCondition.Always, AccessCondition.Pin, AccessCondition.Pin, AccessCondition.Never)));
        var created = driver.SelectFile(CardPath.Parse("3F0050154401"));
        Assert.Equal((CardFileType.TransparentEf, 64), (created.Type, created.Size));
        Assert.Equal(FileAcl.ForEf(AccessCondition.Always, AccessCondition.Pin, AccessCondition.Pin, AccessCondition.Never), created.Acl);
        driver.Activate();
        Assert.True(driver.IsOperational());

        Assert.Equal(3, driver.GetPinStatus(MyEidDriver.UserPin).TriesLeft);
        var wrong = Assert.Throws<CardException>(() => driver.VerifyPin(MyEidDriver.UserPin, "654321"u8));
        Assert.Equal((CardError.PinIncorrect, 2), (wrong.Error, wrong.TriesLeft));
        Assert.Throws<CardException>(() => driver.UpdateBinary(CardPath.Parse("3F0050154401"), 0, new byte[] { 1 }));
        driver.VerifyPin(MyEidDriver.UserPin, Pin);
        Assert.False(driver.GetPinStatus(MyEidDriver.UserPin).VerificationRequired);
        driver.UpdateBinary(CardPath.Parse("4401"), 0, new byte[] { 1, 2, 3 });
        Assert.Equal(new byte[] { 1, 2, 3, 0xFF }, driver.ReadBinary(CardPath.Parse("4401"), 0, 4));

        var rsaInfo = Assert.IsType<RsaPublicKeyInfo>(driver.GenerateKeyPair(1, KeySpec.Rsa(2048)));
        var ecInfo = Assert.IsType<EcPublicKeyInfo>(driver.GenerateKeyPair(2, KeySpec.Ec(EcCurves.Secp256r1)));
        var keyFile = driver.SelectFile(CardPath.Parse("3F0050154B01"));
        Assert.Equal((CardFileType.Unknown, 2048), (keyFile.Type, keyFile.Size));
        using var rsa = RSA.Create(new RSAParameters { Modulus = rsaInfo.Modulus, Exponent = rsaInfo.Exponent });
        using var ec = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = ecInfo.Point[1..33], Y = ecInfo.Point[33..] },
        });
        var rsaKey = new CardKey(1, 2048);
        var ecKey = new CardKey(2, 256);
        var hash = SHA256.HashData("driver"u8);

        var before = transport.Apdus;
        var pkcs1 = driver.Sign(rsaKey, SignatureAlgorithm.RsaPkcs1, [.. Convert.FromHexString("3031300D060960864801650304020105000420"), .. hash]);
        Assert.True(rsa.VerifyHash(hash, pkcs1, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(3, transport.Apdus - before); // SELECT 5015, MSE, PSO
        before = transport.Apdus;
        using (driver.BeginTransaction())
        {
            driver.Sign(rsaKey, SignatureAlgorithm.RsaPkcs1, hash);
            driver.Sign(rsaKey, SignatureAlgorithm.RsaPkcs1, hash);
        }
        Assert.Equal(4, transport.Apdus - before); // in one transaction the environment holds: one PSO more

        var ecdsa = driver.Sign(ecKey, SignatureAlgorithm.Ecdsa, hash);
        Assert.True(ec.VerifyHash(hash, ecdsa, DSASignatureFormat.Rfc3279DerSequence));
        var ecdsaSha1 = driver.Sign(ecKey, SignatureAlgorithm.EcdsaSha1, "message"u8);
        Assert.True(ec.VerifyData("message"u8, ecdsaSha1, HashAlgorithmName.SHA1, DSASignatureFormat.Rfc3279DerSequence));

        // Raw RSA: the host encodes (here a PKCS#1 block); the card only exponentiates.
        var block = Pkcs1Block(hash);
        Assert.True(rsa.VerifyHash(hash, driver.Sign(rsaKey, SignatureAlgorithm.RsaRaw, block), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        var secret = RandomNumberGenerator.GetBytes(24);
        Assert.Equal(secret, driver.Decipher(rsaKey, DecipherAlgorithm.RsaPkcs1, rsa.Encrypt(secret, RSAEncryptionPadding.Pkcs1)));
        var oaep = rsa.Encrypt(secret, RSAEncryptionPadding.OaepSHA256);
        var raw = driver.Decipher(rsaKey, DecipherAlgorithm.RsaRaw, oaep);
        Assert.Equal(256, raw.Length);
        Assert.Equal(0, raw[0]); // an OAEP block for the host to unpad

        using var peer = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var q = peer.ExportParameters(false).Q;
        var shared = driver.DeriveSharedSecret(ecKey, [0x04, .. q.X!, .. q.Y!]);
        using var cardPublic = ECDiffieHellman.Create(ec.ExportParameters(false));
        Assert.Equal(peer.DeriveRawSecretAgreement(cardPublic.PublicKey), shared);

        var random = driver.GetChallenge(300);
        Assert.Equal(300, random.Length);

        driver.Logout();
        Assert.True(driver.GetPinStatus(MyEidDriver.UserPin).VerificationRequired);
        var denied = Assert.Throws<CardException>(() => driver.Sign(rsaKey, SignatureAlgorithm.RsaPkcs1, hash));
        Assert.Equal(CardError.SecurityStatusNotSatisfied, denied.Error);
    }

    [Fact]
    public void Keys_load_by_put_data_and_key_files_are_remade_for_another_size()
    {
        var transport = new MyEidTransport();
        var driver = Connect(transport);
        driver.CreatePin(1, Pin, Puk, 3, 10);
        driver.Activate();
        driver.VerifyPin(MyEidDriver.UserPin, Pin);
        using var source = RSA.Create(4096);
        var p = source.ExportParameters(true);
        driver.ImportPrivateKey(3, new RsaPrivateKeyImport(4096, p.P!, p.Q!, p.DP!, p.DQ!, p.InverseQ!));
        var hash = SHA512.HashData("imported"u8);
        var signature = driver.Sign(new CardKey(3, 4096), SignatureAlgorithm.RsaPkcs1,
            [.. Convert.FromHexString("3051300D060960864801650304020305000440"), .. hash]);
        Assert.Equal(512, signature.Length);
        Assert.True(source.VerifyHash(hash, signature, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1));
        var secret = RandomNumberGenerator.GetBytes(40);
        Assert.Equal(secret, driver.Decipher(new CardKey(3, 4096), DecipherAlgorithm.RsaPkcs1, source.Encrypt(secret, RSAEncryptionPadding.Pkcs1)));
        Assert.Contains(transport.Log, c => c.StartsWith("10DA0183", StringComparison.Ordinal)); // the 257-byte p went chained

        using var ecSource = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        driver.ImportPrivateKey(3, new EcPrivateKeyImport(EcCurves.Secp384r1, ecSource.ExportParameters(true).D!));
        var file = driver.SelectFile(CardPath.Parse("3F0050154B03"));
        Assert.Equal(384, file.Size); // the RSA key file was deleted and made again for the EC key
        var ecHash = SHA384.HashData("p384"u8);
        Assert.True(ecSource.VerifyHash(ecHash, driver.Sign(new CardKey(3, 384), SignatureAlgorithm.Ecdsa, ecHash), DSASignatureFormat.Rfc3279DerSequence));
        Assert.Throws<CardException>(() => driver.GenerateKeyPair(4, KeySpec.Ec(EcCurves.BrainpoolP256r1)));
    }

    [Fact]
    public void The_public_exponent_comes_back_from_the_crt_parts()
    {
        foreach (var bits in new[] { 1024, 2048 })
        {
            using var rsa = RSA.Create(bits);
            var p = rsa.ExportParameters(true);
            Assert.Equal(p.Exponent, MyEidDriver.RsaPublicExponent(new RsaPrivateKeyImport(bits, p.P!, p.Q!, p.DP!, p.DQ!, p.InverseQ!)));
        }
    }

    [Fact]
    public void Erase_needs_the_so_pin_and_leaves_a_card_in_creation_state()
    {
        var driver = Connect(new MyEidTransport());
        driver.CreatePin(3, SoPin, SoPin, 3, 10);
        driver.CreatePin(1, Pin, Puk, 3, 10);
        driver.Activate();
        driver.VerifyPin(MyEidDriver.UserPin, Pin);
        driver.GenerateKeyPair(1, KeySpec.Ec(EcCurves.Secp256r1));
        var denied = Assert.Throws<CardException>(() => driver.EraseCard(MyEidDriver.DefaultMfAcl, MyEidDriver.DefaultApplicationDfAcl));
        Assert.Equal(CardError.SecurityStatusNotSatisfied, denied.Error);
        driver.VerifyPin(MyEidDriver.SoPin, SoPin);
        driver.EraseCard(MyEidDriver.DefaultMfAcl, MyEidDriver.DefaultApplicationDfAcl);
        Assert.False(driver.IsOperational());
        var gone = Assert.Throws<CardException>(() => driver.SelectFile(CardPath.Parse("3F0050154B01")));
        Assert.Equal(CardError.FileNotFound, gone.Error);
        var mf = driver.SelectFile(CardPath.MasterFile);
        Assert.Equal(CardFileType.DedicatedFile, mf.Type);
        Assert.Equal(AccessCondition.Pin, mf.Acl!.UpdateOrCreateEf);
        // A file is deleted by selecting it and DELETE FILE without data.
        driver.CreateFile(CardPath.Parse("3F005015"), FileSpec.TransparentEf(0x4402, 8, FileAcl.AllAlways with { Terminate = AccessCondition.Never }));
        driver.DeleteFile(CardPath.Parse("4402"));
        Assert.Equal(CardError.FileNotFound, Assert.Throws<CardException>(() => driver.SelectFile(CardPath.Parse("4402"))).Error);
    }

    [Fact]
    public void Cards_before_4_5_get_long_data_in_halves_instead_of_chains()
    {
        var card = new MyEidCard();
        var transport = new VersionFourZero(new MyEidTransport(card));
        var driver = Assert.IsType<MyEidDriver>(DriverRegistry.Default.Match(transport).Driver);
        Assert.Equal("OsEID 4.0.2", driver.Version);
        Assert.False(driver.SupportsChaining);
        driver.CreatePin(1, Pin, Puk, 3, 10);
        driver.Activate();
        driver.VerifyPin(MyEidDriver.UserPin, Pin);
        using var source = RSA.Create(2048);
        var p = source.ExportParameters(true);
        driver.ImportPrivateKey(1, new RsaPrivateKeyImport(2048, p.P!, p.Q!, p.DP!, p.DQ!, p.InverseQ!));
        Assert.Contains(transport.Sent, c => c.StartsWith("00DA018880", StringComparison.Ordinal)); // modulus, first half
        var key = new CardKey(1, 2048);
        var secret = RandomNumberGenerator.GetBytes(20);
        Assert.Equal(secret, driver.Decipher(key, DecipherAlgorithm.RsaPkcs1, source.Encrypt(secret, RSAEncryptionPadding.Pkcs1)));
        Assert.Contains(transport.Sent, c => c.StartsWith("002A80868181", StringComparison.Ordinal));
        var hash = SHA256.HashData("split"u8);
        var block = Pkcs1Block(hash);
        Assert.True(source.VerifyHash(hash, driver.Sign(key, SignatureAlgorithm.RsaRaw, block), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.DoesNotContain(transport.Sent, c => c.StartsWith("10", StringComparison.Ordinal));
    }

    /// <summary>The emulator as a MyEID 4.0 (card information 4.0.2) that refuses command chaining (6884).</summary>
    private sealed class VersionFourZero(MyEidTransport inner) : ICardTransport
    {
        public List<string> Sent { get; } = [];
        public ReadOnlyMemory<byte> Atr => inner.Atr;
        public string ReaderName => inner.ReaderName;

        public byte[] Transmit(ReadOnlySpan<byte> command)
        {
            Sent.Add(Convert.ToHexString(command));
            if ((command[0] & 0x10) != 0) return [0x68, 0x84];
            var answer = inner.Transmit(command);
            if (command[1] == 0xCA && command[3] == 0xA0 && answer.Length == 22) answer[6] = 0;
            return answer;
        }

        public IDisposable BeginTransaction() => inner.BeginTransaction();

        public void Dispose() => inner.Dispose();
    }

    // RFC 8017 §9.2: 00 01 FF.. 00 DigestInfo(SHA-256), for a 2048-bit key.
    private static byte[] Pkcs1Block(byte[] hash)
    {
        var block = new byte[256];
        block[1] = 0x01;
        block.AsSpan(2, 256 - 3 - 51).Fill(0xFF);
        byte[] digestInfo = [.. Convert.FromHexString("3031300D060960864801650304020105000420"), .. hash];
        digestInfo.CopyTo(block, 256 - digestInfo.Length);
        return block;
    }

    private static MyEidDriver Connect(MyEidTransport transport) =>
        Assert.IsType<MyEidDriver>(DriverRegistry.Default.Match(transport).Driver);
}
