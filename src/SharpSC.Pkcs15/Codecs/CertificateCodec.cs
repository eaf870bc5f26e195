using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Codecs;

/// <summary>CDF entries: x509Certificate (SEQUENCE) (PKCS#15 v1.1 §6.9).</summary>
internal static class CertificateCodec
{
    public static CertificateObject Read(DerReader reader)
    {
        var parts = ObjectEnvelope.Read(reader, Asn1Tag.Sequence, "x509Certificate");
        var common = parts.ClassAttributes;
        var id = new Pkcs15Id(common.ReadOctetString(field: "iD"));
        bool? authority = common.IsNext(Asn1Tag.Boolean) ? common.ReadBoolean(field: "authority") : null;
        var identifier = common.IsNext(Asn1Tag.Sequence) ? CredentialIdentifierCodec.Read(common, "identifier") : null;
        var type = ObjectEnvelope.ReadWrappedSequence(parts.TypeAttributes, "x509CertificateAttributes");
        return new CertificateObject
        {
            Common = parts.Common,
            Id = id,
            Authority = authority,
            Identifier = identifier,
            CertificateExtensions = common.ReadRemaining(),
            SubClassAttributes = parts.SubClassRaw,
            Value = ObjectValueCodec.Read(type, "value"),
            TypeExtensions = type.ReadRemaining(),
            Extensions = parts.Extensions,
        };
    }

    public static void Write(DerWriter writer, CertificateObject cert) =>
        ObjectEnvelope.Write(writer, Asn1Tag.Sequence, cert,
            c =>
            {
                c.WriteOctetString(cert.Id.Value.Span);
                if (cert.Authority is { } authority)
                    c.WriteBoolean(authority);
                if (cert.Identifier is { } identifier)
                    CredentialIdentifierCodec.Write(c, identifier);
                c.WriteRaw(cert.CertificateExtensions);
            },
            null,
            cert.SubClassAttributes,
            t => t.WriteSequence(s =>
            {
                ObjectValueCodec.Write(s, cert.Value);
                s.WriteRaw(cert.TypeExtensions);
            }));
}
