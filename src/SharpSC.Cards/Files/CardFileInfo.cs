using SharpSC.Cards.Tlv;

namespace SharpSC.Cards.Files;

/// <summary>
/// What SELECT told about a file: its kind, size and access rules, from the FCI/FCP template
/// (ISO 7816-4 §7.4 table 12). A SELECT without response data (P2 = 0C) gives an info with nothing known.
/// </summary>
public sealed record CardFileInfo
{
    public required CardPath Path { get; init; }
    public CardFileType Type { get; init; }

    /// <summary>Bytes of a transparent EF (tag 80, else 81), null when the card did not say.</summary>
    public int? Size { get; init; }

    public ushort? FileId { get; init; }
    public byte[]? DfName { get; init; }

    /// <summary>Raw proprietary security attributes (tag 86), when present.</summary>
    public byte[]? SecurityAttributes { get; init; }

    /// <summary>Access rules, when the driver understands the card's encoding of them.</summary>
    public FileAcl? Acl { get; init; }

    public byte? LifeCycleStatus { get; init; }

    /// <summary>The FCI/FCP bytes as the card returned them.</summary>
    public byte[] Raw { get; init; } = [];

    /// <summary>Parses a 6F (FCI), 62 (FCP) or 64 (FMD) template; an empty answer gives an unknown file.</summary>
    public static CardFileInfo Parse(CardPath path, ReadOnlyMemory<byte> fci)
    {
        if (fci.IsEmpty)
            return new CardFileInfo { Path = path };
        var outer = BerTlv.ParseSingle(fci, fci.Span[0] is 0x62 or 0x64 ? fci.Span[0] : 0x6F, "SELECT response");
        var inner = BerTlv.Parse(outer.Value);
        var size = BerTlv.Find(inner, 0x80) ?? BerTlv.Find(inner, 0x81);
        var descriptor = BerTlv.Find(inner, 0x82);
        var fid = BerTlv.Find(inner, 0x83);
        var lcs = BerTlv.Find(inner, 0x8A);
        return new CardFileInfo
        {
            Path = path,
            Type = descriptor is { Length: > 0 } d ? TypeOf(d.Span[0]) : CardFileType.Unknown,
            Size = size is { Length: > 0 and <= 4 } s ? BigEndian(s.Span) : null,
            FileId = fid is { Length: 2 } f ? (ushort)BigEndian(f.Span) : null,
            DfName = BerTlv.Find(inner, 0x84)?.ToArray(),
            SecurityAttributes = BerTlv.Find(inner, 0x86)?.ToArray(),
            LifeCycleStatus = lcs is { Length: 1 } l ? l.Span[0] : null,
            Raw = fci.ToArray(),
        };
    }

    /// <summary>File descriptor byte, ISO 7816-4 table 14: x0111000 = DF; EF structure in b3..b1.</summary>
    private static CardFileType TypeOf(byte descriptor)
    {
        if ((descriptor & 0x38) == 0x38)
            return CardFileType.DedicatedFile;
        return (descriptor & 0x07) switch
        {
            0x01 => CardFileType.TransparentEf,
            0x00 => CardFileType.Unknown,
            _ => CardFileType.RecordEf,
        };
    }

    private static int BigEndian(ReadOnlySpan<byte> bytes)
    {
        var value = 0;
        foreach (var b in bytes)
            value = (value << 8) | b;
        return value;
    }
}
