using SharpSC.VirtualCard.Applets.MyEid;

namespace SharpSC.VirtualCard.Tests.MyEid;

/// <summary>The emulated MyEID card answers OpenSC 0.23's whole recorded session as OsEID did.</summary>
public sealed class MyEidTranscriptTests
{
    private static readonly byte[] OsEidSerial = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

    [Fact]
    public void Every_recorded_tool_run_replays_in_order()
    {
        var card = new MyEidCard(OsEidSerial);
        var replayer = new MyEidReplayer(card);
        var steps = MyEidTranscript.RecordedOrder();
        Assert.Equal(18, steps.Count);
        foreach (var step in steps)
            replayer.Replay(step);
        Assert.True(replayer.Compared > 700, $"compared {replayer.Compared}");
        Assert.Equal(16, replayer.Verified); // RSA (raw, PKCS#1, SHA-1) and ECDSA, each checked with .NET
        Assert.True(replayer.LengthOnly >= 5, $"length-only {replayer.LengthOnly}");
    }

    [Fact]
    public void The_personalisation_leaves_the_files_and_keys_pkcs15_init_made()
    {
        var card = new MyEidCard(OsEidSerial);
        var replayer = new MyEidReplayer(card);
        foreach (var step in MyEidTranscript.Load("personalise.apdu"))
            replayer.Replay(step);
        var state = card.Applet.State;
        Assert.True(state.IsOperational);
        var app = state.MasterFile.Child(0x5015)!;
        Assert.Equal(
            new ushort[] { 0x4402, 0x5031, 0x4404, 0x4407, 0x4403, 0x4405, 0x4406, 0x4401, 0x5032, 0x4946, 0x4B01, 0x5501, 0x4B02, 0x5502 },
            app.Children.Select(f => f.Fid).ToArray());
        Assert.NotNull(state.MasterFile.Child(0x2F00));
        var rsa = Assert.IsType<MyEidRsaKey>(app.Child(0x4B01)!.Key);
        Assert.Equal(2048, rsa.Bits);
        Assert.True(rsa.IsComplete);
        var ec = Assert.IsType<MyEidEcKey>(app.Child(0x4B02)!.Key);
        Assert.Equal(32, ec.FieldBytes);
        Assert.Equal(0x0300, app.Child(0x4B01)!.Prop);
        Assert.Equal(3, state.Pins[2]!.PinTriesMax); // SO PIN, reference 3
        Assert.Equal(10, state.Pins[2]!.PukTriesMax);
        Assert.Equal(3, state.Pins[0]!.PinTriesMax); // user PIN, reference 1
        Assert.Null(state.Pins[1]);
    }
}
