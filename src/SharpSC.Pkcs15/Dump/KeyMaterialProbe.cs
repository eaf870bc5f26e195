using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X9;
using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Dump;

/// <summary>Looks into public key and certificate files for the few values pkcs15-tool --dump prints from them.</summary>
internal static class KeyMaterialProbe
{
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";

    /// <summary>
    /// The EC field size in bits from SubjectPublicKeyInfo DER (named curve) or from a raw ECPoint OCTET
    /// STRING (OpenSC: (point length - 1) / 2 * 8). Null when the data is neither.
    /// </summary>
    public static int? EcFieldLength(ReadOnlyMemory<byte> data)
    {
        try
        {
            var reader = new DerReader(data, "public key");
            if (reader.IsNext(Asn1Tag.OctetString))
                return PointFieldLength(reader.ReadOctetString().Length);
            var spki = reader.ReadSequence();
            var algorithm = spki.ReadSequence();
            if (algorithm.ReadObjectIdentifier() != EcPublicKeyOid)
                return null;
            var curve = algorithm.IsNext(Asn1Tag.ObjectIdentifier) ? algorithm.ReadObjectIdentifier() : null;
            var point = spki.ReadBitString(out _);
            if (curve is not null && ECNamedCurveTable.GetByOid(new DerObjectIdentifier(curve)) is { } parameters)
                return parameters.Curve.FieldSize;
            return PointFieldLength(point.Length);
        }
        catch (Pkcs15FormatException)
        {
            return null;
        }
    }

    /// <summary>The DER encoding (tag, length, value) of a certificate's serialNumber, or null when the data is not a certificate.</summary>
    public static byte[]? CertificateSerial(ReadOnlyMemory<byte> data)
    {
        try
        {
            var tbs = new DerReader(data, "certificate").ReadSequence().ReadSequence();
            if (tbs.IsNext(Asn1Tag.Context(0, true)))
                tbs.ReadEncodedValue();
            return tbs.IsNext(Asn1Tag.Integer) ? tbs.ReadEncodedValue().ToArray() : null;
        }
        catch (Pkcs15FormatException)
        {
            return null;
        }
    }

    private static int? PointFieldLength(int pointLength) => pointLength > 1 ? (pointLength - 1) / 2 * 8 : null;
}
