using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Codecs;

internal static class OptionalFields
{
    /// <summary>The octets of the next element if it carries <paramref name="tag"/>, else null.</summary>
    public static ByteString? Octets(DerReader reader, Asn1Tag tag, string field) =>
        reader.IsNext(tag) ? ByteString.Own(reader.ReadOctetString(tag, field)) : default(ByteString?);
}
