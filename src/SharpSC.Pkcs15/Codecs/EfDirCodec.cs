using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Files;

namespace SharpSC.Pkcs15.Codecs;

/// <summary>
/// EF.DIR: application templates (tag 61, ISO/IEC 7816-4 §8.2.1.1). 00/FF padding between and after
/// templates is skipped, so both a transparent file and concatenated padded records read.
/// </summary>
internal static class EfDirCodec
{
    private static readonly Asn1Tag TemplateTag = Asn1Tag.Application(1, true);
    private static readonly Asn1Tag AidTag = Asn1Tag.Application(15);
    private static readonly Asn1Tag LabelTag = Asn1Tag.Application(16);
    private static readonly Asn1Tag PathTag = Asn1Tag.Application(17);
    private static readonly Asn1Tag DdoTag = Asn1Tag.Application(19, true);
    private static readonly Asn1Tag DdoTokenInfoPathTag = Asn1Tag.Context(0, true);
    private static readonly Asn1Tag DdoUnusedPathTag = Asn1Tag.Context(1, true);
    private static readonly Asn1Tag DdoIinTag = Asn1Tag.Application(2);

    public static EfDir Read(DerReader reader)
    {
        var applications = new List<ApplicationTemplate>();
        var others = new List<RawElement>();
        while (reader.HasData)
        {
            if (reader.SkipPadding() > 0)
                continue;
            if (reader.IsNext(TemplateTag))
                applications.Add(ReadTemplate(reader));
            else
                others.Add(reader.ReadRawElement());
        }
        return new EfDir { Applications = ValueList.From(applications), OtherRecords = ValueList.From(others) };
    }

    public static void Write(DerWriter writer, EfDir dir)
    {
        foreach (var application in dir.Applications)
            writer.WriteConstructed(TemplateTag, t => WriteTemplate(t, application));
        writer.WriteRaw(dir.OtherRecords);
    }

    private static ApplicationTemplate ReadTemplate(DerReader reader)
    {
        var start = reader.Offset;
        var t = reader.ReadConstructed(TemplateTag, "application template");
        byte[]? aid = null, path = null;
        string? label = null;
        ApplicationDdo? ddo = null;
        var extensions = new List<RawElement>();
        while (t.HasData)
        {
            if (aid is null && t.IsNext(AidTag))
                aid = t.ReadOctetString(AidTag, "application identifier");
            else if (label is null && t.IsNext(LabelTag))
                label = t.ReadUtf8String(LabelTag, "application label");
            else if (path is null && t.IsNext(PathTag))
                path = t.ReadOctetString(PathTag, "path");
            else if (ddo is null && t.IsNext(DdoTag))
                ddo = ReadDdo(t.ReadConstructed(DdoTag, "discretionary data objects"));
            else
                extensions.Add(t.ReadRawElement());
        }
        if (aid is null)
            throw reader.ErrorAt(start, "application template has no application identifier (4F)");
        return new ApplicationTemplate
        {
            Aid = ByteString.Own(aid),
            Label = label,
            Path = path is null ? default(ByteString?) : ByteString.Own(path),
            Ddo = ddo,
            Extensions = ValueList.From(extensions),
        };
    }

    private static void WriteTemplate(DerWriter t, ApplicationTemplate application)
    {
        t.WriteOctetString(application.Aid.Span, AidTag);
        if (application.Label is { } label)
            t.WriteUtf8String(label, LabelTag);
        if (application.Path is { } path)
            t.WriteOctetString(path.Span, PathTag);
        if (application.Ddo is { } ddo)
            t.WriteConstructed(DdoTag, d => WriteDdo(d, ddo));
        t.WriteRaw(application.Extensions);
    }

    // PKCS#15 v1.1 §5.4.1 DDO ::= SEQUENCE { oid, odfPath Path OPTIONAL, tokenInfoPath [0] Path OPTIONAL, unusedPath [1] Path OPTIONAL, ... }
    private static ApplicationDdo ReadDdo(DerReader d) => new()
    {
        Oid = d.IsNext(Asn1Tag.ObjectIdentifier) ? d.ReadObjectIdentifier(field: "oid") : null,
        OdfPath = d.IsNext(Asn1Tag.Sequence) ? PathCodec.Read(d, field: "odfPath") : null,
        TokenInfoPath = d.IsNext(DdoTokenInfoPathTag) ? PathCodec.Read(d, DdoTokenInfoPathTag, "tokenInfoPath") : null,
        UnusedSpacePath = d.IsNext(DdoUnusedPathTag) ? PathCodec.Read(d, DdoUnusedPathTag, "unusedPath") : null,
        Iin = OptionalFields.Octets(d, DdoIinTag, "iin"),
        Aid = OptionalFields.Octets(d, AidTag, "aid"),
        Extensions = d.ReadRemaining(),
    };

    private static void WriteDdo(DerWriter d, ApplicationDdo ddo)
    {
        if (ddo.Oid is { } oid)
            d.WriteObjectIdentifier(oid);
        if (ddo.OdfPath is { } odf)
            PathCodec.Write(d, odf);
        if (ddo.TokenInfoPath is { } tokenInfo)
            PathCodec.Write(d, tokenInfo, DdoTokenInfoPathTag);
        if (ddo.UnusedSpacePath is { } unused)
            PathCodec.Write(d, unused, DdoUnusedPathTag);
        if (ddo.Iin is { } iin)
            d.WriteOctetString(iin.Span, DdoIinTag);
        if (ddo.Aid is { } aid)
            d.WriteOctetString(aid.Span, AidTag);
        d.WriteRaw(ddo.Extensions);
    }
}
