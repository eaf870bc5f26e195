using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Objects;

/// <summary>
/// CredentialIdentifier ::= SEQUENCE { idType KeyIdType (INTEGER), idValue ANY } (PKCS#15 v1.1 §6.5.1).
/// Types: 1 issuerAndSerialNumber, 2 subjectKeyId, 3 issuerAndSerialNumberHash, 4 subjectKeyHash,
/// 5 issuerKeyHash, 6 issuerNameHash, 7 subjectNameHash, 8 pgp2KeyId, 9 openPGPKeyId.
/// </summary>
public sealed record CredentialIdentifier
{
    public required int IdType { get; init; }

    /// <summary>The idValue element as DER (usually an OCTET STRING).</summary>
    public required RawElement Value { get; init; }

    /// <summary>The octets of <see cref="Value"/> when it is an OCTET STRING.</summary>
    public ByteString? OctetValue
    {
        get
        {
            var reader = Value.CreateReader();
            return reader.IsNext(Asn1Tag.OctetString) ? ByteString.Own(reader.ReadOctetString()) : (ByteString?)null;
        }
    }
}
