using SharpSC.Cards.Drivers;
using SharpSC.Cards.Drivers.IsoApplet;
using SharpSC.Cards.Pins;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Card;

/// <summary>The card PINs a PKCS#15 structure describes, as the driver needs them (reference and format).</summary>
public static class Pkcs15Pins
{
    /// <summary>The user PIN: the first AODF PIN that is neither an SO PIN nor an unblocking PIN.</summary>
    public static PinObject? FindUserPin(Pkcs15Application? application) =>
        application?.Pins.FirstOrDefault(p => (p.Attributes.Flags & (PinFlags.SoPin | PinFlags.UnblockingPin)) == 0);

    /// <summary>The unblocking PIN (PUK) object, when the AODF lists one.</summary>
    public static PinObject? FindUnblockingPin(Pkcs15Application? application) =>
        application?.Pins.FirstOrDefault(p => (p.Attributes.Flags & PinFlags.UnblockingPin) != 0);

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

    /// <summary>The user PIN reference from the AODF, or the driver's own when the card has no AODF (blank IsoApplet).</summary>
    public static PinReference? UserPinReference(Pkcs15Application? application, CardDriver driver) =>
        FindUserPin(application) is { } pin ? ToReference(pin, "User PIN")
        : driver is IsoAppletDriver ? IsoAppletDriver.UserPin
        : null;

    /// <summary>The PUK reference: the AODF's unblocking PIN, or IsoApplet's PUK (which its AODF does not list).</summary>
    public static PinReference? UnblockingPinReference(Pkcs15Application? application, CardDriver driver) =>
        FindUnblockingPin(application) is { } pin ? ToReference(pin, "PUK")
        : driver is IsoAppletDriver ? IsoAppletDriver.Puk
        : null;
}
