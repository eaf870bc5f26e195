using System.Security.Cryptography;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.Piv;

/// <summary>
/// The PIN or the PUK: 6–8 bytes kept padded with FF to 8 (SP 800-73-4 Part 2 §2.4.3), a retry counter and
/// its maximum (Yubico SET PIN RETRIES changes it). A wrong value costs a try; none left blocks it.
/// </summary>
internal sealed class PivPin(byte[] paddedValue, int maxTries, int triesLeft, byte[] factoryValue)
{
    private byte[] _value = paddedValue;

    public int MaxTries { get; private set; } = maxTries;
    public int TriesLeft { get; private set; } = triesLeft;
    public bool Blocked => TriesLeft == 0;
    public byte[] PaddedValue => _value;
    public bool IsDefault => _value.AsSpan().SequenceEqual(Pad(factoryValue));

    public static PivPin Factory(byte[] value) => new(Pad(value), PivSpec.DefaultTries, PivSpec.DefaultTries, value);

    /// <summary>Pads a 6–8 byte value to 8 with FF.</summary>
    public static byte[] Pad(ReadOnlySpan<byte> value)
    {
        var block = new byte[PivSpec.PinBlockLength];
        block.AsSpan().Fill(PivSpec.PinPad);
        value.CopyTo(block);
        return block;
    }

    /// <summary>An 8-byte block holds a valid new value: 6–8 bytes, then only FF padding.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> block)
    {
        if (block.Length != PivSpec.PinBlockLength) return false;
        var length = block.IndexOf(PivSpec.PinPad);
        if (length < 0) length = block.Length;
        return length >= 6 && block[length..].IndexOfAnyExcept(PivSpec.PinPad) < 0;
    }

    /// <summary>Checks an 8-byte block; a mismatch costs a try and answers 63Cx (x tries left), blocked 6983.</summary>
    public void Check(ReadOnlySpan<byte> block, Action persist)
    {
        if (Blocked) throw IsoException.Of(0x6983);
        if (block.Length != PivSpec.PinBlockLength) throw IsoException.Of(StatusWords.WrongData);
        if (CryptographicOperations.FixedTimeEquals(block, _value))
        {
            if (TriesLeft != MaxTries)
            {
                TriesLeft = MaxTries;
                persist();
            }
            return;
        }
        TriesLeft--;
        persist();
        throw IsoException.Of((ushort)(StatusWords.PinTriesRemaining | TriesLeft));
    }

    public void Set(ReadOnlySpan<byte> block)
    {
        _value = block.ToArray();
        TriesLeft = MaxTries;
    }

    public void Reset(byte[] value, int tries)
    {
        _value = Pad(value);
        MaxTries = tries;
        TriesLeft = tries;
    }
}
