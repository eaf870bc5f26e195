using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Codecs;

internal static class KeyInfoReader
{
    /// <summary>keyInfo KeyInfo OPTIONAL: CHOICE { reference INTEGER, paramsAndOps SEQUENCE } (PKCS#15 v1.1 §6.6.5).</summary>
    public static RawElement? ReadOptional(DerReader seq) =>
        seq.IsNext(Asn1Tag.Integer) || seq.IsNext(Asn1Tag.Sequence) ? seq.ReadRawElement() : null;
}
