using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Codecs;

/// <summary>
/// The frame shared by every directory entry: PKCS15Object ::= SEQUENCE { commonObjectAttributes,
/// classAttributes, subClassAttributes [0] OPTIONAL, typeAttributes [1] } (PKCS#15 v1.1 §6.1.7),
/// under the CHOICE tag that says the object type.
/// </summary>
internal static class ObjectEnvelope
{
    public static readonly Asn1Tag SubClassTag = Asn1Tag.Context(0, true);
    public static readonly Asn1Tag TypeTag = Asn1Tag.Context(1, true);

    public sealed record Parts(
        CommonObjectAttributes Common,
        DerReader ClassAttributes,
        DerReader? SubClass,
        RawElement? SubClassRaw,
        DerReader TypeAttributes,
        ValueList<RawElement> Extensions);

    /// <summary>Reads the entry under <paramref name="choiceTag"/> and splits it into its parts.</summary>
    public static Parts Read(DerReader reader, Asn1Tag choiceTag, string what)
    {
        var entry = reader.ReadConstructed(choiceTag, what);
        var common = CommonObjectAttributesCodec.Read(entry.ReadSequence("commonObjectAttributes"));
        var classAttributes = entry.ReadSequence("classAttributes");
        DerReader? subClass = null;
        RawElement? subClassRaw = null;
        if (entry.IsNext(SubClassTag))
        {
            subClass = entry.Fork().ReadConstructed(SubClassTag, "subClassAttributes");
            subClassRaw = entry.ReadRawElement();
        }
        var typeAttributes = entry.ReadConstructed(TypeTag, "typeAttributes");
        return new Parts(common, classAttributes, subClass, subClassRaw, typeAttributes, entry.ReadRemaining());
    }

    /// <summary>The single SEQUENCE inside an explicit [0]/[1] wrapper.</summary>
    public static DerReader ReadWrappedSequence(DerReader wrapper, string field)
    {
        var seq = wrapper.ReadSequence(field);
        wrapper.ExpectEnd(field);
        return seq;
    }

    public static void Write(
        DerWriter writer,
        Asn1Tag choiceTag,
        Pkcs15Object obj,
        Action<DerWriter> classAttributes,
        Action<DerWriter>? subClassContent,
        RawElement? subClassRaw,
        Action<DerWriter> typeAttributesContent) =>
        writer.WriteConstructed(choiceTag, e =>
        {
            e.WriteSequence(c => CommonObjectAttributesCodec.Write(c, obj.Common));
            e.WriteSequence(classAttributes);
            if (subClassContent is not null)
                e.WriteConstructed(SubClassTag, subClassContent);
            else if (subClassRaw is { } raw)
                e.WriteRaw(raw);
            e.WriteConstructed(TypeTag, typeAttributesContent);
            e.WriteRaw(obj.Extensions);
        });
}
