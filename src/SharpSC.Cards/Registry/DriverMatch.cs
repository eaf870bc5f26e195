using SharpSC.Cards.Drivers;

namespace SharpSC.Cards.Registry;

/// <summary>Outcome of <see cref="DriverRegistry.Match(Transport.ICardTransport)"/>: the driver, or null with the reason (for `sharpsc info` and logs).</summary>
public sealed record DriverMatch(CardDriver? Driver, string Reason, IReadOnlyList<string> Attempts)
{
    public bool Success => Driver != null;
}
