using System.Security.Cryptography;
using SharpSC.Cards.Drivers.IsoApplet;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Cards.Registry;
using SharpSC.Cards.Security;
using SharpSC.Cards.Tests.Support;
using SharpSC.Cards.Transport;
using static SharpSC.Cards.Tests.Support.Fixtures;

namespace SharpSC.Cards.Tests.Drivers;

/// <summary>What a scenario needs from the card behind the transport.</summary>
public enum ContractScenario
{
    ReadTokenInfo,
    WrongThenRightPin,
    RsaSignature,
    EcdsaSha1Signature,
    RsaDecipher,
}

/// <summary>
/// Driver behaviour that must hold on any IsoApplet v0 card personalised as in v0-opensc-personalise.apdu
/// (PIN 123456, RSA-2048 in key slot 0 with its public key in 3F0050153300, P-256 in slot 1 with 3F0050153301).
/// The bodies assert results (verified signatures, plaintexts), not APDU bytes, so a second transport (the
/// in-process emulator) can run them by overriding <see cref="OpenCard"/>.
/// </summary>
public abstract class IsoAppletContractTests
{
    protected static readonly CardPath RsaPublicKey = CardPath.Parse("3F0050153300");
    protected static readonly CardPath EcPublicKey = CardPath.Parse("3F0050153301");

    /// <summary>A transport to a personalised card that can play <paramref name="scenario"/>.</summary>
    protected abstract ICardTransport OpenCard(ContractScenario scenario);

    /// <summary>A ciphertext for the card's RSA key and the plaintext it hides (default: a fresh random secret).</summary>
    protected virtual (byte[] Ciphertext, byte[] Plaintext) EncryptForCard(RSA cardKey)
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        return (cardKey.Encrypt(secret, RSAEncryptionPadding.Pkcs1), secret);
    }

    private static IsoAppletDriver Open(ICardTransport transport) =>
        Assert.IsType<IsoAppletDriver>(DriverRegistry.Default.Match(transport).Driver);

    [Fact]
    public void The_registry_finds_the_applet_and_the_token_info_reads()
    {
        var driver = Open(OpenCard(ContractScenario.ReadTokenInfo));
        var tokenInfo = driver.ReadFile(CardPath.Parse("3F0050155032"));
        Assert.Equal(0x30, tokenInfo[0]);
        Assert.Equal(tokenInfo.Length, ContentLength.SingleBerTlvObject(tokenInfo));
    }

    [Fact]
    public void A_wrong_pin_costs_one_try_and_the_right_pin_restores_them()
    {
        var driver = Open(OpenCard(ContractScenario.WrongThenRightPin));
        var e = Assert.Throws<CardException>(() => driver.VerifyPin(IsoAppletDriver.UserPin, "999999"u8));
        Assert.Equal(CardError.PinIncorrect, e.Error);
        Assert.Equal(2, e.TriesLeft);
        driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
    }

    [Fact]
    public void An_rsa_pkcs1_signature_verifies_with_the_public_key_on_the_card()
    {
        var driver = Open(OpenCard(ContractScenario.RsaSignature));
        using var rsa = RSA.Create();
        rsa.ImportRSAPublicKey(driver.ReadFile(RsaPublicKey), out _);
        var signature = VerifyAndSignDigestInfo(driver);
        Assert.True(rsa.VerifyData(Bytes(DataTxt), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void An_ecdsa_sha1_signature_verifies_with_the_public_key_on_the_card()
    {
        var driver = Open(OpenCard(ContractScenario.EcdsaSha1Signature));
        using var ec = ECDsa.Create();
        ec.ImportSubjectPublicKeyInfo(driver.ReadFile(EcPublicKey), out _);
        driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
        var der = driver.Sign(new CardKey(1, 256), SignatureAlgorithm.EcdsaSha1, Bytes(DataTxt));
        Assert.True(ec.VerifyData(Bytes(DataTxt), der, HashAlgorithmName.SHA1, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void Rsa_decipher_returns_the_plaintext()
    {
        var driver = Open(OpenCard(ContractScenario.RsaDecipher));
        using var rsa = RSA.Create();
        rsa.ImportRSAPublicKey(driver.ReadFile(RsaPublicKey), out _);
        var (ciphertext, plaintext) = EncryptForCard(rsa);
        driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
        Assert.Equal(plaintext, driver.Decipher(new CardKey(0, 2048), DecipherAlgorithm.RsaPkcs1, ciphertext));
    }
}

/// <summary>The contract played by scripts built from the genuine v0 applet's answers.</summary>
public sealed class ScriptedIsoAppletV0ContractTests : IsoAppletContractTests
{
    private const string SelectRsaPublicKey = "00A40800045015330000";
    private const string SelectEcPublicKey = "00A40800045015330100";

    protected override ICardTransport OpenCard(ContractScenario scenario)
    {
        var card = V0Card();
        switch (scenario)
        {
            case ContractScenario.ReadTokenInfo:
                card.Expect(V0Use, "00A40800045015503200").ExpectAfter(V0Use, "00A40800045015503200", "00B000002F");
                break;
            case ContractScenario.WrongThenRightPin:
                card.Expect(V0Use, VerifyWrongPin).Expect(V0Use, VerifyRightPin);
                break;
            case ContractScenario.RsaSignature:
                ReadRsaPublicKey(card).Expect(V0Use, VerifyRightPin)
                    .Expect(V0Use, "002241B606800111840100", "9000")
                    .Expect(V0Use, "002A9E9A33" + DigestInfoSha256 + "00", "9000");
                break;
            case ContractScenario.EcdsaSha1Signature:
                card.Expect(V0Use, SelectEcPublicKey).ExpectAfter(V0Use, SelectEcPublicKey, "00B000005B")
                    .Expect(V0Use, VerifyRightPin)
                    .Expect("002241B606800121840101", "9000")
                    .Expect(V0Use, "002A9E9A1C" + DataTxt + "00");
                break;
            case ContractScenario.RsaDecipher:
                var chained = V0Use.Exchanges.First(x => x.Command.StartsWith("102A8086FF", StringComparison.Ordinal)).Command;
                ReadRsaPublicKey(card).Expect(V0Use, VerifyRightPin)
                    .Expect("002241B806800111840100", "9000")
                    .Expect(V0Use, chained)
                    .Expect(V0Use, "002A808602DD5000");
                break;
        }
        return card;
    }

    /// <summary>The ciphertext OpenSC sent in v0-opensc-use.apdu and its known plaintext.</summary>
    protected override (byte[] Ciphertext, byte[] Plaintext) EncryptForCard(RSA cardKey)
    {
        var chained = V0Use.Exchanges.First(x => x.Command.StartsWith("102A8086FF", StringComparison.Ordinal)).Command;
        return (Bytes(chained[12..] + "DD50"), Bytes("5A23B45CAFE15F2F17E7B62AA0E4B3C6E708C4A7647F27B078413D84B34811FB"));
    }

    private static ScriptedTransport ReadRsaPublicKey(ScriptedTransport card) => card
        .Expect(V0Use, SelectRsaPublicKey)
        .ExpectAfter(V0Use, SelectRsaPublicKey, "00B0000000")
        .ExpectAfter(V0Use, SelectRsaPublicKey, "00B001000E");
}
