using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Codecs;

/// <summary>DODF entries: opaqueDO (SEQUENCE) with CommonDataObjectAttributes (PKCS#15 v1.1 §6.10).</summary>
internal static class DataObjectCodec
{
    public static DataObject Read(DerReader reader)
    {
        var parts = ObjectEnvelope.Read(reader, Asn1Tag.Sequence, "opaqueDO");
        var data = parts.ClassAttributes;
        var name = data.IsNextString() ? data.ReadString("applicationName") : null;
        var oid = data.IsNext(Asn1Tag.ObjectIdentifier) ? data.ReadObjectIdentifier(field: "applicationOID") : null;
        var extensions = data.ReadRemaining();
        var value = ObjectValueCodec.Read(parts.TypeAttributes, "value");
        parts.TypeAttributes.ExpectEnd("typeAttributes");
        return new DataObject
        {
            Common = parts.Common,
            ApplicationName = name,
            ApplicationOid = oid,
            DataExtensions = extensions,
            SubClassAttributes = parts.SubClassRaw,
            Value = value,
            Extensions = parts.Extensions,
        };
    }

    public static void Write(DerWriter writer, DataObject data) =>
        ObjectEnvelope.Write(writer, Asn1Tag.Sequence, data,
            c =>
            {
                if (data.ApplicationName is { } name)
                    c.WriteUtf8String(name);
                if (data.ApplicationOid is { } oid)
                    c.WriteObjectIdentifier(oid);
                c.WriteRaw(data.DataExtensions);
            },
            null,
            data.SubClassAttributes,
            t => ObjectValueCodec.Write(t, data.Value));
}
