using SharpSC.VirtualCard.Applets.MyEid;

namespace SharpSC.Fuzz.Targets;

/// <summary>
/// A MyEID card as OpenSC 0.23's pkcs15-init personalised OsEID (tests/fixtures/myeid/personalise.apdu replayed
/// into the emulator): SO PIN 3, user PIN 1 (123456), RSA-2048 in 4B01, P-256 in 4B02, activated. Each fuzz run
/// gets a fresh card from the saved state.
/// </summary>
public static class EmulatedMyEidCard
{
    public const string Pin = "123456";

    private static readonly Lazy<byte[]> State = new(() =>
    {
        var card = new MyEidCard(Convert.FromHexString("00000000000000000001"));
        foreach (var line in File.ReadLines(System.IO.Path.Combine(Fixtures.Directory, "myeid", "personalise.apdu")))
            if (line.StartsWith("> ", StringComparison.Ordinal))
                card.Process(Convert.FromHexString(line[2..]));
        var mf = card.Process(Convert.FromHexString("00A40000023F0000"));
        if (mf.Length < 3 || mf[^3] != 0x07) throw new InvalidOperationException("the MyEID fixture did not personalise the card");
        card.Reset();
        return card.SaveState();
    });

    private static readonly Lazy<MyEidCard> SharedCard = new(() => MyEidCard.FromState(State.Value));

    public static MyEidCard Fresh() => MyEidCard.FromState(State.Value);

    /// <summary>One card for harnesses whose commands leave it as it was.</summary>
    public static MyEidCard Shared => SharedCard.Value;

    /// <summary>The OsEID transcripts' answers, as seeds for the parsers.</summary>
    public static IEnumerable<byte[]> TranscriptAnswers() =>
        File.ReadLines(System.IO.Path.Combine(Fixtures.Directory, "myeid", "personalise.apdu"))
            .Where(l => l.StartsWith("< ", StringComparison.Ordinal) && l.Length > 8)
            .Select(l => Convert.FromHexString(l[2..].Split(' ')[0]))
            .Distinct(StructuralComparer.Instance);

    private sealed class StructuralComparer : IEqualityComparer<byte[]>
    {
        public static StructuralComparer Instance { get; } = new();
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(byte[] obj) => obj.Length == 0 ? 0 : obj[0] << 16 | obj.Length;
    }
}
