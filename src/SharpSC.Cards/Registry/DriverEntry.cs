using SharpSC.Cards.Drivers;
using SharpSC.Cards.Transport;

namespace SharpSC.Cards.Registry;

/// <summary>Detects one card type on a channel; returns the bound driver, or null and why not.</summary>
public delegate CardDriver? DriverProbe(ApduChannel channel, out string reason);

/// <summary>
/// One row of the driver table. With <see cref="Atrs"/> empty the probe runs on any card; otherwise only on cards
/// whose ATR matches one pattern (no APDU is spent on the others). <see cref="Name"/> names the application
/// (slot descriptions, `sharpsc --app`).
/// </summary>
public sealed record DriverEntry(string Name, string Description, IReadOnlyList<AtrPattern> Atrs, DriverProbe Probe)
{
    /// <summary>
    /// The rows (by <see cref="Name"/>) whose applications may sit beside this one on the same card, e.g. PIV
    /// and OpenPGP on a YubiKey. Once this row matched, the registry probes only those rows further down the
    /// table; with none (a card whose file system is one application, as IsoApplet or MyEID) it stops.
    /// </summary>
    public IReadOnlyList<string> SharesCardWith { get; init; } = [];
}
