using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Codecs;

/// <summary>CommonKeyAttributes (PKCS#15 v1.1 §6.6.2; algReference [1] from ISO/IEC 7816-15).</summary>
internal static class CommonKeyAttributesCodec
{
    private static readonly Asn1Tag EndDateTag = Asn1Tag.Context(0);
    private static readonly Asn1Tag AlgReferenceTag = Asn1Tag.Context(1, true);

    public static CommonKeyAttributes Read(DerReader seq) => new()
    {
        Id = new Pkcs15Id(seq.ReadOctetString(field: "iD")),
        Usage = (KeyUsageFlags)seq.ReadNamedBits(field: "usage"),
        Native = seq.IsNext(Asn1Tag.Boolean) ? seq.ReadBoolean(field: "native") : null,
        AccessFlags = seq.IsNext(Asn1Tag.BitString) ? (KeyAccessFlags)seq.ReadNamedBits(field: "accessFlags") : null,
        KeyReference = seq.IsNext(Asn1Tag.Integer) ? seq.ReadInt32(field: "keyReference") : null,
        StartDate = seq.IsNext(Asn1Tag.GeneralizedTime) ? seq.ReadGeneralizedTime(field: "startDate") : null,
        EndDate = seq.IsNext(EndDateTag) ? seq.ReadGeneralizedTime(EndDateTag, "endDate") : null,
        AlgorithmReferences = seq.IsNext(AlgReferenceTag) ? ReadReferences(seq.ReadConstructed(AlgReferenceTag, "algReference")) : null,
        Extensions = seq.ReadRemaining(),
    };

    public static void Write(DerWriter w, CommonKeyAttributes key)
    {
        w.WriteOctetString(key.Id.Value.Span);
        w.WriteNamedBits((uint)key.Usage);
        if (key.Native is { } native)
            w.WriteBoolean(native);
        if (key.AccessFlags is { } access)
            w.WriteNamedBits((uint)access);
        if (key.KeyReference is { } reference)
            w.WriteInteger(reference);
        if (key.StartDate is { } start)
            w.WriteGeneralizedTime(start);
        if (key.EndDate is { } end)
            w.WriteGeneralizedTime(end, EndDateTag);
        if (key.AlgorithmReferences is { } references)
            w.WriteConstructed(AlgReferenceTag, list =>
            {
                foreach (var reference in references)
                    list.WriteInteger(reference);
            });
        w.WriteRaw(key.Extensions);
    }

    private static ValueList<int> ReadReferences(DerReader list)
    {
        var references = new List<int>();
        while (list.HasData)
            references.Add(list.ReadInt32(field: "algReference"));
        return ValueList.From(references);
    }
}
