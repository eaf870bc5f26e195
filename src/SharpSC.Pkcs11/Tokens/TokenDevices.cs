using SharpSC.Cards.Drivers;
using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cards.Registry;
using SharpSC.Pkcs11.Tokens.Card;
using SharpSC.Pkcs11.Tokens.OpenPgp;
using SharpSC.Pkcs11.Tokens.Piv;

namespace SharpSC.Pkcs11.Tokens;

/// <summary>
/// Which token device serves an application found on a card: one ordered table, the first row that serves the
/// application wins (most rows: the application's driver is of the row's driver type). A family whose card is not a PKCS#15 file system adds a row for its
/// own device (in <c>Tokens/&lt;Family&gt;/</c>) above the PKCS#15 row, e.g.
/// <c>TokenDeviceRow.For&lt;PivDriver&gt;("PIV", PivTokenDevice.Open)</c>.
/// </summary>
internal static class TokenDevices
{
    public static IReadOnlyList<TokenDeviceRow> Table { get; } =
    [
        // A PIV card's card authentication key as a token of its own (SHARPSC_PIV_CARD_AUTH_TOKEN, Tokens/Piv).
        new("PIV card authentication", PivCardAuthenticationToken.Is, PivCardAuthenticationDevice.Open),

        // PIV: keys in fixed slots, written under the management key (Tokens/Piv).
        TokenDeviceRow.For<PivDriver>("PIV", PivTokenDevice.Open),

        // OpenPGP: three key slots, PW1/PW3, written as GnuPG writes (Tokens/OpenPgp).
        TokenDeviceRow.For<OpenPgpDriver>("OpenPGP", OpenPgpTokenDevice.Open),

        // Last: every card with a PKCS#15 file system (IsoApplet, MyEID, generic PKCS#15): the PKCS#15
        // structure read through the driver, written by the personaliser.
        TokenDeviceRow.For<CardDriver>("PKCS#15", CardTokenDevice.Open),
    ];

    /// <summary>The token device for <paramref name="application"/>; its failures come out as the PKCS#11 codes of C_GetTokenInfo.</summary>
    public static ITokenDevice Open(CardApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var row = Table.First(r => r.Serves(application));
        return row.Open(application);
    }
}

/// <summary>One row of <see cref="TokenDevices.Table"/>: the devices of one family, for its drivers.</summary>
internal sealed record TokenDeviceRow(string Name, Func<CardApplication, bool> Serves, Func<CardApplication, ITokenDevice> Open)
{
    /// <summary>A row for the applications whose driver is a <typeparamref name="TDriver"/>.</summary>
    public static TokenDeviceRow For<TDriver>(string name, Func<CardApplication, ITokenDevice> open) where TDriver : CardDriver =>
        new(name, application => application.Driver is TDriver, open);
}
