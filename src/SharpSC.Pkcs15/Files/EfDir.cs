using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Files;

/// <summary>EF.DIR (3F00/2F00): the application templates of the card (ISO/IEC 7816-4 §8.2.1.1).</summary>
public sealed record EfDir
{
    /// <summary>The PKCS#15 application identifier A0 00 00 00 63 "PKCS-15" (PKCS#15 v1.1 §5.4.1).</summary>
    public static readonly ByteString Pkcs15Aid = ByteString.FromHex("A000000063504B43532D3135");

    public ValueList<ApplicationTemplate> Applications { get; init; } = ValueList<ApplicationTemplate>.Empty;

    /// <summary>Top-level data objects other than application templates, kept raw (written after the templates).</summary>
    public ValueList<RawElement> OtherRecords { get; init; } = ValueList<RawElement>.Empty;

    public ApplicationTemplate? FindApplication(ByteString aid) => Applications.FirstOrDefault(a => a.Aid == aid);
}
