using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Token;

/// <summary>
/// C_InitToken on IsoApplet, where the SO's PIN is the applet's PUK: a blank card is initialised and
/// gets its user PIN through C_InitPIN; a personalised card is erased only for the right PUK.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class InitTokenTests
{
    private const string Puk = TokenReader.Puk;

    [Fact]
    public void A_blank_v1_card_is_initialised_then_gets_its_user_pin_from_the_SO()
    {
        using var dir = new TempDir();
        using var card = VirtualCardProcess.Start(TokenReader.Port, dir.File("blank.state"), "v1");
        using var library = Module.Load();
        var slot = Module.Slot(library, TokenReader.Name);
        Assert.False(slot.GetTokenInfo().TokenFlags.TokenInitialized);

        slot.InitToken(Puk, "Fresh token");
        var info = slot.GetTokenInfo();
        Assert.Equal("Fresh token", info.Label);
        Assert.True(info.TokenFlags.TokenInitialized);
        Assert.False(info.TokenFlags.UserPinInitialized);

        using (var so = slot.OpenSession(SessionType.ReadWrite))
        {
            var e = Assert.Throws<Pkcs11Exception>(() => so.Login(CKU.CKU_USER, TokenReader.Pin));
            Assert.Equal(CKR.CKR_USER_PIN_NOT_INITIALIZED, e.RV);
            so.Login(CKU.CKU_SO, Puk);
            so.InitPin(TokenReader.Pin);
            so.Logout();
        }
        Assert.True(slot.GetTokenInfo().TokenFlags.UserPinInitialized);
        using var user = slot.OpenSession(SessionType.ReadWrite);
        user.Login(CKU.CKU_USER, TokenReader.Pin);
        var attr = Module.Factories.ObjectAttributeFactory;
        user.GenerateKeyPair(Module.Factories.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN),
            [attr.Create(CKA.CKA_EC_PARAMS, new byte[] { 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07 })], [attr.Create(CKA.CKA_SIGN, true)],
            out _, out var key);
        var signature = user.Sign(Module.Factories.MechanismFactory.Create(CKM.CKM_ECDSA_SHA256), key, "v1 signs a host hash"u8.ToArray());
        Assert.Equal(64, signature.Length);
    }

    [Fact]
    public void A_personalised_card_is_erased_only_with_the_right_PUK()
    {
        using var card = new OpenScCard();
        using var library = Module.Load();
        var slot = Module.Slot(library, TokenReader.Name);
        var before = OpenScDump.Objects(TokenReader.OpenScIndex);

        var e = Assert.Throws<Pkcs11Exception>(() => slot.InitToken("fedcba9876543210", "Wiped"));
        Assert.Equal(CKR.CKR_PIN_INCORRECT, e.RV);
        Assert.Equal(before, OpenScDump.Objects(TokenReader.OpenScIndex));
        Assert.Equal("Test", slot.GetTokenInfo().Label);

        using (var open = slot.OpenSession(SessionType.ReadOnly))
        {
            e = Assert.Throws<Pkcs11Exception>(() => slot.InitToken(Puk, "Wiped"));
            Assert.Equal(CKR.CKR_SESSION_EXISTS, e.RV);
        }

        slot.InitToken(Puk, "Wiped");
        Assert.Equal("Wiped", slot.GetTokenInfo().Label);
        Assert.Empty(OpenScDump.Objects(TokenReader.OpenScIndex));
        using var so = slot.OpenSession(SessionType.ReadWrite);
        so.Login(CKU.CKU_SO, Puk);
        so.InitPin("654321");
        so.Logout();
        so.Login(CKU.CKU_USER, "654321");
    }
}
