using SharpSC.VirtualCard.Applets.MyEid;

namespace SharpSC.TestSupport;

/// <summary>Emulated MyEID cards made from the fixtures (tests/fixtures/myeid).</summary>
public static class MyEidFixtureCards
{
    /// <summary>The OsEID card's serial number in the transcripts.</summary>
    public static byte[] OsEidSerial => [0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

    private static readonly Lazy<byte[]> OpenScState = new(() =>
    {
        var card = new MyEidCard(OsEidSerial);
        foreach (var line in File.ReadLines(RepoPaths.Fixture("myeid", "personalise.apdu")))
            if (line.StartsWith("> ", StringComparison.Ordinal))
                card.Process(Convert.FromHexString(line[2..]));
        card.Reset();
        return card.SaveState();
    });

    /// <summary>
    /// A card as OpenSC 0.23's pkcs15-init personalised it (the recorded commands replayed into the emulator):
    /// SO PIN 3 (00000000), user PIN 1 (123456, PUK 12345678), RSA-2048 in 4B01 and P-256 in 4B02, activated. The
    /// keys are the emulator's own; the public key files 5501/5502 hold what OpenSC wrote in the recording.
    /// </summary>
    public static MyEidCard OpenScPersonalised() => MyEidCard.FromState(OpenScState.Value);
}
