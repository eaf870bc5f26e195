namespace SharpSC.Pkcs15.Asn1;

/// <summary>The class bits of an ASN.1 identifier octet (X.690 §8.1.2.2).</summary>
public enum TagClass
{
    Universal = 0,
    Application = 1,
    ContextSpecific = 2,
    Private = 3,
}
