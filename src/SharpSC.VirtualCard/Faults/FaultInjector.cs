namespace SharpSC.VirtualCard.Faults;

/// <summary>
/// The active fault rules, consulted for every APDU between the vpcd link and the card. The first rule
/// that matches a command decides; a rule is removed once it has hit its count. Thread-safe.
/// </summary>
public sealed class FaultInjector
{
    private const byte GetResponseIns = 0xC0;
    private readonly object _gate = new();
    private readonly List<ActiveRule> _rules = [];
    private CancellationTokenSource _cleared = new();

    public void Add(FaultRule rule)
    {
        lock (_gate) _rules.Add(new ActiveRule(rule));
    }

    /// <summary>Removes every rule and wakes up the commands a <see cref="FaultKind.Hang"/> rule holds.</summary>
    public void Clear()
    {
        CancellationTokenSource wake;
        lock (_gate)
        {
            _rules.Clear();
            wake = _cleared;
            _cleared = new CancellationTokenSource();
        }
        wake.Cancel(); // not disposed: a held command may still be about to look at its token
    }

    public IReadOnlyList<FaultRule> Rules
    {
        get
        {
            lock (_gate) return _rules.Select(r => r.Rule).ToList();
        }
    }

    /// <summary>The rule that hits this command, or null when the command passes untouched.</summary>
    public FaultRule? Match(ReadOnlySpan<byte> command) => Match(command, out _);

    /// <summary>
    /// The rule that hits this command, or null; <paramref name="cleared"/> is cancelled by the next
    /// <see cref="Clear"/> (what a held command waits for).
    /// </summary>
    public FaultRule? Match(ReadOnlySpan<byte> command, out CancellationToken cleared)
    {
        cleared = CancellationToken.None;
        if (command.Length < 4) return null;
        var ins = command[1];
        lock (_gate)
        {
            cleared = _cleared.Token;
            foreach (var active in _rules)
            {
                if (!active.Matches(ins)) continue;
                if (active.Skip > 0)
                {
                    active.Skip--;
                    continue;
                }
                active.Hit(ins);
                if (active.Remaining == 0) _rules.Remove(active);
                return active.Rule;
            }
        }
        return null;
    }

    private sealed class ActiveRule(FaultRule rule)
    {
        private byte? _loopIns;

        public FaultRule Rule { get; } = rule;
        public int Skip { get; set; } = rule.Nth - 1;
        public int Remaining { get; private set; } = rule.Count;

        // A triggered 61xx loop follows the host's GET RESPONSEs, a 6Cxx loop the re-sent command.
        public bool Matches(byte ins) => _loopIns is { } loop ? ins == loop : Rule.Ins is not { } wanted || wanted == ins;

        public void Hit(byte ins)
        {
            if (Rule.Kind == FaultKind.Loop61) _loopIns = GetResponseIns;
            else if (Rule.Kind == FaultKind.Loop6C) _loopIns = ins;
            if (Remaining > 0) Remaining--;
        }
    }
}
