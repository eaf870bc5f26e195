namespace SharpSC.VirtualCard.Iso;

/// <summary>
/// A command APDU decoded per ISO/IEC 7816-4 §5.1 (cases 1, 2S, 3S, 4S, 2E, 3E, 4E).
/// Ne is 0 when the command carries no Le field; Le 00 means 256 (short) and Le 0000 means 65536 (extended).
/// </summary>
internal sealed class CommandApdu
{
    private CommandApdu(byte[] raw, byte[] data, int ne, bool hasLe, bool extended)
    {
        Raw = raw;
        Data = data;
        Ne = ne;
        HasLe = hasLe;
        IsExtended = extended;
    }

    public byte[] Raw { get; }
    public byte Cla => Raw[0];
    public byte Ins => Raw[1];
    public byte P1 => Raw[2];
    public byte P2 => Raw[3];
    public ushort P1P2 => (ushort)(P1 << 8 | P2);
    public byte[] Data { get; }
    public int Lc => Data.Length;

    /// <summary>Maximum number of response bytes expected (0 = no Le field).</summary>
    public int Ne { get; }

    public bool HasLe { get; }
    public bool IsExtended { get; }

    /// <summary>Decodes a command; null when its length fields are inconsistent (the runtime answers 6700).</summary>
    public static CommandApdu? TryParse(ReadOnlySpan<byte> apdu)
    {
        var raw = apdu.ToArray();
        var n = raw.Length;
        if (n < 4) return null;
        if (n == 4) return new CommandApdu(raw, [], 0, false, false);
        var b4 = raw[4];
        if (n == 5) return new CommandApdu(raw, [], b4 == 0 ? 256 : b4, true, false);
        if (b4 != 0)
        {
            var lc = b4;
            if (n == 5 + lc) return new CommandApdu(raw, raw[5..], 0, false, false);
            if (n == 6 + lc)
            {
                var le = raw[^1];
                return new CommandApdu(raw, raw[5..^1], le == 0 ? 256 : le, true, false);
            }
            return null;
        }
        if (n < 7) return null;
        var v = raw[5] << 8 | raw[6];
        if (n == 7) return new CommandApdu(raw, [], v == 0 ? 65536 : v, true, true);
        if (v == 0) return null;
        if (n == 7 + v) return new CommandApdu(raw, raw[7..], 0, false, true);
        if (n == 9 + v)
        {
            var le = raw[^2] << 8 | raw[^1];
            return new CommandApdu(raw, raw[7..^2], le == 0 ? 65536 : le, true, true);
        }
        return null;
    }
}
