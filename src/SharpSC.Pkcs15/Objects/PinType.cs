namespace SharpSC.Pkcs15.Objects;

/// <summary>PinType ENUMERATED (PKCS#15 v1.1 §6.8.2). Unknown values are kept as their number.</summary>
public enum PinType
{
    Bcd = 0,
    AsciiNumeric = 1,
    Utf8 = 2,
    HalfNibbleBcd = 3,
    Iso9564_1 = 4,
}
