namespace SharpSC.VirtualCard.Tests.OpenPgp;

public class OpenPgpLifeCycleTests
{
    [Fact]
    public void FactoryReset_AsGnuPgDoesIt_BlockTerminateActivate()
    {
        var card = new PgpCard(0x00C0FFEE);
        card.VerifyPw3();
        card.Generate(Attrs.Sig, Attrs.Ed25519);
        card.Ok("00DA005B0441626364");
        card.Ok("00DA00D308" + "3837363534333231");
        card.Ok("0024008310" + PgpCard.Pw3 + "3837363534333231");
        card.Ok(PgpCard.Select);
        // Without PW3, TERMINATE DF is refused; GnuPG blocks PW1 and PW3 with wrong values first.
        card.Expect("00E60000", 0x6982);
        for (var i = 0; i < 4; i++)
        {
            card.Send("00200081084040404040404040");
            card.Send("00200083084040404040404040");
        }
        card.Expect("00200083", 0x63C0);
        card.Ok("00E60000");
        card.Expect(PgpCard.Select, 0x6285);
        card.Expect("00CA006E00", 0x6285);
        card.Expect("0020008306" + PgpCard.Pw1, 0x6285);
        card.Ok("00440000");

        Assert.Empty(card.Ok(PgpCard.Select));
        Assert.Equal("D276000124010304FF5300C0FFEE0000", Convert.ToHexString(card.GetData(0x4F)));
        Assert.Equal("007F7F7F030003", Convert.ToHexString(card.GetData(0xC4)));
        Assert.Equal("5B005F2D02656E5F350139", Convert.ToHexString(card.GetData(0x65)));
        Assert.Equal("010800001100", Convert.ToHexString(card.GetData(0xC1)));
        card.Expect("0047810002B60000", 0x6A88);
        card.VerifyPw3();
        card.VerifyPw1();
        // ACTIVATE on an operational card does nothing.
        card.Ok("00440000");
        card.Expect("00200082", 0x9000);
    }

    [Fact]
    public void TerminateWithPw3_AndTheTerminatedStateSurvivesARestart()
    {
        var card = new PgpCard();
        card.VerifyPw3();
        card.Ok("00E60000");
        var restarted = card.Restarted();
        restarted.Expect(PgpCard.Select, 0x6285);
        restarted.Expect("00CA004F00", 0x6285);
        restarted.Ok("00440000");
        restarted.Ok(PgpCard.Select);
        Assert.Equal(16, restarted.GetData(0x4F).Length);
    }

    [Fact]
    public void SaveState_Restores_KeysPasswordsCountersAndDataObjects()
    {
        var card = new PgpCard(0x0BADCAFE);
        card.VerifyPw3();
        var sig = HostCrypto.Template(card.Generate(Attrs.Sig, Attrs.Ed25519))[0x86];
        var dec = HostCrypto.Template(card.Generate(Attrs.Dec, Attrs.X25519))[0x86];
        var aut = HostCrypto.Ec(card.Generate(Attrs.Aut, Attrs.EcdsaP256), "secp256r1");
        card.Ok("00DA00C714C25969D47D3FC09679DFA2DE9002E27025CFB4F6");
        card.Ok("00DA00CE046B11DB36");
        card.Ok("00DA005E03616263");
        card.Ok("00DA010404DEADBEEF");
        card.Ok("00A501040660045C027F21");
        card.Ok("00DA7F2103300100");
        card.Ok("00DA00C40101");
        card.Ok("00DA00D308" + "3837363534333231");
        card.Expect("0020008106313131313131", 0x6982);
        card.VerifyPw1Signature();
        card.Sign("abc"u8.ToArray());

        var r = card.Restarted();
        Assert.Equal(card.GetData(0x6E), r.GetData(0x6E));
        Assert.Equal(card.GetData(0x65), r.GetData(0x65));
        Assert.Equal("9303000001", Convert.ToHexString(r.GetData(0x7A)));
        Assert.Equal("017F7F7F030303", Convert.ToHexString(r.GetData(0xC4)));
        Assert.Equal("abc"u8.ToArray(), r.GetData(0x5E));
        r.Ok("00A501040660045C027F21");
        Assert.Equal("300100", Convert.ToHexString(r.GetData(0x7F21)));
        r.Expect("00200083", 0x63C3);
        r.VerifyPw3();
        Assert.Equal("DEADBEEF", Convert.ToHexString(r.GetData(0x0104)));
        r.VerifyPw1Signature();
        Assert.True(HostCrypto.VerifyEd25519(sig, "restored"u8.ToArray(), r.Sign("restored"u8.ToArray())));
        r.VerifyPw1();
        var hash = HostCrypto.Sha256("restored"u8.ToArray());
        Assert.True(HostCrypto.VerifyEcdsa(aut, hash, r.Authenticate(hash)));
        var (ephemeral, shared) = HostCrypto.X25519(dec);
        Assert.Equal(shared, r.Decipher(HostCrypto.CipherDo(ephemeral)));
    }

    [Fact]
    public void ChangeTracker_MarkedByEveryPersistentChange_NotByReads()
    {
        var card = new PgpCard();
        var t = card.Changes;
        t.Take();
        card.GetData(0x6E);
        card.Expect("00200081", 0x63C3);
        card.Ok("0084000008");
        Assert.False(t.Take());
        card.Expect("0020008106313131313131", 0x6982);
        Assert.True(t.Take());
        card.VerifyPw1();
        Assert.True(t.Take()); // the counter went back to 3
        card.VerifyPw3();
        Assert.False(t.Take());
        string[] writes = ["00DA005B0141", "00DA00C40101", "00DA00C70401020304", "00DA00D0046B11DB3A", "00DA00C3092A8648CE3D030107"];
        foreach (var w in writes)
        {
            var (_, sw) = card.Send(w);
            Assert.Equal(sw == 0x9000, t.Take());
        }
        card.Generate(Attrs.Aut, Attrs.EcdsaP256);
        Assert.True(t.Take());
        card.VerifyPw1();
        card.Authenticate(new byte[32]);
        Assert.False(t.Take());
        card.VerifyPw1Signature();
        card.Expect(PgpCard.Apdu(0, 0x2A, 0x9E, 0x9A, new byte[32], 256), 0x6A88);
        Assert.False(t.Take());
    }

    [Fact]
    public void RestoringSomethingElse_IsRefusedWithAReason()
    {
        Assert.Throws<InvalidDataException>(() => Applets.OpenPgp.OpenPgpApplet.Restore([], new Runtime.ChangeTracker()));
        Assert.Throws<InvalidDataException>(() => Applets.OpenPgp.OpenPgpApplet.Restore([2, 1, 2], new Runtime.ChangeTracker()));
        var saved = new PgpCard().Applet.SaveState();
        saved[^1] ^= 0xFF;
        var truncated = saved[..^3];
        Assert.Throws<InvalidDataException>(() => Applets.OpenPgp.OpenPgpApplet.Restore(truncated, new Runtime.ChangeTracker()));
    }
}
