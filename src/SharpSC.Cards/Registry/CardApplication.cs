using SharpSC.Cards.Drivers;

namespace SharpSC.Cards.Registry;

/// <summary>An application found on a card: the driver table row's name ("IsoApplet", "OpenPGP") and its bound driver.</summary>
public sealed record CardApplication(string Name, CardDriver Driver, string Reason);

/// <summary>
/// Outcome of <see cref="DriverRegistry.FindApplications(Transport.ICardTransport)"/>: every application found, in
/// table order (the first is the card's main one), or none with the reason (for `sharpsc info` and logs).
/// </summary>
public sealed record CardApplications(IReadOnlyList<CardApplication> Found, string Reason, IReadOnlyList<string> Attempts)
{
    public bool Success => Found.Count > 0;

    /// <summary>The application of the row named <paramref name="name"/> (case-insensitive), or null.</summary>
    public CardApplication? Named(string name) =>
        Found.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
}
