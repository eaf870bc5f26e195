using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Codecs;

/// <summary>Path ::= SEQUENCE { efidOrPath OCTET STRING, index INTEGER OPTIONAL, length [0] INTEGER OPTIONAL } plus OpenSC's pathExtended [1] { aid [APPLICATION 15], path }.</summary>
internal static class PathCodec
{
    private static readonly Asn1Tag LengthTag = Asn1Tag.Context(0);
    private static readonly Asn1Tag ExtendedTag = Asn1Tag.Context(1, true);
    private static readonly Asn1Tag AidTag = Asn1Tag.Application(15);

    public static Pkcs15Path Read(DerReader reader, Asn1Tag? tag = null, string field = "path")
    {
        var start = reader.Offset;
        var seq = reader.ReadConstructed(tag ?? Asn1Tag.Sequence, field);
        byte[]? value = seq.IsNext(Asn1Tag.OctetString) ? seq.ReadOctetString(field: field + ".efidOrPath") : null;
        int? index = seq.IsNext(Asn1Tag.Integer) ? seq.ReadInt32(field: field + ".index") : null;
        int? length = seq.IsNext(LengthTag) ? seq.ReadInt32(LengthTag, field + ".length") : null;
        ByteString? aid = null;
        if (seq.IsNext(ExtendedTag))
        {
            var extended = seq.ReadConstructed(ExtendedTag, field + ".pathExtended");
            aid = ByteString.Own(extended.ReadOctetString(AidTag, field + ".aid"));
            value = extended.ReadOctetString(field: field + ".path");
            extended.ExpectEnd(field + ".pathExtended");
        }
        seq.ExpectEnd(field);
        if (value is null)
            throw reader.ErrorAt(start, $"{field} has no efidOrPath");
        return new Pkcs15Path(ByteString.Own(value)) { Index = index, Length = length, Aid = aid };
    }

    public static void Write(DerWriter writer, Pkcs15Path path, Asn1Tag? tag = null) =>
        writer.WriteConstructed(tag ?? Asn1Tag.Sequence, w =>
        {
            if (path.Aid is null)
                w.WriteOctetString(path.Value.Span);
            if (path.Index is { } index)
                w.WriteInteger(index);
            if (path.Length is { } length)
                w.WriteInteger(length, LengthTag);
            if (path.Aid is { } aid)
            {
                w.WriteConstructed(ExtendedTag, e =>
                {
                    e.WriteOctetString(aid.Span, AidTag);
                    e.WriteOctetString(path.Value.Span);
                });
            }
        });
}
