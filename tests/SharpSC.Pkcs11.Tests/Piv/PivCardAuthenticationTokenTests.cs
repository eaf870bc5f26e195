using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Tests.MultiApplication;
using SharpSC.Pkcs11.Tests.Support;
using SharpSC.Pkcs11.Tokens.Piv;
using SharpSC.TestSupport;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKO;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Constants.CKU;
using static SharpSC.Pkcs11.Tests.Piv.PivEngine;
using static SharpSC.Pkcs11.Tests.Support.EngineHarness;

namespace SharpSC.Pkcs11.Tests.Piv;

/// <summary>
/// SHARPSC_PIV_CARD_AUTH_TOKEN on the personalised virtual YubiKey: the card authentication key (9E) as a token of
/// its own that needs no login (no CKF_LOGIN_REQUIRED, read-only), beside the PIV token ("yes") or in its place
/// ("only"); unset, the card has its one PIV slot.
/// </summary>
[Collection(CryptokiCollection.Name)]
public sealed class PivCardAuthenticationTokenTests : IDisposable
{
    private readonly EmulatorTransport _transport = PivCardImage.Emulator().Transport(Reader);

    private ulong[] Initialize(string? option, EmulatorTransport? card = null)
    {
        Environment.SetEnvironmentVariable(PivCardAuthenticationToken.Variable, option);
        Cryptoki.Readers = () => new FakeReaders().Add(Reader, card ?? _transport);
        Assert.Equal(CKR_OK, Cryptoki.Initialize(InitializeArgs.None));
        Assert.Equal(CKR_OK, Cryptoki.GetSlotList(true, false, out var slots));
        return slots;
    }

    public void Dispose()
    {
        Cryptoki.Finalize(true);
        Cryptoki.Readers = () => new Slots.PcscReaders();
        Environment.SetEnvironmentVariable(PivCardAuthenticationToken.Variable, null);
    }

    [Fact]
    public void Without_the_option_the_card_has_one_token_that_requires_login()
    {
        var slot = Assert.Single(Initialize(null));
        Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(slot, out var info));
        Assert.NotEqual(0UL, info.Flags & CKF_LOGIN_REQUIRED);
        Assert.DoesNotContain("Card Auth", info.Label, StringComparison.Ordinal);
    }

    [Fact]
    public void With_yes_a_second_slot_of_the_reader_holds_the_9e_token_without_login_required()
    {
        var slots = Initialize("yes");
        Assert.Equal(2, slots.Length);
        Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(slots[0], out var piv));
        Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(slots[1], out var cardAuth));
        Assert.Equal(CKR_OK, Cryptoki.GetSlotInfo(slots[1], out var slotInfo));
        Assert.Equal($"{Reader} ({PivCardAuthenticationToken.ApplicationName})", slotInfo.SlotDescription);

        Assert.NotEqual(0UL, piv.Flags & CKF_LOGIN_REQUIRED);
        Assert.Equal(piv.Label + PivCardAuthenticationDevice.LabelSuffix, cardAuth.Label);
        Assert.Equal(piv.SerialNumber, cardAuth.SerialNumber);
        Assert.Equal(0UL, cardAuth.Flags & CKF_LOGIN_REQUIRED);
        Assert.Equal(CKF_TOKEN_INITIALIZED | CKF_USER_PIN_INITIALIZED | CKF_WRITE_PROTECTED,
            cardAuth.Flags & (CKF_TOKEN_INITIALIZED | CKF_USER_PIN_INITIALIZED | CKF_WRITE_PROTECTED));

        AssertTheTokenHoldsOnly9eAndSignsWithoutLogin(slots[1]);
    }

    [Fact]
    public void With_only_the_9e_token_takes_the_place_of_the_piv_token()
    {
        var slot = Assert.Single(Initialize("only"));
        Assert.Equal(CKR_OK, Cryptoki.GetSlotInfo(slot, out var slotInfo));
        Assert.Equal(Reader, slotInfo.SlotDescription);
        Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(slot, out var info));
        Assert.EndsWith(PivCardAuthenticationDevice.LabelSuffix, info.Label, StringComparison.Ordinal);
        Assert.Equal(0UL, info.Flags & CKF_LOGIN_REQUIRED);

        AssertTheTokenHoldsOnly9eAndSignsWithoutLogin(slot);
    }

    [Theory]
    [InlineData("yes", new[] { "", " (PIV Card Authentication)", " (OpenPGP)" })]
    [InlineData("only", new[] { "", " (OpenPGP)" })]
    public void On_a_piv_and_openpgp_card_the_9e_token_stands_with_the_piv_token_before_openpgp(string option, string[] descriptions)
    {
        var slots = Initialize(option, new EmulatorTransport("piv,openpgp"));
        Assert.Equal(descriptions.Select(d => Reader + d), slots.Select(slot =>
        {
            Assert.Equal(CKR_OK, Cryptoki.GetSlotInfo(slot, out var info));
            return info.SlotDescription;
        }));
        Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(slots[^2], out var cardAuth));
        Assert.EndsWith(PivCardAuthenticationDevice.LabelSuffix, cardAuth.Label, StringComparison.Ordinal);
        Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(slots[^1], out var openPgp));
        Assert.NotEqual(0UL, openPgp.Flags & CKF_LOGIN_REQUIRED);
    }

    [Fact]
    public void The_9e_token_is_read_only_and_takes_the_piv_pin_but_no_so()
    {
        var slots = Initialize("yes");
        Assert.Equal(CKR_TOKEN_WRITE_PROTECTED, Rv(() => Cryptoki.OpenSession(slots[1], CKF_SERIAL_SESSION | CKF_RW_SESSION, out _)));
        Assert.Equal(CKR_OK, Cryptoki.OpenSession(slots[1], CKF_SERIAL_SESSION, out var session));
        // PKCS#11 3.0 §5.6 C_Login: a token that requires no login still lets its user log in, with the card's PIV PIN.
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_USER, Ascii(PivCardImage.Pin))));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Logout(session)));
        Assert.NotEqual(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_SO, Ascii(PivCardImage.ManagementKeyHex))));
    }

    /// <summary>A read-only session without login finds the private key, public key and certificate of 9E, with OpenSC's ID 04 and labels, and nothing else; the key signs.</summary>
    private static void AssertTheTokenHoldsOnly9eAndSignsWithoutLogin(ulong slot)
    {
        Assert.Equal(CKR_OK, Cryptoki.OpenSession(slot, CKF_SERIAL_SESSION, out var session));
        var all = Find(session);
        Assert.Equal(3, all.Length);
        Assert.All(all, h => Assert.Equal([0x04], Attribute(session, h, CKA_ID)));
        Assert.Equal("Certificate for Card Authentication", Label(session, FindOne(session, CKO_CERTIFICATE, 0x04)));
        Assert.Equal("CARD AUTH pubkey", Label(session, FindOne(session, CKO_PUBLIC_KEY, 0x04)));
        Assert.Equal("CARD AUTH key", Label(session, FindOne(session, CKO_PRIVATE_KEY, 0x04)));

        var key = FindOne(session, CKO_PRIVATE_KEY, 0x04);
        Assert.False(Bool(session, key, CKA_PRIVATE));
        var data = "card authentication without a PIN"u8.ToArray();
        var signature = Sign(session, new Mechanism(CKM_ECDSA_SHA256), key, data);
        using var cert = X509CertificateLoader.LoadCertificate(PivCardImage.Certificate(0x9E));
        Assert.Equal(cert.RawData, Attribute(session, FindOne(session, CKO_CERTIFICATE, 0x04), CKA_VALUE));
        Assert.True(cert.GetECDsaPublicKey()!.VerifyData(data, signature, HashAlgorithmName.SHA256));
    }
}
