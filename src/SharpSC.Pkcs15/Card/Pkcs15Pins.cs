using SharpSC.Cards.Drivers;
using SharpSC.Cards.Pins;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Card;

/// <summary>
/// The card PINs a PKCS#15 structure describes, as the driver needs them (reference and format). What the AODF
/// does not list comes from the card family's facts (<see cref="CardDriver.Facts"/>).
/// </summary>
public static class Pkcs15Pins
{
    /// <summary>The user PIN: the first AODF PIN that is neither an SO PIN nor an unblocking PIN.</summary>
    public static PinObject? FindUserPin(Pkcs15Application? application) => FindUserPin(application?.Pins);

    /// <summary>The same among AODF entries read on their own (without the whole application).</summary>
    public static PinObject? FindUserPin(IEnumerable<PinObject>? pins) =>
        pins?.FirstOrDefault(p => (p.Attributes.Flags & (PinFlags.SoPin | PinFlags.UnblockingPin)) == 0);

    /// <summary>The unblocking PIN (PUK) object, when the AODF lists one.</summary>
    public static PinObject? FindUnblockingPin(Pkcs15Application? application) => FindUnblockingPin(application?.Pins);

    public static PinObject? FindUnblockingPin(IEnumerable<PinObject>? pins) =>
        pins?.FirstOrDefault(p => (p.Attributes.Flags & PinFlags.UnblockingPin) != 0);

    /// <summary>The SO PIN object, when the AODF lists one.</summary>
    public static PinObject? FindSoPin(IEnumerable<PinObject>? pins) =>
        pins?.FirstOrDefault(p => (p.Attributes.Flags & PinFlags.SoPin) != 0);

    /// <summary>A PIN object as a driver PIN reference: pinReference, lengths, pad character, padding flag.</summary>
    public static PinReference ToReference(PinObject pin, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(pin);
        var a = pin.Attributes;
        var encoding = a.Type is PinType.Bcd ? PinEncoding.Bcd : PinEncoding.Ascii;
        var format = new PinFormat(a.MinLength, a.MaxLength ?? a.StoredLength, a.StoredLength, a.PadChar ?? 0x00,
            (a.Flags & PinFlags.NeedsPadding) != 0, encoding);
        return new PinReference((byte)(a.Reference ?? 0), format, pin.Label ?? name ?? "PIN");
    }

    /// <summary>The user PIN reference from the AODF, or the card family's when the AODF lists none (a blank card).</summary>
    public static PinReference? UserPinReference(Pkcs15Application? application, CardDriver driver) =>
        UserPinReference(application?.Pins, driver);

    public static PinReference? UserPinReference(IEnumerable<PinObject>? pins, CardDriver driver)
    {
        ArgumentNullException.ThrowIfNull(driver);
        return FindUserPin(pins) is { } pin ? ToReference(pin, "User PIN") : driver.Facts.Pins.UserPin;
    }

    /// <summary>The PUK that unblocks <paramref name="userPin"/>: the AODF's unblocking PIN, or the card family's (IsoApplet's, which its AODF does not list).</summary>
    public static PinReference? UnblockingPinReference(Pkcs15Application? application, CardDriver driver, PinReference? userPin = null) =>
        UnblockingPinReference(application?.Pins, driver, userPin ?? UserPinReference(application, driver));

    public static PinReference? UnblockingPinReference(IEnumerable<PinObject>? pins, CardDriver driver, PinReference? userPin)
    {
        ArgumentNullException.ThrowIfNull(driver);
        if (FindUnblockingPin(pins) is { } pin) return ToReference(pin, "PUK");
        return userPin is not null ? driver.Facts.Pins.Puk?.For(userPin) : null;
    }
}
