using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Dump;

/// <summary>The "PIN [label]" block (pkcs15-tool print_pin_info).</summary>
internal static class PinDump
{
    public static void Write(DumpContext d, PinObject pin)
    {
        var a = pin.Attributes;
        d.Line($"PIN [{pin.Label}]");
        d.CommonFlags(pin);
        if (pin.Common.AuthId is { } authId)
            d.Field("Auth ID", authId.ToString());
        d.Field("ID", pin.AuthId?.ToString() ?? "");
        d.Field("Flags", $"[0x{DumpContext.Hex2((uint)a.Flags)}]" + DumpNames.Bits((uint)a.Flags, DumpNames.PinFlags));
        d.Field("Length", $"min_len:{a.MinLength}, max_len:{MaxLength(a)}, stored_len:{a.StoredLength}");
        d.Field("Pad char", $"0x{DumpContext.Hex2(a.PadChar ?? 0)}");
        d.Field("Reference", DumpContext.Reference(Reference(a)));
        var type = (int)a.Type;
        d.Field("Type", type >= 0 && type < DumpNames.PinTypes.Length ? DumpNames.PinTypes[type] : $"[encoding {type}]");
        var path = a.Path ?? ((a.Flags & PinFlags.Local) != 0 ? d.Application.ApplicationPath : null);
        if (path is not null)
            d.Field("Path", DumpContext.PrintPath(path));
        d.Line("");
    }

    // sc_pkcs15_decode_aodf_entry: a missing maxLength becomes storedLength (twice it for BCD), or 8.
    private static int MaxLength(PinAttributes a) => a.MaxLength is { } max and > 0
        ? max
        : a.StoredLength != 0 ? (a.Type == PinType.Bcd ? 2 * a.StoredLength : a.StoredLength) : 8;

    // OpenSC 0.11.4 and older wrote pinReference as a negative number; OpenSC adds 256 back.
    private static int Reference(PinAttributes a) => a.Reference is { } r and < 0 ? r + 256 : a.Reference ?? 0;
}
