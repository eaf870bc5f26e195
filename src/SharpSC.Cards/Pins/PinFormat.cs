using System.Globalization;
using SharpSC.Cards.Errors;

namespace SharpSC.Cards.Pins;

/// <summary>
/// How a card wants a PIN (PKCS#15 PinAttributes): allowed length, stored length and pad character. The
/// caller (PKCS#15 AODF or a driver default) says; the driver only applies it.
/// </summary>
public sealed record PinFormat(int MinLength, int MaxLength, int StoredLength, byte PadChar, bool NeedsPadding, PinEncoding Encoding = PinEncoding.Ascii)
{
    /// <summary>
    /// Checks the length and returns the bytes to send (padded when <see cref="NeedsPadding"/>). The caller
    /// clears the returned buffer after use.
    /// </summary>
    public byte[] Encode(ReadOnlySpan<byte> pin)
    {
        if (pin.Length < MinLength || pin.Length > MaxLength)
            throw new CardException(CardError.PinLengthInvalid, string.Create(CultureInfo.InvariantCulture,
                $"The PIN has {pin.Length} characters; this card takes {MinLength}..{MaxLength}."));
        return Encoding == PinEncoding.Bcd ? EncodeBcd(pin) : EncodeAscii(pin);
    }

    private byte[] EncodeAscii(ReadOnlySpan<byte> pin)
    {
        var length = NeedsPadding ? Math.Max(StoredLength, pin.Length) : pin.Length;
        var buffer = new byte[length];
        pin.CopyTo(buffer);
        buffer.AsSpan(pin.Length).Fill(PadChar);
        return buffer;
    }

    private byte[] EncodeBcd(ReadOnlySpan<byte> pin)
    {
        var digits = (pin.Length + 1) / 2;
        var length = NeedsPadding ? Math.Max(StoredLength, digits) : digits;
        var buffer = new byte[length];
        buffer.AsSpan().Fill(PadChar);
        for (var i = 0; i < pin.Length; i++)
        {
            var c = pin[i];
            if (c is < (byte)'0' or > (byte)'9')
                throw new CardException(CardError.PinLengthInvalid, "A BCD PIN holds decimal digits only.");
            var nibble = c - '0';
            buffer[i / 2] = i % 2 == 0
                ? (byte)((nibble << 4) | (buffer[i / 2] & 0x0F))
                : (byte)((buffer[i / 2] & 0xF0) | nibble);
        }
        return buffer;
    }
}
