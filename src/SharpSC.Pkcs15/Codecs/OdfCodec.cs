using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Files;

namespace SharpSC.Pkcs15.Codecs;

/// <summary>EF(ODF): PKCS15Objects CHOICE records [0]..[8] PathOrObjects (PKCS#15 v1.1 §6.3), ended by the data or by 00/FF padding.</summary>
internal static class OdfCodec
{
    public static Odf Read(DerReader reader)
    {
        var entries = new List<OdfEntry>();
        while (reader.HasData && !reader.IsAtPadding)
        {
            var tag = reader.PeekTag();
            if (tag.Class != TagClass.ContextSpecific || !tag.IsConstructed)
                throw reader.Error($"expected an ODF record [0]..[8] (A0..A8), found tag {tag}");
            var kind = (DirectoryKind)tag.Number;
            var inner = reader.Fork().ReadConstructed(tag, "ODF record");
            var raw = reader.ReadRawElement();
            if (inner.IsNext(Asn1Tag.Sequence))
            {
                var path = PathCodec.Read(inner);
                if (!inner.HasData)
                {
                    entries.Add(new OdfEntry(kind, path));
                    continue;
                }
            }
            entries.Add(OdfEntry.FromUnparsed(kind, raw));
        }
        return new Odf { Entries = ValueList.From(entries) };
    }

    public static void Write(DerWriter writer, Odf odf)
    {
        foreach (var entry in odf.Entries)
        {
            if (entry.Unparsed is { } raw)
                writer.WriteRaw(raw);
            else if (entry.Path is { } path)
                writer.WriteConstructed(Asn1Tag.Context((int)entry.Kind, true), w => PathCodec.Write(w, path));
            else
                throw new ArgumentException($"ODF entry {entry.Kind} has neither a path nor raw content", nameof(odf));
        }
    }
}
