namespace SharpSC.Cards.Pins;

/// <summary>How PIN characters become bytes (PKCS#15 PinType).</summary>
public enum PinEncoding
{
    /// <summary>The bytes as given (ascii-numeric, utf8).</summary>
    Ascii,

    /// <summary>Packed BCD: two decimal digits per byte.</summary>
    Bcd,
}
