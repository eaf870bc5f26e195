using SharpSC.VirtualCard.Applets.MyEid;

namespace SharpSC.VirtualCard.Tests.MyEid;

/// <summary>The MyEID file system: FCI format, selection rules, CREATE/DELETE FILE, READ/UPDATE/ERASE BINARY and ACLs.</summary>
public sealed class MyEidFileSystemTests
{
    [Fact]
    public void A_blank_card_has_the_mf_and_5015_with_osEids_fci()
    {
        var t = new MyEidTestCard();
        Assert.Equal(Convert.FromHexString("3BF518000280014F734549441A"), t.Card.Atr);
        Assert.Equal(Convert.FromHexString("6F1781027FFF82013883023F008603113FFF850200028A0101"), t.Expect("00A40000023F0000"));
        Assert.Equal(Convert.FromHexString("6F2581027FFF820138830250158603111FFF850200028A0101840CA000000063504B43532D3135"),
            t.Expect("00A404000CA000000063504B43532D313500"));
        Assert.Equal(Convert.FromHexString("6F2581027FFF820138830250158603111FFF850200028A0101840CA000000063504B43532D3135"),
            t.Expect("00A4080002501500"));
        Assert.Empty(t.Expect("00A4080C025015"));
        // Without Le the card answers no data.
        Assert.Empty(t.Expect("00A40800025015"));
        var info = t.Expect("00CA01A014");
        Assert.Equal("OsEID"u8.ToArray(), info[..5]);
        Assert.Equal(new byte[] { 4, 5, 2 }, info[5..8]);
        Assert.Equal(t.State.Serial, info[8..18]);
        Assert.Equal(Convert.FromHexString("01000F100000C001000209"), t.Expect("00CA01AA0C"));
        Assert.Equal(Convert.FromHexString("FFFF"), t.Expect("00CA01AC02")); // creation state: nothing enforced
    }

    [Fact]
    public void Files_are_found_by_id_path_name_and_parent()
    {
        var t = new MyEidTestCard();
        t.CreateEf("4401", 16);
        t.Expect("00A4080C025015");
        t.Expect("00A40000024401"); // child of the current DF
        t.Expect("00A4000C025015"); // EF current: its parent DF's sibling search finds 5015 itself
        t.Expect("00A4000C023F00");
        t.Expect("00A4010C025015"); // DF child of the MF
        t.Expect("00A4020C025015", 0x6A82); // 5015 has no EF 5015
        t.Expect("00A4000C023F00");
        t.Expect("00A4090C024401", 0x6A82); // from the MF there is no 4401
        t.Expect("00A4090C0450154401"); // path from the current DF (MF)
        t.Expect("00A4030C"); // parent of 5015's EF's DF: the MF
        Assert.Equal(0x3F00, t.State.MasterFile.Fid);
        t.Expect("00A4080C063F0050154401"); // a path from the MF may name the MF
        t.Expect("00A4080C03501544", 0x6A87);
        t.Expect("00A4040C05A000000063"); // a partial AID selects the application (DF 5015)
        t.Expect("00A4040C055015501550", 0x6A82);
        t.Expect("00A4040C0CA000000063504B43532D3135");
        t.Expect("00A4000402501500", 0x6A86);
        t.Expect("00A4020C00", 0x6700);
    }

    [Fact]
    public void Create_file_checks_the_fcp_as_the_card_does()
    {
        var t = new MyEidTestCard();
        t.Expect("00A4080C025015");
        t.Expect("00E00000196F1780020010820101830244018603011FFF850200008A0100", 0x6984); // FCI, not FCP
        t.Expect(Create("8002001082010186030 11FFF850200008A0100"), 0x6984); // no FID
        t.Expect(Create("800200108201388302DF018603011FFF85020000"), 0x6984); // DF with its size in 80
        t.Expect(Create("8002800082010183024401860301 1FFF"), 0x6984); // larger than 7FFF
        t.Expect(Create("80020010820107830244018603011FFF"), 0x6984); // type 07
        t.Expect(Create("800200108201018302 3F008603011FFF"), 0x6984); // FID 3F00
        t.Expect(Create("800200108201018302440186020 11F"), 0x6984); // ACL of 2 bytes
        t.Expect(Create("8002001082010183024401840150 8603011FFF"), 0x6984); // an EF with a name
        t.Expect(Create("80020010820101830244019901008603011FFF"), 0x6984); // unknown tag
        t.CreateEf("4401", 16);
        t.Expect("00A4080C025015");
        t.Expect(Create("80020010820101830244018603011FFF850200008A0100"), 0x6A89);
        // A DF name must be unique on the card.
        t.Expect(Create("8102000082013883024501860311 1FFF8502000084 0CA000000063504B43532D3135"), 0x6A89);
        // Memory: a file larger than what is left answers 6A84.
        for (var i = 0; i < 2; i++)
            t.CreateEf($"45{i:X2}", 0x7FFF);
        t.Expect("00A4080C025015");
        t.Expect(Create("80027000820101830246008603011FFF"), 0x6A84);
    }

    /// <summary>CREATE FILE of FCP 62 with these inner objects (spaces allowed).</summary>
    private static string Create(string inner)
    {
        var hex = inner.Replace(" ", "", StringComparison.Ordinal);
        var length = hex.Length / 2;
        return $"00E00000{length + 2:X2}62{length:X2}{hex}";
    }

    [Fact]
    public void Read_update_erase_binary_respect_size_and_type()
    {
        var t = new MyEidTestCard();
        t.CreateEf("4401", 20);
        Assert.Equal(Enumerable.Repeat((byte)0xFF, 20).ToArray(), t.Expect("00B0000000"));
        t.Expect("00D6000004DEADBEEF");
        t.Expect("00D6001205AABBCCDDEE", 0x6B00);
        Assert.Equal(Convert.FromHexString("DEADBEEFFF"), t.Expect("00B0000005"));
        var (partial, sw) = t.Send("00B0001008");
        Assert.Equal(0x6282, sw);
        Assert.Equal(4, partial.Length);
        t.Expect("00B0001400", 0x6B00);
        t.Expect("00B00000", 0x6700);
        t.Expect("000E0002");
        Assert.Equal(Convert.FromHexString("DEADFFFF"), t.Expect("00B0000004"));
        t.CreateKeyFile("4B01", 0x11, 1024);
        t.Expect("00B0000010", 0x6985); // a key file is never readable
        t.Expect("00A4080C025015");
        t.Expect("00B0000010", 0x6985); // a DF neither
    }

    [Fact]
    public void Acls_apply_once_the_card_is_activated()
    {
        var t = new MyEidTestCard();
        t.CreateEf("4401", 8, "111FFF"); // read and update with PIN 1
        t.Expect("00B0000008"); // creation state: no access control
        t.Personalise();
        t.SelectPath("50154401");
        t.Expect("00B0000008", 0x6982);
        t.Expect("00D60000020102", 0x6982);
        Assert.Equal(Convert.FromHexString("0000"), t.Expect("00CA01AC02"));
        t.Verify(1, MyEidTestCard.UserPin);
        Assert.Equal(Convert.FromHexString("0001"), t.Expect("00CA01AC02"));
        t.Expect("00D60000020102");
        t.Expect("002E0001");
        t.Expect("00B0000008", 0x6982);
        t.Verify(1, MyEidTestCard.UserPin);
        t.Card.Reset();
        t.SelectPath("50154401");
        t.Expect("00B0000008", 0x6982); // reset forgets the PIN
        // Creating in 5015 needs PIN 1 (11); deleting 5015 is never allowed (proprietary 0002).
        t.Expect("00A4080C025015");
        t.Expect(Create("80020010820101830244028603011FFF"), 0x6982);
        t.Expect("00E40000", 0x6985);
        t.Verify(1, MyEidTestCard.UserPin);
        t.Expect(Create("80020010820101830244028603011FFF"));
        // DELETE with OpenSC's CLA A0 deletes the current file; the parent becomes current.
        t.Expect("A0E40000");
        t.SelectPath("50154402", 0x6A82);
        t.SelectPath("50154401");
        t.Expect("00E40000024401"); // by FID in the current DF
        Assert.Null(t.State.MasterFile.Child(0x5015)!.Child(0x4401));
    }
}
