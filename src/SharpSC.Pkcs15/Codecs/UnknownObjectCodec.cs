using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Codecs;

/// <summary>Keeps directory entries of types the model does not decode as raw DER.</summary>
internal static class UnknownObjectCodec
{
    public static UnknownObject Read(DerReader reader)
    {
        var probe = reader.Fork();
        var encoded = reader.ReadRawElement();
        return new UnknownObject { Common = TryReadCommon(probe, encoded.Tag), Encoded = encoded };
    }

    // Best effort, for display only: most PKCS15Object types start with CommonObjectAttributes.
    private static CommonObjectAttributes TryReadCommon(DerReader probe, Asn1Tag tag)
    {
        if (!tag.IsConstructed)
            return new CommonObjectAttributes();
        try
        {
            var entry = probe.ReadConstructed(tag);
            return entry.IsNext(Asn1Tag.Sequence)
                ? CommonObjectAttributesCodec.Read(entry.ReadSequence())
                : new CommonObjectAttributes();
        }
        catch (Pkcs15FormatException)
        {
            return new CommonObjectAttributes();
        }
    }
}
