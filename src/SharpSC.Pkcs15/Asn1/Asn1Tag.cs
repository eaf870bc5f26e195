using System.Globalization;

namespace SharpSC.Pkcs15.Asn1;

/// <summary>An ASN.1 tag: class, number and the constructed bit (X.690 §8.1.2).</summary>
public readonly record struct Asn1Tag(TagClass Class, int Number, bool IsConstructed)
{
    public static readonly Asn1Tag Boolean = Universal(1);
    public static readonly Asn1Tag Integer = Universal(2);
    public static readonly Asn1Tag BitString = Universal(3);
    public static readonly Asn1Tag OctetString = Universal(4);
    public static readonly Asn1Tag Null = Universal(5);
    public static readonly Asn1Tag ObjectIdentifier = Universal(6);
    public static readonly Asn1Tag Enumerated = Universal(10);
    public static readonly Asn1Tag Utf8String = Universal(12);
    public static readonly Asn1Tag Sequence = new(TagClass.Universal, 16, true);
    public static readonly Asn1Tag Set = new(TagClass.Universal, 17, true);
    public static readonly Asn1Tag NumericString = Universal(18);
    public static readonly Asn1Tag PrintableString = Universal(19);
    public static readonly Asn1Tag T61String = Universal(20);
    public static readonly Asn1Tag IA5String = Universal(22);
    public static readonly Asn1Tag UtcTime = Universal(23);
    public static readonly Asn1Tag GeneralizedTime = Universal(24);
    public static readonly Asn1Tag VisibleString = Universal(26);
    public static readonly Asn1Tag BmpString = Universal(30);

    public static Asn1Tag Context(int number, bool constructed = false) => new(TagClass.ContextSpecific, number, constructed);

    public static Asn1Tag Application(int number, bool constructed = false) => new(TagClass.Application, number, constructed);

    private static Asn1Tag Universal(int number) => new(TagClass.Universal, number, false);

    public Asn1Tag AsConstructed() => this with { IsConstructed = true };

    public Asn1Tag AsPrimitive() => this with { IsConstructed = false };

    /// <summary>True for the universal string types that PKCS#15 labels may use.</summary>
    public bool IsCharacterString => Class == TagClass.Universal && !IsConstructed && Number is 12 or 18 or 19 or 20 or 22 or 26 or 30;

    /// <summary>Number of identifier octets in the DER encoding.</summary>
    public int EncodedLength
    {
        get
        {
            if (Number < 31)
                return 1;
            var n = 1;
            for (var v = Number; v > 0; v >>= 7)
                n++;
            return n;
        }
    }

    /// <summary>The identifier octets.</summary>
    public byte[] Encode()
    {
        if (Number < 0)
            throw new ArgumentOutOfRangeException(nameof(Number), Number, "an ASN.1 tag number cannot be negative");
        var first = (byte)(((int)Class << 6) | (IsConstructed ? 0x20 : 0));
        if (Number < 31)
            return [(byte)(first | Number)];
        var bytes = new byte[EncodedLength];
        bytes[0] = (byte)(first | 0x1F);
        var v = Number;
        for (var i = bytes.Length - 1; i >= 1; i--)
        {
            bytes[i] = (byte)((v & 0x7F) | (i == bytes.Length - 1 ? 0 : 0x80));
            v >>= 7;
        }
        return bytes;
    }

    /// <summary>A readable name plus the identifier octets, e.g. "INTEGER (02)" or "[1] (A1)".</summary>
    public override string ToString() => $"{Name} ({Convert.ToHexString(Encode())})";

    private string Name => Class switch
    {
        TagClass.Universal => UniversalName(Number),
        TagClass.ContextSpecific => "[" + Number.ToString(CultureInfo.InvariantCulture) + "]",
        TagClass.Application => "[APPLICATION " + Number.ToString(CultureInfo.InvariantCulture) + "]",
        _ => "[PRIVATE " + Number.ToString(CultureInfo.InvariantCulture) + "]",
    };

    private static string UniversalName(int number) => number switch
    {
        1 => "BOOLEAN",
        2 => "INTEGER",
        3 => "BIT STRING",
        4 => "OCTET STRING",
        5 => "NULL",
        6 => "OBJECT IDENTIFIER",
        10 => "ENUMERATED",
        12 => "UTF8String",
        16 => "SEQUENCE",
        17 => "SET",
        18 => "NumericString",
        19 => "PrintableString",
        20 => "T61String",
        22 => "IA5String",
        23 => "UTCTime",
        24 => "GeneralizedTime",
        26 => "VisibleString",
        30 => "BMPString",
        _ => "UNIVERSAL " + number.ToString(CultureInfo.InvariantCulture),
    };
}
