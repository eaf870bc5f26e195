using System.Globalization;
using SharpSC.Cards.Errors;

namespace SharpSC.Cards.Apdu;

/// <summary>A response APDU: data followed by SW1 SW2 (ISO/IEC 7816-4 §5.1).</summary>
public sealed class ResponseApdu
{
    public ResponseApdu(byte[] data, ushort statusWord)
    {
        Data = data ?? throw new ArgumentNullException(nameof(data));
        StatusWord = statusWord;
    }

    public byte[] Data { get; }
    public ushort StatusWord { get; }
    public byte SW1 => (byte)(StatusWord >> 8);
    public byte SW2 => (byte)StatusWord;
    public bool IsSuccess => StatusWord == StatusWords.Success;

    /// <summary>Splits raw bytes from the reader; fewer than 2 bytes is a malformed answer.</summary>
    public static ResponseApdu Parse(ReadOnlySpan<byte> raw)
    {
        if (raw.Length < 2)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture,
                $"a response APDU has at least SW1 SW2, got {raw.Length} byte(s) ({Hex.Encode(raw)})."));
        return new ResponseApdu(raw[..^2].ToArray(), (ushort)((raw[^2] << 8) | raw[^1]));
    }

    /// <summary>Returns this response when SW is 9000 (or one of <paramref name="alsoAccepted"/>), else throws the mapped <see cref="CardException"/>.</summary>
    public ResponseApdu EnsureSuccess(string operation, params ReadOnlySpan<ushort> alsoAccepted)
    {
        if (IsSuccess || alsoAccepted.Contains(StatusWord))
            return this;
        throw CardException.FromStatusWord(StatusWord, operation);
    }

    public override string ToString() => Data.Length == 0
        ? StatusWord.ToString("X4", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Hex.Encode(Data)} {StatusWord:X4}");
}
