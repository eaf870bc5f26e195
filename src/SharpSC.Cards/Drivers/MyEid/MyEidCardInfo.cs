using System.Globalization;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;

namespace SharpSC.Cards.Drivers.MyEid;

/// <summary>
/// GET DATA 01 A0, the card information (MyEID manual "Get Data: applet info"; OpenSC card-myeid.c
/// myeid_get_info): 20 bytes, bytes 5..7 the applet version, 8..17 the serial number, 18..19 a change counter.
/// The first five bytes name the implementation on OsEID ("OsEID"). Checked as untrusted input.
/// </summary>
public sealed record MyEidCardInfo(byte Major, byte Minor, byte Patch, byte[] SerialNumber, ushort ChangeCounter, string? Implementation)
{
    public const int Length = 20;

    /// <summary>OpenSC's firmware number: 10 × major + minor (4.5 → 45). Chaining from 45, capabilities from 40.</summary>
    public int FirmwareMajor => Major * 10 + Minor;

    public string Version => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");

    public static MyEidCardInfo Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length != Length)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"MyEID card information of {data.Length} bytes (expected {Length})."));
        if (data[5] > 9 || data[6] > 9)
            throw CardException.Malformed($"MyEID card information with version bytes {Hex.Encode(data[5..8])}.");
        var name = data[..5];
        var printable = true;
        foreach (var b in name)
            printable &= b is >= 0x20 and < 0x7F;
        return new MyEidCardInfo(data[5], data[6], data[7], data[8..18].ToArray(), (ushort)(data[18] << 8 | data[19]),
            printable ? System.Text.Encoding.ASCII.GetString(name) : null);
    }
}

/// <summary>
/// GET DATA 01 AA, the card capabilities of MyEID 4.0 and later (OpenSC myeid_get_card_caps): version, feature
/// bits (01 RSA, 02 DES, 04 AES, 08 EC) and the longest key of each kind in bits, big-endian. Earlier cards
/// have RSA up to 2048 and EC up to 256 (<see cref="Legacy"/>).
/// </summary>
public sealed record MyEidCapabilities(byte Version, ushort Features, int MaxRsaBits, int MaxDesBits, int MaxAesBits, int MaxEcBits)
{
    public const ushort FeatureRsa = 0x01;
    public const ushort FeatureDes = 0x02;
    public const ushort FeatureAes = 0x04;
    public const ushort FeatureEc = 0x08;

    public static MyEidCapabilities Legacy { get; } = new(0, FeatureRsa | FeatureEc, 2048, 0, 0, 256);

    public bool Has(ushort feature) => (Features & feature) == feature;

    public static MyEidCapabilities Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 11)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"MyEID capabilities of {data.Length} bytes (expected 11)."));
        var caps = new MyEidCapabilities(data[0], (ushort)(data[1] << 8 | data[2]), data[3] << 8 | data[4], data[5] << 8 | data[6],
            data[7] << 8 | data[8], data[9] << 8 | data[10]);
        if (caps.MaxRsaBits is < 0 or > 16384 || caps.MaxEcBits > 1024)
            throw CardException.Malformed($"MyEID capabilities {Hex.Encode(data)} name impossible key lengths.");
        return caps;
    }
}
