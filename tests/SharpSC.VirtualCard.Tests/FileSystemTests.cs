using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Tests;

public class FileSystemTests
{
    // DF 5015 (ACL: create EF needs PIN) with DF name, EF 5015/4401 (update/delete need PIN, read always), EF 2F00 (all always).
    private static readonly string CreateDf5015 = Create("82013883025015840A0102030405060708090A8608FF00000000009090");
    private const string CreateEf4401 = "00E00000176F1581020100820101830244018608FF90909090909000";
    private const string CreateEf2F00 = "00E00000176F158102008082010183022F008608FF00000000000000";

    /// <summary>CREATE FILE with an FCI template 6F around the given TLVs.</summary>
    private static string Create(string inner, byte p1 = 0)
    {
        var fci = $"6F{inner.Length / 2:X2}{inner}";
        return $"00E0{p1:X2}00{fci.Length / 2:X2}{fci}";
    }

    private static CardSession Blank(AppletVersion v = AppletVersion.V1)
    {
        var s = new CardSession(v);
        s.Ok(CardSession.SelectApplet);
        return s;
    }

    private static CardSession WithFiles(AppletVersion v = AppletVersion.V1)
    {
        var s = Blank(v);
        s.Ok(CreateEf2F00);
        s.Ok("00A4000C023F00");
        s.Ok(CreateDf5015);
        s.Ok(CreateEf4401);
        s.Ok("00D6000004CAFEBABE");
        s.Ok("0024010210" + CardSession.Puk);
        s.Ok("0024010106" + CardSession.Pin);
        s.Ok(CardSession.SelectApplet);
        return s;
    }

    [Fact]
    public void BlankCard_HasOnlyTheMasterFile()
    {
        var s = Blank();
        Assert.Equal("6F0782013883023F00", Hex.Format(s.Ok("00A40000023F0000")));
        Assert.Equal("6F0782013883023F00", Hex.Format(s.Ok("00A40004023F0000"))); // FCP asked: the stored template
        s.Expect("00A40800045015440100", 0x6A82);
    }

    [Fact]
    public void Select_ByEveryMethod_ReturnsTheStoredTemplate()
    {
        var s = WithFiles();
        var ef = "6F1581020100820101830244018608FF90909090909000";
        Assert.Equal(ef, Hex.Format(s.Ok("00A40800045015440100")));   // path from MF
        Assert.Equal(ef, Hex.Format(s.Ok("00A4000002440100")));       // FID, searched in the whole tree
        s.Ok("00A4000C023F00");
        Assert.Equal(ef, Hex.Format(s.Ok("00A4020002440100")));       // EF below the current DF (recursive)
        s.Ok("00A4000C023F00");
        s.Ok("00A4010C025015");                                        // child DF
        Assert.Equal(ef, Hex.Format(s.Ok("00A4090002440100")));       // path from the current DF
        Assert.Equal("6F0782013883023F00", Hex.Format(s.Ok("00A4030000"))); // parent of 5015
        s.Expect("00A40300", 0x6A82);                                  // the MF has no parent
        Assert.StartsWith("6F1D", Hex.Format(s.Ok("00A404000A0102030405060708090A00"))); // DF name
        s.Expect("00A4010C024401", 0x6A82);                             // 4401 is not a DF
        s.Expect("00A4020C025015", 0x6A82);                             // 5015 is not an EF
        s.Expect("00A40008023F00", 0x6A86);                             // FMD
        s.Expect("00A40001023F00", 0x6A86);                             // not the first occurrence
        s.Expect("00A40500023F00", 0x6A86);
    }

    [Fact]
    public void Select_PathQuirk_SkipsUnknownFids_AsTheAppletDoes()
    {
        var s = WithFiles();
        s.Ok("00A4080C06ABCD50154401");
    }

    [Fact]
    public void ReadBinary_ReturnsWhatIsLeft_AndKeepsTheEfWhenADfIsSelected()
    {
        var s = WithFiles();
        s.Ok("00A4080C0450154401");
        Assert.Equal(256, s.Ok("00B0000000").Length);
        Assert.Equal("CAFEBABE00", Hex.Format(s.Ok("00B0000005")));
        Assert.Equal(16, s.Ok("00B000F000").Length);
        s.Expect("00B0010001", 0x6B00);
        s.Ok("00A4080C025015");
        Assert.Equal("CAFEBABE", Hex.Format(s.Ok("00B0000004")));
        Assert.Empty(s.Ok("00B00000"));                 // no Le: Ne = 0
        Assert.Equal("CAFE", Hex.Format(s.Ok("00B0810002"))); // SFI 01 = 4401 & 1F
        s.Expect("00B09F0002", 0x6A82);
        s.Expect("00B0A00002", 0x6A86);
        s.Ok("00A4000C023F00");
        Assert.Equal("CAFE", Hex.Format(s.Ok("00B0000002"))); // selecting a DF keeps the current EF
        s.Ok(CardSession.SelectApplet);
        s.Ok("00A4000C023F00");
        s.Expect("00B0000002", 0x6981);
    }

    [Fact]
    public void UpdateBinary_StaysWithinTheFile_AndSelectsTheEf()
    {
        var s = WithFiles();
        s.Verify();
        s.Ok("00A4080C0450154401");
        s.Ok("00D600FF0111");
        s.Expect("00D600FF021122", 0x6B00);
        s.Expect("00D6010001AA", 0x6B00);
        s.Ok("00A4000C023F00");
        s.Expect("00D6810001EE", 0x6A82); // SFI 01 (4401) is not a child of the MF
        s.Ok("00D6800001EE");              // SFI 00 is EF.DIR 2F00, which becomes the current EF
        Assert.Equal("EE", Hex.Format(s.Ok("00B0000001")));
    }

    [Fact]
    public void Acl_IsEnforced_90NeedsThePin_FFNever_00Always()
    {
        var s = WithFiles();
        s.Ok("00A4080C0450154401");
        Assert.Equal("CA", Hex.Format(s.Ok("00B0000001")));        // read: 00
        s.Expect("00D6000001AA", 0x6982);                          // update: 90
        s.Expect("00E40000024401", 0x6982);                        // delete self: 90
        s.Ok("00A4080C025015");
        s.Expect(Create("81020010820101830250328608FF00000000000000"), 0x6982); // create EF in 5015: 90
        s.Ok("00A4000C022F00");
        s.Ok("00D6000001AA");                                      // EF.DIR: 00
        s.Verify();
        s.Ok("00A4080C0450154401");
        s.Ok("00D6000001AA");
        s.Ok(Create("810200108201018302503386" + "08FF9090909090FF00"));
        s.Expect("00D6000001AA", 0x6982);                          // update byte FF: never
    }

    [Fact]
    public void CreateFile_ValidatesTheTemplate()
    {
        var s = Blank();
        s.Expect(Create("8102008082010183023F008608FF00000000000000"), 0x6984); // FID of the MF
        s.Ok(CreateEf2F00);
        s.Expect(CreateEf2F00, 0x6984);                              // FID exists
        s.Expect("00E00000027000", 0x6984);                          // not 6F/62
        s.Expect(Create("820101830230"), 0x6984);              // inconsistent TLV
        s.Expect(Create("8201018301AA"), 0x6984);              // FID not 2 bytes
        s.Expect(Create("820101830230018605FF00000000"), 0x6984); // ACL not 8 bytes
        s.Expect(Create("830230018200"), 0x6984);              // malformed length 00
        s.Expect(Create("82010083023002"), 0x6984);            // EF without structure
        s.Expect(Create("82010183023003", 1), 0x6A86);
        s.Ok(Create("82010183023004"));                        // no size: 128 bytes
        Assert.Equal(128, s.Ok("00B0000000").Length);
        s.Ok(Create("8201018302300581020000"));                // size 0
        s.Expect("00B0000001", 0x6B00);
        s.Ok(Create("8205020000400A83023006"));                // linear fixed record EF
        s.Expect("00B0000001", 0x6981);
        Assert.Equal("6F0B8205020000400A83023006", Hex.Format(s.Ok("00A40000023006")));
    }

    [Fact]
    public void CreateFile_NegativeSize_IsAnUncaughtException()
    {
        var s = Blank();
        s.Expect(Create("8201018302300781028000"), 0x6F00);
    }

    [Fact]
    public void DeleteFile_RemovesByFid_AndNeverTheMf()
    {
        var s = WithFiles();
        s.Verify();
        s.Expect("00E40000023F00", 0x6986);
        s.Expect("00E4000003440100", 0x6700);
        s.Expect("00E40100024401", 0x6A86);
        s.Ok("00A4080C0450154401");
        s.Ok("00E40000024401");
        s.Expect("00B0000001", 0x6981); // no EF after deletion; the parent DF is current
        s.Expect("00A40800045015440100", 0x6A82);
        s.Expect("00E40000024401", 0x6A82);
        s.Ok("00E40000025015");
        s.Expect("00A4000C025015", 0x6A82);
    }

    [Fact]
    public void ADf_HoldsAtMost30Children()
    {
        var s = Blank();
        for (var i = 0; i < 30; i++) s.Ok(Create($"820101830210{i:X2}"));
        s.Expect(Create("820101830210FF"), 0x6A84);
    }

    [Fact]
    public void MemoryBudget_Exhausted_Answers6A84_AndDeletionFreesIt()
    {
        var s = new CardSession(new IsoAppletCard(AppletVersion.V1, new EmulatedCardOptions { MemoryCapacity = 20_000 }));
        s.Ok(CardSession.SelectApplet);
        s.Ok(Create("8201018302100181021F40")); // 8000 bytes
        s.Ok(Create("8201018302100281021F40"));
        s.Expect(Create("8201018302100381021F40"), 0x6A84);
        s.Ok("00E40000021001");
        s.Ok(Create("8201018302100381021F40"));
    }

    [Fact]
    public void SelectWithAnInvalidFidLength_ResetsToTheMf_As_TheAppletDoes()
    {
        var s = WithFiles();
        s.Ok("00A4080C0450154401");
        s.Ok("00A4000C03AABBCC");             // neither empty nor a FID: selection reset, no FCI asked
        s.Expect("00B0000001", 0x6981);
        s.Expect("00A4000003AABBCC00", 0x6F00); // with FCI asked the applet hits a NullPointerException
    }
}
