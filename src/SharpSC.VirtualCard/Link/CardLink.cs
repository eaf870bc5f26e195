using SharpSC.VirtualCard.Faults;

namespace SharpSC.VirtualCard.Link;

/// <summary>Passes APDUs from a reader connection to the card, applying the active fault rules.</summary>
public sealed class CardLink(EmulatedCard card, FaultInjector faults)
{
    private const int VpcdFrameHeader = 2;

    public EmulatedCard Card => card;
    public FaultInjector Faults => faults;

    /// <summary>
    /// Answers one command. Faults that make the card wait (delay, hang) end early when
    /// <paramref name="abandon"/> fires: the connection is going away and nothing is sent.
    /// </summary>
    public LinkOutcome Exchange(byte[] command, CancellationToken abandon = default)
    {
        var rule = faults.Match(command, out var cleared);
        if (rule == null) return Answer(card.Process(command));
        switch (rule.Kind)
        {
            case FaultKind.Delay:
                var late = card.Process(command);
                return abandon.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(rule.Argument)) ? LinkOutcome.Abandoned : Answer(late);
            case FaultKind.Hang:
                using (var wake = CancellationTokenSource.CreateLinkedTokenSource(cleared, abandon))
                    wake.Token.WaitHandle.WaitOne();
                return abandon.IsCancellationRequested ? LinkOutcome.Abandoned : Answer(card.Process(command));
            case FaultKind.Drop:
                return new LinkOutcome(null, null, true);
            case FaultKind.DropAfter:
                card.Process(command);
                return new LinkOutcome(null, null, true);
            case FaultKind.DropMid:
                var whole = card.Process(command);
                return new LinkOutcome(whole, VpcdFrameHeader + whole.Length / 2, true);
            case FaultKind.Truncate:
                var full = card.Process(command);
                return Answer(full[..Math.Min(rule.Argument, full.Length)]);
            case FaultKind.Corrupt:
                var response = card.Process(command);
                var index = rule.Argument < 0 ? response.Length + rule.Argument : rule.Argument;
                if (index >= 0 && index < response.Length) response[index] ^= 0xFF;
                return Answer(response);
            case FaultKind.StatusWord:
                return Answer([(byte)(rule.Argument >> 8), (byte)rule.Argument]);
            case FaultKind.Loop61:
                return Answer([0x61, (byte)rule.Argument]);
            default:
                return Answer([0x6C, (byte)rule.Argument]);
        }
    }

    private static LinkOutcome Answer(byte[] response) => new(response, null, false);
}
