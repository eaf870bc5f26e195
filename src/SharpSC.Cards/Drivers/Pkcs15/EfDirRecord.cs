using System.Text;
using SharpSC.Cards.Files;
using SharpSC.Cards.Tlv;

namespace SharpSC.Cards.Drivers.Pkcs15;

/// <summary>One application template of EF.DIR (ISO 7816-4 §8.2.1.1, tag 61): AID (4F), label (50), path (51).</summary>
public sealed record EfDirRecord(byte[] Aid, string? Label, CardPath? Path)
{
    public static readonly CardPath EfDirPath = CardPath.Parse("3F002F00");

    /// <summary>Reads every 61 template of a transparent EF.DIR; 00/FF padding is skipped.</summary>
    public static List<EfDirRecord> ParseAll(ReadOnlyMemory<byte> content)
    {
        var records = new List<EfDirRecord>();
        foreach (var template in BerTlv.Parse(content))
        {
            if (template.Tag != 0x61)
                continue;
            var inner = BerTlv.Parse(template.Value);
            var aid = BerTlv.Find(inner, 0x4F);
            if (aid is not { Length: > 0 and <= 16 })
                continue;
            var label = BerTlv.Find(inner, 0x50);
            var path = BerTlv.Find(inner, 0x51);
            records.Add(new EfDirRecord(
                aid.Value.ToArray(),
                label is { } l ? Encoding.UTF8.GetString(l.Span) : null,
                path is { Length: >= 2 } p && p.Length % 2 == 0 ? ToAbsolute(p.Span) : null));
        }
        return records;
    }

    private static CardPath ToAbsolute(ReadOnlySpan<byte> fids) =>
        fids[0] == 0x3F && fids[1] == 0x00 ? CardPath.FromFids(fids) : CardPath.MasterFile.Append(CardPath.FromFids(fids));
}
