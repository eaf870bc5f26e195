using SharpSC.VirtualCard.Crypto;

namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>
/// The persistent state of the OpenPGP application: identity, passwords, keys and data objects. A fresh state is
/// the card as delivered (§4.3, and after TERMINATE DF + ACTIVATE FILE): PW1 123456, PW3 12345678, no resetting
/// code, PW1 valid for one PSO:CDS, RSA-2048 attributes for all three keys and no keys.
/// </summary>
internal sealed class OpenPgpState
{
    /// <summary>
    /// Manufacturer ID FF53: in the range 0xFF00-0xFFFE that §4.2.1 leaves for cards with randomly created serial
    /// numbers (GnuPG shows "unmanaged S/N range"); each emulated card draws its own serial.
    /// </summary>
    public const ushort DefaultManufacturer = 0xFF53;

    public const int MaxNameLength = 39, MaxLanguageLength = 8, MaxSpecialDoLength = 0xFF, MaxCertificateLength = 0x0800;

    public OpenPgpState(ushort manufacturer, uint serial)
    {
        Manufacturer = manufacturer;
        Serial = serial;
        Pw1 = new Password((byte[])PgpSpec.DefaultPw1.Clone(), Password.MaxTries);
        Pw3 = new Password((byte[])PgpSpec.DefaultPw3.Clone(), Password.MaxTries);
        ResettingCode = Password.Unset();
        Keys = [.. KeySlots.All.Select(_ => new KeyState(AlgorithmAttributes.Rsa(2048)))];
    }

    public ushort Manufacturer { get; }
    public uint Serial { get; }

    public Password Pw1 { get; set; }
    public Password Pw3 { get; set; }
    public Password ResettingCode { get; set; }

    /// <summary>First byte of the PW status bytes (C4): false = PW1 (81) valid for one PSO:CDS only (the default).</summary>
    public bool Pw1ValidForSeveralSignatures { get; set; }

    /// <summary>Digital signature counter (DO 93, 3 bytes): counts PSO:CDS since the signature key was made.</summary>
    public int SignatureCounter { get; set; }

    public bool Terminated { get; set; }

    public KeyState[] Keys { get; }

    public byte[] Name { get; set; } = [];
    public byte[] Language { get; set; } = "en"u8.ToArray();

    /// <summary>Salutation / sex per ISO 5218 ("9" = not applicable).</summary>
    public byte[] Salutation { get; set; } = "9"u8.ToArray();

    public byte[] Url { get; set; } = [];
    public byte[] LoginData { get; set; } = [];
    public byte[][] PrivateDos { get; } = [[], [], [], []];

    /// <summary>Cardholder certificates by SELECT DATA occurrence: 0 authentication, 1 decryption, 2 signature.</summary>
    public byte[][] Certificates { get; } = [[], [], []];

    public KeyState this[KeySlot slot] => Keys[(int)slot];

    /// <summary>The 16-byte AID: prefix, version 3.4, manufacturer, serial, RFU 00 00 (§4.2.1).</summary>
    public byte[] Aid() =>
    [
        .. PgpSpec.AidPrefix, PgpSpec.VersionMajor, PgpSpec.VersionMinor,
        (byte)(Manufacturer >> 8), (byte)Manufacturer,
        (byte)(Serial >> 24), (byte)(Serial >> 16), (byte)(Serial >> 8), (byte)Serial, 0x00, 0x00,
    ];

    /// <summary>A card as delivered, with a random serial number.</summary>
    public static OpenPgpState Blank() => new(DefaultManufacturer, RandomSerial());

    private static uint RandomSerial()
    {
        var b = CardRandom.Bytes(4);
        var serial = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
        return serial == 0 ? 1u : serial;
    }
}
