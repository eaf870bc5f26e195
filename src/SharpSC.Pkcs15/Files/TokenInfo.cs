using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Files;

/// <summary>
/// EF(TokenInfo) (PKCS#15 v1.1 §6.11; ISO/IEC 7816-15 adds profileIndication [6]). Null means the
/// optional field is absent.
/// </summary>
public sealed record TokenInfo
{
    /// <summary>version INTEGER {v1(0)}: 0 for every card in the field.</summary>
    public int Version { get; init; }

    public ByteString? SerialNumber { get; init; }

    public string? ManufacturerId { get; init; }

    /// <summary>label [0] Label.</summary>
    public string? Label { get; init; }

    /// <summary>tokenflags (required by the standard; OpenSC omits it when zero, so null means absent).</summary>
    public TokenFlags? Flags { get; init; }

    public ValueList<SecurityEnvironmentInfo>? SecurityEnvironments { get; init; }

    /// <summary>recordInfo [1] as raw DER.</summary>
    public RawElement? RecordInfo { get; init; }

    /// <summary>supportedAlgorithms [2].</summary>
    public ValueList<AlgorithmInfo>? SupportedAlgorithms { get; init; }

    /// <summary>issuerId [3] Label.</summary>
    public string? IssuerId { get; init; }

    /// <summary>holderId [4] Label.</summary>
    public string? HolderId { get; init; }

    public LastUpdate? LastUpdate { get; init; }

    /// <summary>preferredLanguage PrintableString (ISO 639-1, e.g. "en").</summary>
    public string? PreferredLanguage { get; init; }

    /// <summary>profileIndication [6] (ISO/IEC 7816-15) as raw DER.</summary>
    public RawElement? ProfileIndication { get; init; }

    public ValueList<RawElement> Extensions { get; init; } = ValueList<RawElement>.Empty;

    /// <summary>The serial number octets as uppercase hex (pkcs15-tool and OpenSC's PKCS#11 token serial use lowercase).</summary>
    public string? SerialNumberHex => SerialNumber?.ToHex();

    public TokenFlags EffectiveFlags => Flags ?? TokenFlags.None;

    /// <summary>The first UTF8String profileName inside profileIndication, if any.</summary>
    public string? ProfileName
    {
        get
        {
            if (ProfileIndication is not { } element)
                return null;
            var reader = element.CreateReader();
            var inner = reader.ReadConstructed(element.Tag);
            while (inner.HasData)
            {
                if (inner.IsNext(Asn1Tag.Utf8String))
                    return inner.ReadUtf8String();
                if (inner.IsNext(Asn1Tag.Sequence))
                {
                    var seq = inner.ReadSequence();
                    while (seq.HasData)
                    {
                        if (seq.IsNext(Asn1Tag.Utf8String))
                            return seq.ReadUtf8String();
                        seq.ReadEncodedValue();
                    }
                }
                else
                {
                    inner.ReadEncodedValue();
                }
            }
            return null;
        }
    }
}
