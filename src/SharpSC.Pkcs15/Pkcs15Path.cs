namespace SharpSC.Pkcs15;

/// <summary>
/// PKCS#15 Path (PKCS#15 v1.1 §6.1.5; ISO/IEC 7816-15 "Path"): a file id or a path of file ids,
/// optionally an index/length window into the file, and (OpenSC's "pathExtended" extension) the AID
/// of the application holding it.
/// </summary>
public sealed record Pkcs15Path
{
    public static readonly ByteString MasterFile = new([0x3F, 0x00]);

    public Pkcs15Path(ByteString value) => Value = value;

    /// <summary>The efidOrPath octets, e.g. 3F 00 50 15 44 02 or just 44 02.</summary>
    public ByteString Value { get; init; }

    /// <summary>Offset of the object inside the file, when the path addresses part of a file.</summary>
    public int? Index { get; init; }

    /// <summary>Length of the object inside the file (encoded as [0]).</summary>
    public int? Length { get; init; }

    /// <summary>AID of the application the path lives in (OpenSC pathExtended [1]); null for plain paths.</summary>
    public ByteString? Aid { get; init; }

    /// <summary>Uppercase hex of the path octets, the form the file reader delegate takes ("3F0050155031").</summary>
    public string Hex => Value.ToHex();

    /// <summary>True when the path starts at the MF (3F00).</summary>
    public bool IsAbsolute => Value.Length >= 2 && Value[0] == 0x3F && Value[1] == 0x00;

    /// <summary>The last two octets: the file identifier of the addressed file.</summary>
    public ushort? FileId => Value.Length >= 2 ? (ushort)((Value[^2] << 8) | Value[^1]) : null;

    public static Pkcs15Path Parse(string hex) => new(ByteString.FromHex(hex));

    public static Pkcs15Path FromFileId(ushort fileId) => new(new ByteString([(byte)(fileId >> 8), (byte)fileId]));

    /// <summary>This path with one more file id appended.</summary>
    public Pkcs15Path Append(ushort fileId) => this with { Value = new ByteString([.. Value.Span, (byte)(fileId >> 8), (byte)fileId]) };

    /// <summary>
    /// The absolute form of this path seen from the application DF <paramref name="application"/>,
    /// following OpenSC's sc_pkcs15_make_absolute_path: a path starting at 3F00 or an empty path stays as
    /// it is, any other path is appended to the application path; an application AID is inherited.
    /// </summary>
    public Pkcs15Path ResolveAgainst(Pkcs15Path application)
    {
        if (Aid is not null)
            return this;
        if (application.Aid is not null)
            return this with { Aid = application.Aid, Value = IsAbsolute || Value.IsEmpty ? Value : Concat(application.Value, Value) };
        if (Value.IsEmpty || IsAbsolute)
            return this;
        return this with { Value = Concat(application.Value, Value) };
    }

    private static ByteString Concat(ByteString a, ByteString b) => new([.. a.Span, .. b.Span]);

    public override string ToString()
    {
        var text = Aid is { } aid ? aid.ToHex() + "::" + Hex : Hex;
        return Index is { } i && Length is { } l ? $"{text}[{i},{l}]" : text;
    }
}
