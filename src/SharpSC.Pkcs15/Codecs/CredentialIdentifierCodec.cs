using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Codecs;

/// <summary>CredentialIdentifier ::= SEQUENCE { idType INTEGER, idValue ANY } (PKCS#15 v1.1 §6.5.1).</summary>
internal static class CredentialIdentifierCodec
{
    public static CredentialIdentifier Read(DerReader reader, string field)
    {
        var seq = reader.ReadSequence(field);
        var identifier = new CredentialIdentifier
        {
            IdType = seq.ReadInt32(field: field + ".idType"),
            Value = seq.ReadRawElement(),
        };
        seq.ExpectEnd(field);
        return identifier;
    }

    public static void Write(DerWriter w, CredentialIdentifier identifier) =>
        w.WriteSequence(s =>
        {
            s.WriteInteger(identifier.IdType);
            s.WriteRaw(identifier.Value);
        });

    public static ValueList<CredentialIdentifier> ReadList(DerReader list, string field)
    {
        var items = new List<CredentialIdentifier>();
        while (list.HasData)
            items.Add(Read(list, field));
        return ValueList.From(items);
    }

    public static void WriteList(DerWriter w, IEnumerable<CredentialIdentifier> identifiers)
    {
        foreach (var identifier in identifiers)
            Write(w, identifier);
    }
}
