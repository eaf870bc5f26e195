using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Codecs;

/// <summary>
/// PrKDF entries: privateRSAKey (SEQUENCE) and privateECKey ([0]) (PKCS#15 v1.1 §6.6; ISO/IEC 7816-15).
/// EC type attributes follow OpenSC: value, fieldLength INTEGER OPTIONAL, keyInfo OPTIONAL.
/// </summary>
internal static class PrivateKeyCodec
{
    private static readonly Asn1Tag KeyIdentifiersTag = Asn1Tag.Context(0, true);

    public static Asn1Tag ChoiceTag(KeyAlgorithm algorithm) => algorithm == KeyAlgorithm.Rsa ? Asn1Tag.Sequence : Asn1Tag.Context(0, true);

    public static PrivateKeyObject Read(DerReader reader, KeyAlgorithm algorithm)
    {
        var what = algorithm == KeyAlgorithm.Rsa ? "privateRSAKey" : "privateECKey";
        var parts = ObjectEnvelope.Read(reader, ChoiceTag(algorithm), what);
        var key = CommonKeyAttributesCodec.Read(parts.ClassAttributes);
        CommonPrivateKeyAttributes? privateKey = null;
        if (parts.SubClass is { } sub)
            privateKey = ReadSubClass(ObjectEnvelope.ReadWrappedSequence(sub, "commonPrivateKeyAttributes"));
        var type = ObjectEnvelope.ReadWrappedSequence(parts.TypeAttributes, algorithm == KeyAlgorithm.Rsa ? "privateRSAKeyAttributes" : "privateECKeyAttributes");
        var value = ObjectValueCodec.Read(type, "value");
        int? modulusLength = null, fieldLength = null;
        if (algorithm == KeyAlgorithm.Rsa)
            modulusLength = type.ReadInt32(field: "modulusLength");
        else if (type.IsNext(Asn1Tag.Integer))
            fieldLength = type.ReadInt32(field: "fieldLength");
        return new PrivateKeyObject
        {
            Common = parts.Common,
            Algorithm = algorithm,
            Key = key,
            PrivateKey = privateKey,
            Value = value,
            ModulusLength = modulusLength,
            FieldLength = fieldLength,
            KeyInfo = KeyInfoReader.ReadOptional(type),
            TypeExtensions = type.ReadRemaining(),
            Extensions = parts.Extensions,
        };
    }

    public static void Write(DerWriter writer, PrivateKeyObject key)
    {
        if (key.Algorithm == KeyAlgorithm.Rsa && key.ModulusLength is null)
            throw new ArgumentException($"RSA private key '{key.Label}' needs a ModulusLength", nameof(key));
        Action<DerWriter>? subClass = key.PrivateKey is { } pk ? w => w.WriteSequence(s => WriteSubClass(s, pk)) : null;
        ObjectEnvelope.Write(writer, ChoiceTag(key.Algorithm), key,
            c => CommonKeyAttributesCodec.Write(c, key.Key),
            subClass,
            null,
            t => t.WriteSequence(s =>
            {
                ObjectValueCodec.Write(s, key.Value);
                if (key.ModulusLength is { } modulus && key.Algorithm == KeyAlgorithm.Rsa)
                    s.WriteInteger(modulus);
                if (key.FieldLength is { } field && key.Algorithm == KeyAlgorithm.Ec)
                    s.WriteInteger(field);
                if (key.KeyInfo is { } info)
                    s.WriteRaw(info);
                s.WriteRaw(key.TypeExtensions);
            }));
    }

    private static CommonPrivateKeyAttributes ReadSubClass(DerReader seq) => new()
    {
        SubjectName = seq.IsNext(Asn1Tag.Sequence) ? seq.ReadRawElement() : null,
        KeyIdentifiers = seq.IsNext(KeyIdentifiersTag)
            ? CredentialIdentifierCodec.ReadList(seq.ReadConstructed(KeyIdentifiersTag, "keyIdentifiers"), "keyIdentifier")
            : null,
        Extensions = seq.ReadRemaining(),
    };

    private static void WriteSubClass(DerWriter w, CommonPrivateKeyAttributes attributes)
    {
        if (attributes.SubjectName is { } subject)
            w.WriteRaw(subject);
        if (attributes.KeyIdentifiers is { } identifiers)
            w.WriteConstructed(KeyIdentifiersTag, list => CredentialIdentifierCodec.WriteList(list, identifiers));
        w.WriteRaw(attributes.Extensions);
    }
}
