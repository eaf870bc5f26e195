using System.Security.Cryptography;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.MyEid;

/// <summary>
/// One of the 14 PIN objects (references 1..14). PUT DATA 01 &lt;ref&gt; creates it with its PUK: PIN (8), PUK (8),
/// then optionally PIN tries, PUK tries, flags, type, grid size, PIN minimum length, PUK minimum length
/// (MyEID manual 2.3.0 "Initialize PIN"). Values are kept padded to 8 bytes; 00 and FF count as the same padding.
/// </summary>
internal sealed class MyEidPin
{
    public const int DefaultPinTries = 5;
    public const int DefaultPukTries = 10;
    public const int DefaultMinLength = 4;

    /// <summary>Flag bits (byte 18): the PIN is locked, relocked after an unblock, and the admin/unblocker roles.</summary>
    public const byte FlagLocked = 0x01;
    public const byte FlagRelock = 0x02;

    public MyEidPin(byte[] pin, byte[] puk, int pinTries, int pukTries, byte flags, int minPin, int minPuk)
    {
        Pin = pin;
        Puk = puk;
        PinTriesMax = PinTriesLeft = pinTries;
        PukTriesMax = PukTriesLeft = pukTries;
        Flags = flags;
        MinPinLength = minPin;
        MinPukLength = minPuk;
    }

    public byte[] Pin { get; private set; }
    public byte[] Puk { get; }
    public int PinTriesMax { get; }
    public int PinTriesLeft { get; set; }
    public int PukTriesMax { get; }
    public int PukTriesLeft { get; set; }
    public byte Flags { get; set; }
    public int MinPinLength { get; }
    public int MinPukLength { get; }

    public bool Locked => (Flags & FlagLocked) != 0;

    /// <summary>Parses the Initialize PIN data (16..23 bytes); 6700 when shorter, 6984 for a PIN type other than 0.</summary>
    public static MyEidPin FromInitializeData(ReadOnlySpan<byte> d)
    {
        if (d.Length < 16 || d.Length > 16 + 7 + 24) throw IsoException.Of(StatusWords.WrongLength);
        var pinTries = d.Length > 16 ? Math.Min((int)d[16], 15) : DefaultPinTries;
        var pukTries = d.Length > 17 ? Math.Min((int)d[17], 15) : DefaultPukTries;
        var flags = d.Length > 18 ? (byte)(d[18] & 0xBF) : (byte)0;
        if (d.Length > 19 && d[19] != 0) throw IsoException.Of(StatusWords.DataInvalid); // grid / challenge-response PINs
        var minPin = d.Length > 21 && d[21] is >= 1 and <= 8 ? d[21] : DefaultMinLength;
        var minPuk = d.Length > 22 && d[22] is >= 1 and <= 8 ? d[22] : DefaultMinLength;
        if (pinTries == 0) pinTries = DefaultPinTries;
        if (pukTries == 0) pukTries = DefaultPukTries;
        return new MyEidPin(d[..8].ToArray(), d[8..16].ToArray(), pinTries, pukTries, flags, minPin, minPuk);
    }

    /// <summary>A value padded to 8 bytes with FF; 6700 when longer than 8.</summary>
    public static byte[] Pad(ReadOnlySpan<byte> value)
    {
        if (value.Length > MyEidConstants.PinLength) throw IsoException.Of(StatusWords.WrongLength);
        var padded = new byte[MyEidConstants.PinLength];
        Array.Fill(padded, (byte)0xFF);
        value.CopyTo(padded);
        return padded;
    }

    /// <summary>Compares in constant time, 00 and FF padding being equivalent.</summary>
    public static bool Matches(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> given)
    {
        Span<byte> a = stackalloc byte[MyEidConstants.PinLength];
        Span<byte> b = stackalloc byte[MyEidConstants.PinLength];
        Normalise(stored, a);
        Normalise(given, b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    /// <summary>A new PIN must have its first <see cref="MinPinLength"/> bytes set (neither 00 nor FF); else 6700.</summary>
    public void ReplacePin(byte[] newPin)
    {
        for (var i = 0; i < MinPinLength; i++)
            if (newPin[i] is 0x00 or 0xFF) throw IsoException.Of(StatusWords.WrongLength);
        Pin = newPin;
        PinTriesLeft = PinTriesMax;
    }

    /// <summary>GET DATA 01 Bx: tries left, maxima, flags, type, grid size and minimum lengths.</summary>
    public byte[] Info() =>
        [(byte)PinTriesLeft, (byte)PukTriesLeft, (byte)PinTriesMax, (byte)PukTriesMax, Flags, 0, 0, (byte)MinPinLength, (byte)MinPukLength];

    private static void Normalise(ReadOnlySpan<byte> value, Span<byte> output)
    {
        output.Fill(0xFF);
        for (var i = 0; i < Math.Min(value.Length, output.Length); i++)
            output[i] = value[i] == 0x00 ? (byte)0xFF : value[i];
    }
}
