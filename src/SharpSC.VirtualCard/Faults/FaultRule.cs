namespace SharpSC.VirtualCard.Faults;

/// <summary>
/// One fault: its kind and argument, which commands it applies to (an INS, or any), how many matching
/// commands to let through first (<paramref name="Nth"/> - 1) and how many to hit (-1 = no limit).
/// </summary>
public sealed record FaultRule(FaultKind Kind, int Argument, byte? Ins, int Nth, int Count)
{
    public override string ToString()
    {
        var action = Kind switch
        {
            FaultKind.Delay => $"delay={Argument}",
            FaultKind.Drop => "drop",
            FaultKind.DropAfter => "drop-after",
            FaultKind.DropMid => "drop-mid",
            FaultKind.Truncate => $"truncate={Argument}",
            FaultKind.Corrupt => $"corrupt={Argument}",
            FaultKind.StatusWord => $"sw={Argument:X4}",
            FaultKind.Loop61 => $"loop61={Argument:X2}",
            FaultKind.Hang => "hang",
            _ => $"loop6c={Argument:X2}",
        };
        var ins = Ins is { } i ? $" ins={i:X2}" : "";
        return $"{action}{ins} nth={Nth} count={(Count < 0 ? "*" : Count.ToString())}";
    }
}
