using SharpSC.VirtualCard.Faults;

namespace SharpSC.VirtualCard.Link;

/// <summary>Passes APDUs from a reader connection to the card, applying the active fault rules.</summary>
public sealed class CardLink(IsoAppletCard card, FaultInjector faults)
{
    private const int VpcdFrameHeader = 2;

    public IsoAppletCard Card => card;
    public FaultInjector Faults => faults;

    public LinkOutcome Exchange(byte[] command)
    {
        var rule = faults.Match(command);
        if (rule == null) return new LinkOutcome(TimeSpan.Zero, card.Process(command), null, false);
        switch (rule.Kind)
        {
            case FaultKind.Delay:
                return new LinkOutcome(TimeSpan.FromMilliseconds(rule.Argument), card.Process(command), null, false);
            case FaultKind.Drop:
                return new LinkOutcome(TimeSpan.Zero, null, null, true);
            case FaultKind.DropAfter:
                card.Process(command);
                return new LinkOutcome(TimeSpan.Zero, null, null, true);
            case FaultKind.DropMid:
                var whole = card.Process(command);
                return new LinkOutcome(TimeSpan.Zero, whole, VpcdFrameHeader + whole.Length / 2, true);
            case FaultKind.Truncate:
                var full = card.Process(command);
                return new LinkOutcome(TimeSpan.Zero, full[..Math.Min(rule.Argument, full.Length)], null, false);
            case FaultKind.Corrupt:
                var response = card.Process(command);
                var index = rule.Argument < 0 ? response.Length + rule.Argument : rule.Argument;
                if (index >= 0 && index < response.Length) response[index] ^= 0xFF;
                return new LinkOutcome(TimeSpan.Zero, response, null, false);
            case FaultKind.StatusWord:
                return Answer((byte)(rule.Argument >> 8), (byte)rule.Argument);
            case FaultKind.Loop61:
                return Answer(0x61, (byte)rule.Argument);
            default:
                return Answer(0x6C, (byte)rule.Argument);
        }
    }

    private static LinkOutcome Answer(byte sw1, byte sw2) => new(TimeSpan.Zero, [sw1, sw2], null, false);
}
