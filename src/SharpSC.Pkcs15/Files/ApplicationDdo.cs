using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Files;

/// <summary>
/// The PKCS#15 DDO in an EF.DIR application template (tag 73; PKCS#15 v1.1 §5.4.1): oid, odfPath,
/// tokenInfoPath [0], unusedPath [1], plus OpenSC's iin [APPLICATION 2] and aid [APPLICATION 15].
/// </summary>
public sealed record ApplicationDdo
{
    public string? Oid { get; init; }

    public Pkcs15Path? OdfPath { get; init; }

    public Pkcs15Path? TokenInfoPath { get; init; }

    public Pkcs15Path? UnusedSpacePath { get; init; }

    public ByteString? Iin { get; init; }

    public ByteString? Aid { get; init; }

    public ValueList<RawElement> Extensions { get; init; } = ValueList<RawElement>.Empty;
}
