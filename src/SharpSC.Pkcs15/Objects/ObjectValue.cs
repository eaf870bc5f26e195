using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Objects;

/// <summary>
/// ObjectValue (PKCS#15 v1.1 §6.1.8): CHOICE { indirect Path, direct [0], indirect-protected [1],
/// direct-protected [2] } or a URL. Exactly one of <see cref="Path"/>, <see cref="Direct"/>,
/// <see cref="Other"/> is set.
/// </summary>
public sealed record ObjectValue
{
    private ObjectValue()
    {
    }

    /// <summary>indirect: the value is in (part of) a file.</summary>
    public Pkcs15Path? Path { get; private init; }

    /// <summary>direct [0]: the content octets of the [0] element (for OpenSC's A0 { 30 .. } it is the inner DER).</summary>
    public ByteString? Direct { get; private init; }

    /// <summary>True when the direct [0] element is constructed (A0), false when primitive (80).</summary>
    public bool DirectIsConstructed { get; private init; }

    /// <summary>Any other alternative (protected values, URLs), kept as raw DER.</summary>
    public RawElement? Other { get; private init; }

    public static ObjectValue FromPath(Pkcs15Path path) => new() { Path = path };

    public static ObjectValue FromDirect(ByteString content, bool constructed = true) => new() { Direct = content, DirectIsConstructed = constructed };

    public static ObjectValue FromOther(RawElement element) => new() { Other = element };

    public override string ToString() =>
        Path is { } p ? "path " + p : Direct is { } d ? "direct " + d.ToHex() : "other " + Other;
}
