using System.Globalization;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Dump;

/// <summary>What the dump sections share: the output, the application, file access and OpenSC's common lines.</summary>
internal sealed class DumpContext(TextWriter output, Pkcs15Application application, Func<string, byte[]?>? readFile)
{
    public Pkcs15Application Application { get; } = application;

    public void Line(string text) => output.Write(text + "\n");

    /// <summary>A "\tName           : value" line with OpenSC's column.</summary>
    public void Field(string name, string value) => Line("\t" + name.PadRight(15) + ": " + value);

    public static string Hex2(long value) => value.ToString("X2", CultureInfo.InvariantCulture);

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>OpenSC's "%d (0x%02X)" of a C int: -1 prints as 0xFFFFFFFF.</summary>
    public static string Reference(int value) => $"{Invariant(value)} (0x{((uint)value).ToString("X2", CultureInfo.InvariantCulture)})";

    /// <summary>sc_print_path: lowercase hex, "aid::path" when an AID is present.</summary>
    public static string PrintPath(Pkcs15Path? path) =>
        path is null ? "" : (path.Aid is { } aid ? aid.ToHex().ToLowerInvariant() + "::" : "") + path.Hex.ToLowerInvariant();

    public void CommonFlags(Pkcs15Object obj)
    {
        var flags = (uint)(obj.Common.Flags ?? ObjectFlags.None);
        Field("Object Flags", $"[0x{Hex2(flags)}]" + DumpNames.Bits(flags, DumpNames.ObjectFlags));
    }

    /// <summary>OpenSC print_access_rules: printed when the first rule has an access mode.</summary>
    public void AccessRules(Pkcs15Object obj)
    {
        var rules = obj.Common.AccessControlRules;
        if (rules is null || rules.Count == 0 || (rules[0].Modes ?? AccessModes.None) == AccessModes.None)
            return;
        var text = "";
        foreach (var rule in rules)
        {
            var modes = (uint)(rule.Modes ?? AccessModes.None);
            if (modes == 0)
                break;
            var names = DumpNames.Bits(modes, DumpNames.AccessModes).TrimStart(',', ' ').Replace(", ", ",", StringComparison.Ordinal);
            var condition = rule.Condition?.AuthId is { } id ? id.ToString() : rule.Condition?.Other is null ? "<always>" : "<complex>";
            text += " " + names + ":" + condition + ";";
        }
        Line("\tAccess Rules   :" + text);
    }

    /// <summary>The bytes an ObjectValue stands for: the direct value, or the file (window) the path names.</summary>
    public ReadOnlyMemory<byte>? ReadValue(ObjectValue value)
    {
        if (value.Direct is { } direct)
            return direct.Memory;
        if (value.Path is not { } path || readFile is null)
            return null;
        var absolute = Application.Resolve(path);
        var bytes = readFile(absolute.Hex);
        if (bytes is null)
            return null;
        if (absolute.Index is { } index && absolute.Length is { } length)
            return index >= 0 && length >= 0 && index <= bytes.Length && length <= bytes.Length - index ? bytes.AsMemory(index, length) : null;
        return bytes;
    }

    public byte[]? ReadFile(Pkcs15Path path) => readFile?.Invoke(Application.Resolve(path).Hex);
}
