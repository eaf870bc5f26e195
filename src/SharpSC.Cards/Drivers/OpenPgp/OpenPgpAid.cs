using System.Globalization;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;

namespace SharpSC.Cards.Drivers.OpenPgp;

/// <summary>
/// The full application identifier (DO 4F, §4.2.1): D2 76 00 01 24 01, version (BCD major, minor),
/// manufacturer (2 bytes), serial number (4 bytes), RFU (2 bytes).
/// </summary>
public sealed record OpenPgpAid(byte[] Raw)
{
    public byte VersionMajor => Raw[6];
    public byte VersionMinor => Raw[7];
    public ushort Manufacturer => (ushort)(Raw[8] << 8 | Raw[9]);
    public uint Serial => (uint)(Raw[10] << 24 | Raw[11] << 16 | Raw[12] << 8 | Raw[13]);

    /// <summary>Version as a number: 0x0304 for 3.4 (BCD digits).</summary>
    public int Version => VersionMajor << 8 | VersionMinor;

    /// <summary>"3.4".</summary>
    public string VersionText => string.Create(CultureInfo.InvariantCulture, $"{Bcd(VersionMajor)}.{Bcd(VersionMinor)}");

    /// <summary>Manufacturer and serial (AID bytes 9-14): what GnuPG and OpenSC show as the card's serial number.</summary>
    public byte[] SerialNumber => Raw[8..14];

    /// <summary>The serial as GnuPG prints it: 8 hex digits.</summary>
    public string SerialText => string.Create(CultureInfo.InvariantCulture, $"{Serial:X8}");

    public string HexText => Hex.Encode(Raw);

    private static int Bcd(byte b) => (b >> 4) * 10 + (b & 0x0F);

    /// <summary>Parses DO 4F; anything but 16 bytes starting with the OpenPGP prefix is a malformed answer.</summary>
    public static OpenPgpAid Parse(ReadOnlySpan<byte> value)
    {
        if (value.Length != OpenPgpSpec.AidLength || !value.StartsWith(OpenPgpSpec.AidPrefix))
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture,
                $"OpenPGP AID of {value.Length} bytes ({Hex.Encode(value)}), not 16 starting with D27600012401."));
        return new OpenPgpAid(value.ToArray());
    }

    /// <summary>
    /// Manufacturer names from the list GnuPG keeps (scd/app-openpgp.c get_manufacturer); 0000 and FFFF are test
    /// cards and FF00-FFFE serial numbers drawn at random (§4.2.1).
    /// </summary>
    public string ManufacturerName => Manufacturer switch
    {
        0x0001 => "PPC Card Systems",
        0x0002 => "Prism",
        0x0003 => "OpenFortress",
        0x0004 => "Wewid",
        0x0005 => "ZeitControl",
        0x0006 => "Yubico",
        0x0007 => "OpenKMS",
        0x0008 => "LogoEmail",
        0x0009 => "Fidesmo",
        0x000A => "Dangerous Things",
        0x000B => "Feitian Technologies",
        0x000D => "Dangerous Things",
        0x000F => "Nitrokey",
        0x002A => "Magrathea",
        0x0042 => "GnuPG e.V.",
        0x1337 => "Warsaw Hackerspace",
        0x2342 => "warpzone",
        0x4354 => "Confidential Technologies",
        0x5443 => "TIF-IT e.V.",
        0x63AF => "Trustica",
        0xBA53 => "c-base e.V.",
        0xBD0E => "Paranoidlabs",
        0xF517 => "FSIJ",
        0xF5EC => "F-Secure",
        0x0000 or 0xFFFF => "test card",
        >= 0xFF00 => "unmanaged S/N range",
        _ => "unknown",
    };
}
