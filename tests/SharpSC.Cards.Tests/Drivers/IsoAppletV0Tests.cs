using System.Security.Cryptography;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Drivers;
using SharpSC.Cards.Drivers.IsoApplet;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Cards.Tests.Support;
using static SharpSC.Cards.Tests.Support.Fixtures;

namespace SharpSC.Cards.Tests.Drivers;

/// <summary>IsoApplet v0 (API 00.06) against the answers of the genuine applet in v0-opensc-use.apdu.</summary>
public class IsoAppletV0Tests
{
    private static readonly (string Path, string Select, string[] Reads)[] Pkcs15Files =
    [
        ("3F002F00", "00A40800022F0000", ["00B0000080"]),
        ("3F0050155031", "00A40800045015503100", ["00B0000000"]),
        ("3F0050155032", "00A40800045015503200", ["00B000002F"]),
        ("3F0050154401", "00A40800045015440100", ["00B0000000"]),
        ("3F0050154402", "00A40800045015440200", ["00B0000000"]),
        ("3F0050154403", "00A40800045015440300", ["00B0000000"]),
        ("3F0050154404", "00A40800045015440400", ["00B0000000"]),
        ("3F0050153300", "00A40800045015330000", ["00B0000000", "00B001000E"]),
        ("3F0050153301", "00A40800045015330100", ["00B000005B"]),
        ("3F0050153400", "00A40800045015340000", ["00B0000000", "00B0010000", "00B0020003"]),
    ];

    [Fact]
    public void One_select_detects_v0_with_its_features_and_short_apdus()
    {
        var card = V0Card();
        var driver = Connect(card);
        Assert.Equal("IsoApplet", driver.Name);
        Assert.False(driver.IsV1);
        Assert.Equal("IsoApplet API 00.06, features 06", driver.Version);
        var caps = driver.Capabilities;
        Assert.True(caps.Has(CardFeatures.CommandChaining | CardFeatures.SecureRandom | CardFeatures.Ecc));
        Assert.False(caps.Has(CardFeatures.ExtendedApdu));
        Assert.False(caps.Has(CardFeatures.RsaPss));
        Assert.Equal(256, caps.MaxReadChunk);
        Assert.Equal(255, caps.MaxWriteChunk);
        Assert.Equal(16, caps.KeySlots);
        Assert.Null(driver.SerialNumber);
        Assert.Contains(caps.Algorithms, a => a.Algorithm == KeyAlgorithm.Rsa && a.KeySizeBits == 2048 && a.Sign.SequenceEqual([SignatureAlgorithm.RsaPkcs1]));
        Assert.DoesNotContain(caps.Algorithms, a => a.KeySizeBits == 4096);
        var p256 = Assert.Single(caps.Algorithms, a => a.Curve == EcCurves.Secp256r1);
        Assert.Equal([SignatureAlgorithm.EcdsaSha1], p256.Sign);
        Assert.Contains(caps.Algorithms, a => a.Curve == EcCurves.Secp384r1);
        Assert.Equal(1, driver.Channel.Statistics.Commands);
        Assert.False(driver.Channel.Options.ExtendedLength);
        Assert.True(driver.Channel.Options.GetResponse);
        card.AssertDone();
    }

    [Fact]
    public void Reads_every_pkcs15_file_with_fewer_apdus_than_opensc()
    {
        var card = V0Card();
        foreach (var (_, select, reads) in Pkcs15Files)
        {
            card.Expect(V0Use, select);
            foreach (var read in reads)
                card.ExpectAfter(V0Use, select, read);
        }
        var driver = Connect(card);
        foreach (var (path, _, _) in Pkcs15Files)
        {
            var isDirectory = path.StartsWith("3F00501544", StringComparison.Ordinal) || path.EndsWith("5031", StringComparison.Ordinal);
            var content = isDirectory
                ? driver.ReadFile(CardPath.Parse(path), ContentLength.BerTlvObjects)
                : driver.ReadFile(CardPath.Parse(path));
            var expected = V0Files[path];
            if (isDirectory)
                expected = expected.AsSpan(0, ContentLength.BerTlvObjects(expected) ?? expected.Length).ToArray();
            Assert.Equal(Hex.Encode(expected), Hex.Encode(content));
        }
        card.AssertDone();

        var openSc = V0Use.Exchanges.Count(e => e.Comment == "pkcs11-tool -L");
        Assert.Equal(29, openSc);
        Assert.Equal(24, driver.Channel.Statistics.Commands);
    }

    [Fact]
    public void The_current_file_is_read_again_without_select_inside_a_transaction()
    {
        var card = V0Card()
            .Expect(V0Use, "00A40800045015503200")
            .ExpectAfter(V0Use, "00A40800045015503200", "00B000002F")
            .ExpectAfter(V0Use, "00A40800045015503200", "00B000002F")
            .Expect(V0Use, "00A40800045015503200")
            .ExpectAfter(V0Use, "00A40800045015503200", "00B000002F");
        var driver = Connect(card);
        var tokenInfo = CardPath.Parse("3F0050155032");
        using (driver.BeginTransaction())
        {
            Assert.Equal(47, driver.ReadFile(tokenInfo).Length);
            Assert.Equal(47, driver.ReadFile(tokenInfo).Length);
        }
        Assert.Equal(47, driver.ReadFile(tokenInfo).Length); // a new transaction: another client may have moved the card
        card.AssertDone();
    }

    [Fact]
    public void With_state_kept_across_transactions_the_second_read_sends_no_select()
    {
        var card = V0Card()
            .Expect(V0Use, "00A40800045015503200")
            .ExpectAfter(V0Use, "00A40800045015503200", "00B000002F")
            .ExpectAfter(V0Use, "00A40800045015503200", "00B000002F");
        var driver = Connect(card);
        driver.KeepStateAcrossTransactions = true;
        driver.ReadFile(CardPath.Parse("3F0050155032"));
        driver.ReadFile(CardPath.Parse("3F0050155032"));
        card.AssertDone();
    }

    [Fact]
    public void Wrong_pin_reports_two_tries_left_and_is_not_retried_then_the_right_pin_verifies()
    {
        var card = V0Card().Expect(V0Use, VerifyWrongPin).Expect(V0Use, VerifyRightPin);
        var driver = Connect(card);
        var e = Assert.Throws<CardException>(() => driver.VerifyPin(IsoAppletDriver.UserPin, "999999"u8));
        Assert.Equal(CardError.PinIncorrect, e.Error);
        Assert.Equal(2, e.TriesLeft);
        driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
        card.AssertDone();
    }

    [Fact]
    public void Pin_status_reads_tries_left_without_spending_one()
    {
        var card = V0Card().Expect(V0Use, "00200001");
        var status = Connect(card).GetPinStatus(IsoAppletDriver.UserPin);
        Assert.Equal(new Pins.PinStatus(3, false, true), status);
        card.AssertDone();
    }

    [Fact]
    public void A_pin_shorter_than_four_is_refused_without_sending_it()
    {
        var card = V0Card();
        var e = Assert.Throws<CardException>(() => Connect(card).VerifyPin(IsoAppletDriver.UserPin, "123"u8));
        Assert.Equal(CardError.PinLengthInvalid, e.Error);
        Assert.Single(card.Sent);
    }

    [Fact]
    public void Rsa_signature_of_a_digest_info_sets_the_environment_once_per_transaction()
    {
        var pso = "002A9E9A33" + DigestInfoSha256 + "00";
        var card = V0Card()
            .Expect(V0Use, VerifyRightPin)
            .Expect(V0Use, "002241B606800111840100", "9000")
            .Expect(V0Use, pso, "9000")
            .Expect(V0Use, pso, "9000");
        var driver = Connect(card);
        var key = new CardKey(0, 2048);
        byte[] first, second;
        using (driver.BeginTransaction())
        {
            driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
            first = driver.Sign(key, SignatureAlgorithm.RsaPkcs1, Bytes(DigestInfoSha256));
            second = driver.Sign(key, SignatureAlgorithm.RsaPkcs1, Bytes(DigestInfoSha256));
        }
        Assert.Equal(256, first.Length);
        Assert.Equal(first, second);
        using var rsa = RSA.Create();
        rsa.ImportRSAPublicKey(V0Files["3F0050153300"], out _);
        Assert.True(rsa.VerifyData(Bytes(DataTxt), first, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        card.AssertDone();
    }

    [Fact]
    public void Ecdsa_sha1_on_v0_sends_the_message_and_the_card_hashes()
    {
        var pso = "002A9E9A1C" + DataTxt + "00";
        var card = V0Card()
            .Expect(V0Use, VerifyRightPin)
            .Expect("002241B606800121840101", "9000") // OpenSC adds 81 5015 (ignored by the applet); 002241B606800121840100 shows the form is accepted
            .Expect(V0Use, pso);
        var driver = Connect(card);
        driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
        var der = driver.Sign(new CardKey(1, 256), SignatureAlgorithm.EcdsaSha1, Bytes(DataTxt));
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(V0Files["3F0050153301"], out _);
        Assert.True(ecdsa.VerifyData(Bytes(DataTxt), der, HashAlgorithmName.SHA1, DSASignatureFormat.Rfc3279DerSequence));
        var raw = EcdsaSignature.DerToRaw(der, EcCurves.Secp256r1.FieldBytes);
        Assert.True(ecdsa.VerifyData(Bytes(DataTxt), raw, HashAlgorithmName.SHA1, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        card.AssertDone();
    }

    [Fact]
    public void Prehashed_ecdsa_is_refused_on_v0_without_an_apdu()
    {
        var card = V0Card();
        var e = Assert.Throws<CardException>(() => Connect(card).Sign(new CardKey(1, 256), SignatureAlgorithm.Ecdsa, new byte[32]));
        Assert.Equal(CardError.NotSupportedByDriver, e.Error);
        Assert.Single(card.Sent);
    }

    [Fact]
    public void Decipher_chains_the_257_bytes_as_opensc_did()
    {
        var chained = V0Use.Exchanges.First(x => x.Command.StartsWith("102A8086FF", StringComparison.Ordinal)).Command;
        var ciphertext = Bytes(chained[12..] + "DD50");
        var card = V0Card()
            .Expect(V0Use, VerifyRightPin)
            .Expect("002241B806800111840100", "9000") // OpenSC added 81 5015; the applet reads only 80 and 84
            .Expect(V0Use, chained)
            .Expect(V0Use, "002A808602DD5000");
        var driver = Connect(card);
        driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
        var plain = driver.Decipher(new CardKey(0, 2048), DecipherAlgorithm.RsaPkcs1, ciphertext);
        Assert.Equal("5A23B45CAFE15F2F17E7B62AA0E4B3C6E708C4A7647F27B078413D84B34811FB", Hex.Encode(plain));
        card.AssertDone();
    }

    [Fact]
    public void Rsa_key_generation_collects_the_public_key_through_get_response()
    {
        var t = V0Personalise;
        var card = V0Card()
            .Expect(t, VerifyRightPin)
            .Expect(t, "00224100068001F3840100")
            .Expect(t, "0046420000")
            .Expect(t, "00C000000E");
        var driver = Connect(card);
        driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
        var key = Assert.IsType<RsaPublicKeyInfo>(driver.GenerateKeyPair(0, KeySpec.Rsa(2048)));
        using var rsa = RSA.Create();
        rsa.ImportRSAPublicKey(V0Files["3F0050153300"], out _);
        var expected = rsa.ExportParameters(false);
        Assert.Equal(expected.Modulus, key.Modulus);
        Assert.Equal(expected.Exponent, key.Exponent);
        card.AssertDone();
    }

    [Fact]
    public void Ec_key_generation_sends_explicit_p256_parameters_and_returns_the_point()
    {
        var t = V0Personalise;
        var generate = t.Exchanges.First(x => x.Command.StartsWith("00460000CF", StringComparison.Ordinal)).Command;
        var card = V0Card()
            .Expect(t, VerifyRightPin)
            .Expect(t, "00224100068001EC840101")
            .Expect(t, generate)
            .Expect(t, "00C0000017");
        var driver = Connect(card);
        driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
        var key = Assert.IsType<EcPublicKeyInfo>(driver.GenerateKeyPair(1, KeySpec.Ec(EcCurves.Secp256r1)));
        Assert.Equal(EcCurves.Secp256r1, key.Curve);
        Assert.Equal(Hex.Encode(V0Files["3F0050153301"].AsSpan(^65)), Hex.Encode(key.Point));
        card.AssertDone();
    }

    [Fact]
    public void Personalisation_creates_files_and_sets_puk_and_pin_as_the_genuine_applet_accepted()
    {
        var t = V0Personalise;
        const string aodfData = "302F300E0C08557365722050494E030206C030030401FFA11830160302028C0A0101020104020110020110800101040100";
        const string odfData = "A80A300804063F0050154401";
        var efDir = Bytes("611A4F0CA000000063504B43532D313550045465737451043F005015").Concat(new byte[100]).ToArray();
        var card = V0Card()
            .Expect(t, "00E00000176F1581021388820138830250158608FF00000000000090")
            .Expect(t, "002401021030313233343536373839616263646566")
            .Expect(t, "0024010106313233343536")
            .Expect(t, "00E00000176F1581020100820101830244018608FF90909090909000")
            .Expect(t, VerifyRightPin)
            .Expect(t, "00D6000031" + aodfData)
            .Expect(t, "00E00000176F1581020100820101830250318608FF00000000000000")
            .Expect(t, "00D600000C" + odfData)
            .Expect(V0Use, "00A4000C023F00")
            .Expect(t, "00E00000176F158102008082010183022F008608FF00000000000000")
            .Expect(t, "00D6000080" + Hex.Encode(efDir));
        var driver = Connect(card);
        var pinUpdate = FileAcl.ForEf(AccessCondition.Always, AccessCondition.Pin, AccessCondition.Pin, AccessCondition.Pin);
        var open = FileAcl.AllAlways;
        var mf = CardPath.MasterFile;
        var app = CardPath.Parse("3F005015");
        using (driver.BeginTransaction())
        {
            driver.CreateFile(mf, FileSpec.Df(0x5015, 5000, FileAcl.ForDf(AccessCondition.Always, AccessCondition.Pin, AccessCondition.Always, AccessCondition.Always)));
            driver.SetPuk("0123456789abcdef"u8);
            driver.SetInitialPin("123456"u8);
            driver.CreateFile(app, FileSpec.TransparentEf(0x4401, 256, pinUpdate));
            driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
            driver.UpdateBinary(app.Append(0x4401), 0, Bytes(aodfData));
            driver.CreateFile(app, FileSpec.TransparentEf(0x5031, 256, open));
            driver.UpdateBinary(app.Append(0x5031), 0, Bytes(odfData));
            driver.CreateFile(mf, FileSpec.TransparentEf(0x2F00, 128, open));
            driver.UpdateBinary(mf.Append(0x2F00), 0, efDir);
        }
        card.AssertDone();
    }

    [Fact]
    public void Writes_and_deletes_without_pin_map_to_security_status_not_satisfied()
    {
        var card = V0Card()
            .Expect(V0Use, "00A4080C0450154401")
            .Expect(V0Use, "00D600000130")
            .Expect(V0Use, "00E40000024401");
        var driver = Connect(card);
        var aodf = CardPath.Parse("3F0050154401");
        Assert.Equal(CardError.SecurityStatusNotSatisfied, Assert.Throws<CardException>(() => driver.UpdateBinary(aodf, 0, new byte[] { 0x30 })).Error);
        Assert.Equal(CardError.SecurityStatusNotSatisfied, Assert.Throws<CardException>(() => driver.DeleteFile(aodf)).Error);
        card.AssertDone();
    }

    [Fact]
    public void Selecting_a_missing_file_is_file_not_found()
    {
        var card = V0Card().Expect(V0Use, "00A40800045015ABCD00");
        var e = Assert.Throws<CardException>(() => Connect(card).ReadFile(CardPath.Parse("3F005015ABCD")));
        Assert.Equal(CardError.FileNotFound, e.Error);
        Assert.Contains("3F005015ABCD", e.Message);
        card.AssertDone();
    }

    [Fact]
    public void Get_challenge_asks_at_most_256_bytes_per_apdu()
    {
        var card = V0Card().Expect(V0Use, "0084000008").Expect(V0Use, "0084000000");
        var driver = Connect(card);
        Assert.Equal(8, driver.GetChallenge(8).Length);
        Assert.Equal(256, driver.GetChallenge(256).Length);
        card.AssertDone();
    }

    [Fact]
    public void Logout_reselects_the_applet_and_forgets_the_security_environment()
    {
        var pso = "002A9E9A33" + DigestInfoSha256 + "00";
        var card = V0Card()
            .Expect(V0Use, VerifyRightPin)
            .Expect(V0Use, "002241B606800111840100", "9000")
            .Expect(V0Use, pso, "9000")
            .Expect(V0Use, SelectApplet)
            .Expect(V0Use, VerifyRightPin)
            .Expect(V0Use, "002241B606800111840100", "9000")
            .Expect(V0Use, pso, "9000");
        var driver = Connect(card);
        driver.KeepStateAcrossTransactions = true;
        VerifyAndSignDigestInfo(driver);
        driver.Logout();
        VerifyAndSignDigestInfo(driver);
        card.AssertDone();
    }

    [Fact]
    public void Sign_without_pin_maps_6982_and_forgets_the_environment()
    {
        var card = V0Card()
            .Expect(V0Use, "002241B606800111840100") // answered 6982 without PIN
            .Expect(V0Use, VerifyRightPin)
            .Expect("002241B606800111840100", "9000");
        var driver = Connect(card);
        driver.KeepStateAcrossTransactions = true;
        var e = Assert.Throws<CardException>(() => driver.Sign(new CardKey(0, 2048), SignatureAlgorithm.RsaPkcs1, Bytes(DigestInfoSha256)));
        Assert.Equal(CardError.SecurityStatusNotSatisfied, e.Error);
        driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
        Assert.Throws<ScriptMismatchException>(() => driver.Sign(new CardKey(0, 2048), SignatureAlgorithm.RsaPkcs1, Bytes(DigestInfoSha256)));
    }
}
