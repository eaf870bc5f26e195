using SharpSC.Cards.Errors;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Pkcs15.Objects;
using SharpSC.Pkcs15.Personalisation;
using SharpSC.VirtualCard;

namespace SharpSC.Pkcs15.Tests.Personalisation;

public class EditAndEraseTests
{
    [Theory]
    [InlineData(AppletVersion.V0)]
    [InlineData(AppletVersion.V1)]
    public void Deleting_by_id_removes_entries_and_files_and_overwrites_the_key(AppletVersion version)
    {
        var token = new EmulatedToken(version);
        var p = token.Initialised();
        var keep = p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1), Label = "keep" });
        var gone = p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Rsa(2048), Label = "gone" });
        p.StoreCertificate(new CertificateStoreRequest { Certificate = TestCertificates.IssueFor(gone.PublicKeyInfo, "gone") });
        var id = gone.PrivateKey.Key.Id;

        p.DeleteObjects(p.Card.Application!.FindById(id).ToList());

        var app = token.Read().Application!;
        Assert.Empty(app.FindById(id));
        Assert.Single(app.PrivateKeys, k => k.Key.Id == keep.PrivateKey.Key.Id);
        var driver = token.Connect();
        Assert.Equal(CardError.FileNotFound, Assert.Throws<CardException>(() => driver.SelectFile(Cards.Files.CardPath.Parse("3F0050153301"))).Error);
        Assert.Equal(CardError.FileNotFound, Assert.Throws<CardException>(() => driver.SelectFile(Cards.Files.CardPath.Parse("3F0050153400"))).Error);

        // The slot now holds a throwaway EC key: the old RSA key is gone.
        driver.VerifyPin(p.UserPin, EmulatedToken.Pin);
        var signature = driver.Sign(new CardKey(1, 256), SignatureAlgorithm.EcdsaSha1, "x"u8);
        Assert.Equal(0x30, signature[0]);
        // Bytes of the removed entries are zeroed, not left behind the end marker.
        var prkdf = token.File("3F0050154402");
        Assert.All(prkdf.AsSpan(app.GetDirectory(DirectoryKind.PrivateKeys)!.UsedLength).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Labels_and_ids_change_in_place_and_ids_stay_unique()
    {
        var token = new EmulatedToken(AppletVersion.V0);
        var p = token.Initialised();
        var a = p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1), Id = Pkcs15Id.Parse("01"), Label = "a" });
        var b = p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1), Id = Pkcs15Id.Parse("02"), Label = "b" });

        var renamed = p.SetLabel(a.PrivateKey, "a much longer label than before").Object;
        Assert.Equal("a much longer label than before", renamed.Label);
        p.SetId(p.Card.Application!.FindPublicKey(Pkcs15Id.Parse("02"))!, Pkcs15Id.Parse("0203"));
        Assert.Equal(PersonalisationError.IdInUse, Assert.Throws<PersonalisationException>(() =>
            p.SetId(p.Card.Application!.FindPrivateKey(Pkcs15Id.Parse("02"))!, Pkcs15Id.Parse("01"))).Error);

        var app = token.Read().Application!;
        Assert.Equal("a much longer label than before", app.FindPrivateKey(Pkcs15Id.Parse("01"))!.Label);
        Assert.Equal("b", app.FindPrivateKey(Pkcs15Id.Parse("02"))!.Label);
        Assert.NotNull(app.FindPublicKey(Pkcs15Id.Parse("0203")));
        Assert.Equal(b.PrivateKey.Key.KeyReference, app.FindPrivateKey(Pkcs15Id.Parse("02"))!.Key.KeyReference);
    }

    [Fact]
    public void The_token_label_changes_in_token_info_and_ef_dir_and_last_update_moves()
    {
        var token = new EmulatedToken(AppletVersion.V1);
        var p = token.Initialised();
        token.Clock.Now = token.Clock.Now.AddHours(1);
        p.SetTokenLabel("Renamed token");
        var app = token.Read().Application!;
        Assert.Equal("Renamed token", app.TokenInfo.Label);
        Assert.Equal("Renamed token", Pkcs15Codec.DecodeEfDir(token.File("3F002F00")).FindApplication(Files.EfDir.Pkcs15Aid)!.Label);
        Assert.Equal("20261127100746Z", app.TokenInfo.LastUpdate!.Time);
        Assert.Equal(PersonalisationError.InvalidRequest, Assert.Throws<PersonalisationException>(() => p.SetTokenLabel(new string('x', 100))).Error);

        // Changes within the same second (or with a clock behind the card's) still move lastUpdate forward.
        p = token.LoggedIn();
        p.SetTokenLabel("Again");
        token.Clock.Now = token.Clock.Now.AddDays(-1);
        p.SetTokenLabel("Once more");
        Assert.Equal("20261127100748Z", token.Read().Application!.TokenInfo.LastUpdate!.Time);
    }

    [Fact]
    public void Erase_destroys_the_keys_and_leaves_a_card_init_accepts()
    {
        var token = new EmulatedToken(AppletVersion.V0);
        var p = token.Initialised();
        var key = p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Rsa(2048) });
        var erased = p.Erase();
        Assert.Contains("overwrote key slot 0", erased.Steps);
        Assert.Null(token.Read().Application);

        var again = token.Initialised("Again");
        var driver = again.Driver;
        // Slot 0 now holds the throwaway EC key: an ECDSA signature, where the RSA key would have failed.
        var signature = driver.Sign(new CardKey(0, 256), SignatureAlgorithm.EcdsaSha1, "x"u8);
        Assert.Equal(0x30, signature[0]);
        Assert.True(signature.Length < 80);
        Assert.IsType<RsaPublicKeyInfo>(key.PublicKeyInfo);
        Assert.Equal("Again", token.Read().Application!.TokenInfo.Label);
    }

    [Fact]
    public void Erase_also_clears_a_structure_it_cannot_read()
    {
        var token = new EmulatedToken(AppletVersion.V0);
        var p = token.Initialised();
        // Garble the TokenInfo: the card no longer parses.
        p.Driver.UpdateBinary(Cards.Files.CardPath.Parse("3F0050155032"), 0, new byte[] { 0x30, 0x7F, 0x01 });
        Assert.Throws<Pkcs15FormatException>(() => token.Read());
        var driver = token.Connect();
        var blind = new Pkcs15Personaliser(Card.Pkcs15Card.WithoutStructure(driver, "TokenInfo does not parse"));
        driver.VerifyPin(Cards.Drivers.IsoApplet.IsoAppletDriver.UserPin, EmulatedToken.Pin);
        blind.Erase(new EraseOptions { DestroyKeys = false });
        Assert.Null(token.Read().Application);
    }
}
