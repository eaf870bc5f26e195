using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Codecs;

/// <summary>PuKDF entries: publicRSAKey (SEQUENCE) and publicECKey ([0]) (PKCS#15 v1.1 §6.7; ISO/IEC 7816-15).</summary>
internal static class PublicKeyCodec
{
    public static PublicKeyObject Read(DerReader reader, KeyAlgorithm algorithm)
    {
        var what = algorithm == KeyAlgorithm.Rsa ? "publicRSAKey" : "publicECKey";
        var parts = ObjectEnvelope.Read(reader, PrivateKeyCodec.ChoiceTag(algorithm), what);
        var key = CommonKeyAttributesCodec.Read(parts.ClassAttributes);
        CommonPublicKeyAttributes? publicKey = null;
        if (parts.SubClass is { } sub)
        {
            var seq = ObjectEnvelope.ReadWrappedSequence(sub, "commonPublicKeyAttributes");
            publicKey = new CommonPublicKeyAttributes
            {
                SubjectName = seq.IsNext(Asn1Tag.Sequence) ? seq.ReadRawElement() : null,
                Extensions = seq.ReadRemaining(),
            };
        }
        var type = ObjectEnvelope.ReadWrappedSequence(parts.TypeAttributes, algorithm == KeyAlgorithm.Rsa ? "publicRSAKeyAttributes" : "publicECKeyAttributes");
        var value = ObjectValueCodec.Read(type, "value");
        int? modulusLength = algorithm == KeyAlgorithm.Rsa ? type.ReadInt32(field: "modulusLength") : null;
        return new PublicKeyObject
        {
            Common = parts.Common,
            Algorithm = algorithm,
            Key = key,
            PublicKey = publicKey,
            Value = value,
            ModulusLength = modulusLength,
            KeyInfo = KeyInfoReader.ReadOptional(type),
            TypeExtensions = type.ReadRemaining(),
            Extensions = parts.Extensions,
        };
    }

    public static void Write(DerWriter writer, PublicKeyObject key)
    {
        if (key.Algorithm == KeyAlgorithm.Rsa && key.ModulusLength is null)
            throw new ArgumentException($"RSA public key '{key.Label}' needs a ModulusLength", nameof(key));
        Action<DerWriter>? subClass = key.PublicKey is { } pk
            ? w => w.WriteSequence(s =>
            {
                if (pk.SubjectName is { } subject)
                    s.WriteRaw(subject);
                s.WriteRaw(pk.Extensions);
            })
            : null;
        ObjectEnvelope.Write(writer, PrivateKeyCodec.ChoiceTag(key.Algorithm), key,
            c => CommonKeyAttributesCodec.Write(c, key.Key),
            subClass,
            null,
            t => t.WriteSequence(s =>
            {
                ObjectValueCodec.Write(s, key.Value);
                if (key.ModulusLength is { } modulus && key.Algorithm == KeyAlgorithm.Rsa)
                    s.WriteInteger(modulus);
                if (key.KeyInfo is { } info)
                    s.WriteRaw(info);
                s.WriteRaw(key.TypeExtensions);
            }));
    }
}
