using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.IsoApplet;

/// <summary>
/// The applet's transient "ram_buf" and, for v0, its "ram_chaining_cache": bytes still to be fetched by
/// GET RESPONSE, the current position, and the INS/P1P2 of an open command chain.
/// </summary>
internal sealed class RamBuffer
{
    private const int ShortResponseMax = 256;

    public byte[] Bytes { get; } = new byte[AppletProfile.RamBufferSize];
    public short BytesRemaining { get; set; }
    public short CurrentPosition { get; set; }
    public short ChainIns { get; set; }
    public short ChainP1P2 { get; set; }

    public void Clear()
    {
        Array.Clear(Bytes);
        BytesRemaining = CurrentPosition = ChainIns = ChainP1P2 = 0;
    }

    /// <summary>
    /// v0 doChainingOrExtAPDU: appends the data at the current position. Mid-chain (CLA b5 set) the command
    /// ends with 9000 and null is returned; at the end of a chain the whole length is returned.
    /// </summary>
    public int? ReceiveChained(CommandApdu c)
    {
        if (CurrentPosition + c.Lc > Bytes.Length) throw IsoException.Of(StatusWords.WrongLength);
        c.Data.CopyTo(Bytes, CurrentPosition);
        CurrentPosition += (short)c.Lc;
        if (ClassByte.IsChaining(c.Cla)) return null;
        int total = CurrentPosition;
        CurrentPosition = 0;
        return total;
    }

    /// <summary>v1 readIncomingDataIntoRam: the data field at offset 0 (longer data overruns the array: 6F00).</summary>
    public int ReceiveAll(CommandApdu c)
    {
        if (c.Lc > Bytes.Length)
            throw new AppletFaultException($"{c.Lc} bytes of data overrun the {Bytes.Length}-byte ram_buf (ArrayIndexOutOfBoundsException)");
        c.Data.CopyTo(Bytes, 0);
        return c.Lc;
    }

    /// <summary>
    /// v0 sendLargeData: up to 256 bytes from the buffer; what is left is announced with 61xx and kept
    /// for GET RESPONSE.
    /// </summary>
    public Response SendLarge(int position, int length)
    {
        if (length <= 0)
        {
            BytesRemaining = CurrentPosition = 0;
            return Response.Success;
        }
        if (position + length > Bytes.Length) throw IsoException.Of(StatusWords.Unknown);
        var sendLength = Math.Min(length, ShortResponseMax);
        var data = Bytes.AsSpan(position, sendLength).ToArray();
        var left = length - sendLength;
        if (left <= 0)
        {
            BytesRemaining = CurrentPosition = 0;
            return Response.Ok(data);
        }
        BytesRemaining = (short)left;
        CurrentPosition = (short)(position + sendLength);
        return new Response(data, (ushort)(StatusWords.BytesRemaining | (left > ShortResponseMax ? 0 : left & 0xFF)));
    }
}
