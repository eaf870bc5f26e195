using System.Globalization;

namespace SharpSC.Cards.Apdu;

/// <summary>
/// A command APDU (ISO/IEC 7816-4 §5.1): CLA INS P1 P2, an optional data field (Nc bytes) and the expected
/// response length Ne (0 = none expected). Cases 1–4 in short or extended encoding follow from Nc and Ne.
/// </summary>
public sealed class CommandApdu
{
    public const int MaxShortData = 255;
    public const int MaxShortNe = 256;
    public const int MaxExtendedData = 65535;
    public const int MaxExtendedNe = 65536;

    public CommandApdu(byte cla, byte ins, byte p1, byte p2, ReadOnlyMemory<byte> data = default, int ne = 0)
    {
        if (data.Length > MaxExtendedData)
            throw new ArgumentOutOfRangeException(nameof(data), data.Length, $"An APDU data field holds at most {MaxExtendedData} bytes.");
        if (ne is < 0 or > MaxExtendedNe)
            throw new ArgumentOutOfRangeException(nameof(ne), ne, $"Ne must be 0..{MaxExtendedNe}.");
        Cla = cla;
        Ins = ins;
        P1 = p1;
        P2 = p2;
        Data = data;
        Ne = ne;
    }

    public byte Cla { get; }
    public byte Ins { get; }
    public byte P1 { get; }
    public byte P2 { get; }
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Maximum number of response data bytes expected (0: none; 256 is "00" short, 65536 is "0000" extended).</summary>
    public int Ne { get; }

    /// <summary>The data field is a secret (PIN, PUK, private key): traces print only its length, buffers are cleared.</summary>
    public bool SensitiveData { get; init; }

    /// <summary>The response data is a secret (e.g. a deciphered session key): traces print only its length.</summary>
    public bool SensitiveResponse { get; init; }

    /// <summary>ISO 7816-4 case: 1 (no data, no Ne), 2 (Ne only), 3 (data only), 4 (both).</summary>
    public int Case => (Data.IsEmpty, Ne == 0) switch
    {
        (true, true) => 1,
        (true, false) => 2,
        (false, true) => 3,
        _ => 4,
    };

    /// <summary>True when the APDU does not fit the short encoding (Nc &gt; 255 or Ne &gt; 256).</summary>
    public bool NeedsExtended => Data.Length > MaxShortData || Ne > MaxShortNe;

    public CommandApdu WithNe(int ne) => new(Cla, Ins, P1, P2, Data, ne) { SensitiveData = SensitiveData, SensitiveResponse = SensitiveResponse };

    public CommandApdu WithCla(byte cla) => new(cla, Ins, P1, P2, Data, Ne) { SensitiveData = SensitiveData, SensitiveResponse = SensitiveResponse };

    public CommandApdu WithData(ReadOnlyMemory<byte> data, int ne) =>
        new(Cla, Ins, P1, P2, data, ne) { SensitiveData = SensitiveData, SensitiveResponse = SensitiveResponse };

    /// <summary>Short encoding when it fits, extended otherwise.</summary>
    public byte[] Encode() => Encode(NeedsExtended);

    public byte[] Encode(bool extended)
    {
        if (!extended && NeedsExtended)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"APDU {Ins:X2} with Nc={Data.Length}, Ne={Ne} does not fit the short encoding."));
        var nc = Data.Length;
        var lcLength = nc == 0 ? 0 : extended ? 3 : 1;
        var leLength = Ne == 0 ? 0 : extended ? (nc == 0 ? 3 : 2) : 1;
        var buffer = new byte[4 + lcLength + nc + leLength];
        buffer[0] = Cla;
        buffer[1] = Ins;
        buffer[2] = P1;
        buffer[3] = P2;
        var pos = 4;
        if (nc > 0)
        {
            if (extended)
            {
                buffer[pos++] = 0;
                buffer[pos++] = (byte)(nc >> 8);
            }
            buffer[pos++] = (byte)nc;
            Data.Span.CopyTo(buffer.AsSpan(pos));
            pos += nc;
        }
        if (Ne > 0)
        {
            if (extended)
            {
                if (nc == 0) buffer[pos++] = 0;
                var le = Ne == MaxExtendedNe ? 0 : Ne;
                buffer[pos++] = (byte)(le >> 8);
                buffer[pos] = (byte)le;
            }
            else
            {
                buffer[pos] = (byte)(Ne == MaxShortNe ? 0 : Ne);
            }
        }
        return buffer;
    }

    /// <summary>Decodes an APDU in any of the seven encodings of ISO 7816-4 §5.1.</summary>
    public static CommandApdu Parse(ReadOnlySpan<byte> apdu)
    {
        if (apdu.Length < 4)
            throw new FormatException($"A command APDU has at least 4 bytes, got {apdu.Length}.");
        byte cla = apdu[0], ins = apdu[1], p1 = apdu[2], p2 = apdu[3];
        var body = apdu[4..];
        if (body.Length == 0)
            return new CommandApdu(cla, ins, p1, p2);
        if (body.Length == 1)
            return new CommandApdu(cla, ins, p1, p2, ne: body[0] == 0 ? MaxShortNe : body[0]);
        if (body[0] != 0)
        {
            int lc = body[0];
            if (body.Length == 1 + lc)
                return new CommandApdu(cla, ins, p1, p2, body.Slice(1, lc).ToArray());
            if (body.Length == 2 + lc)
                return new CommandApdu(cla, ins, p1, p2, body.Slice(1, lc).ToArray(), body[1 + lc] == 0 ? MaxShortNe : body[1 + lc]);
            throw new FormatException($"Short APDU body of {body.Length} bytes does not match Lc={lc}.");
        }
        if (body.Length == 3)
        {
            var le = (body[1] << 8) | body[2];
            return new CommandApdu(cla, ins, p1, p2, ne: le == 0 ? MaxExtendedNe : le);
        }
        if (body.Length < 4)
            throw new FormatException($"Extended APDU body of {body.Length} bytes is truncated.");
        var nc = (body[1] << 8) | body[2];
        if (nc == 0)
            throw new FormatException("Extended Lc of 0000 is not allowed.");
        if (body.Length == 3 + nc)
            return new CommandApdu(cla, ins, p1, p2, body.Slice(3, nc).ToArray());
        if (body.Length == 5 + nc)
        {
            var le = (body[3 + nc] << 8) | body[4 + nc];
            return new CommandApdu(cla, ins, p1, p2, body.Slice(3, nc).ToArray(), le == 0 ? MaxExtendedNe : le);
        }
        throw new FormatException($"Extended APDU body of {body.Length} bytes does not match Lc={nc}.");
    }

    /// <summary>Header, Nc and Ne; the data in hex unless <see cref="SensitiveData"/>.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var header = string.Create(c, $"{Cla:X2}{Ins:X2}{P1:X2}{P2:X2}");
        var data = Data.IsEmpty ? ""
            : SensitiveData ? string.Create(c, $" Lc={Data.Length} <redacted {Data.Length} bytes>")
            : string.Create(c, $" Lc={Data.Length} {Hex.Encode(Data.Span)}");
        var le = Ne == 0 ? "" : string.Create(c, $" Le={Ne}");
        return header + data + le;
    }
}
