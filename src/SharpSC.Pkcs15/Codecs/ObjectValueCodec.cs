using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Codecs;

/// <summary>ObjectValue CHOICE (PKCS#15 v1.1 §6.1.8): Path, direct [0], protected [1]/[2], URL.</summary>
internal static class ObjectValueCodec
{
    public static ObjectValue Read(DerReader reader, string field)
    {
        if (!reader.HasData)
            throw reader.Error($"expected {field} (a Path SEQUENCE or [0] direct value), found end of data");
        var tag = reader.PeekTag();
        if (tag == Asn1Tag.Sequence)
            return ObjectValue.FromPath(PathCodec.Read(reader, field: field));
        if (tag.Class == TagClass.ContextSpecific && tag.Number == 0)
            return ObjectValue.FromDirect(new ByteString(reader.ReadContent(tag, field).Span), tag.IsConstructed);
        if (IsOtherAlternative(tag))
            return ObjectValue.FromOther(reader.ReadRawElement());
        throw reader.Error($"expected {field} (a Path SEQUENCE or [0] direct value), found tag {tag}");
    }

    public static void Write(DerWriter writer, ObjectValue value)
    {
        if (value.Path is { } path)
            PathCodec.Write(writer, path);
        else if (value.Direct is { } direct)
            writer.WriteElement(Asn1Tag.Context(0, value.DirectIsConstructed), direct.Span);
        else if (value.Other is { } other)
            writer.WriteRaw(other);
    }

    // indirect-protected [1], direct-protected [2], url (PrintableString/IA5String), urlWithDigest [3].
    private static bool IsOtherAlternative(Asn1Tag tag) =>
        (tag.Class == TagClass.ContextSpecific && tag.Number is 1 or 2 or 3)
        || tag == Asn1Tag.PrintableString || tag == Asn1Tag.IA5String;
}
