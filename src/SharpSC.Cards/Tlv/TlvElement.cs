namespace SharpSC.Cards.Tlv;

/// <summary>One BER-TLV data object: tag (1–3 bytes, as an integer: 0x6F, 0x7F49) and value.</summary>
public readonly record struct TlvElement(int Tag, ReadOnlyMemory<byte> Value)
{
    /// <summary>Constructed encoding (bit 6 of the first tag byte): the value holds nested objects.</summary>
    public bool IsConstructed
    {
        get
        {
            var first = Tag;
            while (first > 0xFF) first >>= 8;
            return (first & 0x20) != 0;
        }
    }
}
