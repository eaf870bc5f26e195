using SharpSC.Cards.Drivers;
using SharpSC.Cards.Transport;

namespace SharpSC.Cards.Registry;

/// <summary>Detects one card type on a channel; returns the bound driver, or null and why not.</summary>
public delegate CardDriver? DriverProbe(ApduChannel channel, out string reason);

/// <summary>
/// One row of the driver table. With <see cref="Atrs"/> empty the probe runs on any card; otherwise only on cards
/// whose ATR matches one pattern (no APDU is spent on the others).
/// </summary>
public sealed record DriverEntry(string Name, string Description, IReadOnlyList<AtrPattern> Atrs, DriverProbe Probe);
