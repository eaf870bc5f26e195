using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Codecs;

/// <summary>
/// A directory file (PrKDF, PuKDF, CDF, DODF, AODF, SKDF): CHOICE entries one after the other, ended by
/// the end of the data or by 00/FF padding (as OpenSC's sc_pkcs15_parse_df stops there).
/// </summary>
internal static class DirectoryCodec
{
    private static readonly Asn1Tag EcTag = Asn1Tag.Context(0, true);

    public static ValueList<Pkcs15Object> Read(DirectoryKind kind, DerReader reader, out int usedLength)
    {
        var start = reader.Offset;
        var objects = new List<Pkcs15Object>();
        while (reader.HasData && !reader.IsAtPadding)
            objects.Add(ReadEntry(kind, reader));
        usedLength = (int)(reader.Offset - start);
        return ValueList.From(objects);
    }

    private static Pkcs15Object ReadEntry(DirectoryKind kind, DerReader reader)
    {
        var tag = reader.PeekTag();
        switch (kind)
        {
            case DirectoryKind.PrivateKeys when tag == Asn1Tag.Sequence:
                return PrivateKeyCodec.Read(reader, KeyAlgorithm.Rsa);
            case DirectoryKind.PrivateKeys when tag == EcTag:
                return PrivateKeyCodec.Read(reader, KeyAlgorithm.Ec);
            case DirectoryKind.PublicKeys or DirectoryKind.TrustedPublicKeys when tag == Asn1Tag.Sequence:
                return PublicKeyCodec.Read(reader, KeyAlgorithm.Rsa);
            case DirectoryKind.PublicKeys or DirectoryKind.TrustedPublicKeys when tag == EcTag:
                return PublicKeyCodec.Read(reader, KeyAlgorithm.Ec);
            case DirectoryKind.Certificates or DirectoryKind.TrustedCertificates or DirectoryKind.UsefulCertificates when tag == Asn1Tag.Sequence:
                return CertificateCodec.Read(reader);
            case DirectoryKind.DataObjects when tag == Asn1Tag.Sequence:
                return DataObjectCodec.Read(reader);
            case DirectoryKind.AuthObjects when tag == Asn1Tag.Sequence:
                return PinCodec.Read(reader);
            default:
                return UnknownObjectCodec.Read(reader);
        }
    }

    public static void Write(DerWriter writer, Pkcs15Object obj)
    {
        switch (obj)
        {
            case PrivateKeyObject key:
                PrivateKeyCodec.Write(writer, key);
                break;
            case PublicKeyObject key:
                PublicKeyCodec.Write(writer, key);
                break;
            case CertificateObject cert:
                CertificateCodec.Write(writer, cert);
                break;
            case DataObject data:
                DataObjectCodec.Write(writer, data);
                break;
            case PinObject pin:
                PinCodec.Write(writer, pin);
                break;
            case UnknownObject unknown:
                writer.WriteRaw(unknown.Encoded);
                break;
            default:
                throw new ArgumentException($"cannot encode a {obj.GetType().Name}", nameof(obj));
        }
    }
}
