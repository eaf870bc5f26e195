using System.Net.Sockets;

namespace SharpSC.VirtualCard.Vpcd;

/// <summary>
/// vpcd's wire format (vsmartcard virtualsmartcard/src/vpcd): every message is a 2-byte big-endian length
/// and a payload. A 1-byte payload is a control message (00 power off, 01 power on, 02 reset, 04 get ATR,
/// answered with the framed ATR); a longer one is a command APDU, answered with the framed response APDU.
/// </summary>
public static class VpcdProtocol
{
    public const byte PowerOff = 0x00;
    public const byte PowerOn = 0x01;
    public const byte Reset = 0x02;
    public const byte GetAtr = 0x04;

    /// <summary>Reads one message; null when the peer closed the connection cleanly before a message.</summary>
    public static byte[]? Read(Socket socket, bool quickAck)
    {
        var header = new byte[2];
        if (!ReadExactly(socket, header, quickAck, allowEof: true)) return null;
        var payload = new byte[header[0] << 8 | header[1]];
        if (payload.Length > 0) ReadExactly(socket, payload, quickAck, allowEof: false);
        return payload;
    }

    /// <summary>The framed message, one buffer so that it leaves in one segment.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > 0xFFFF) throw new ArgumentException($"a vpcd message holds at most 65535 bytes, not {payload.Length}");
        var frame = new byte[payload.Length + 2];
        frame[0] = (byte)(payload.Length >> 8);
        frame[1] = (byte)payload.Length;
        payload.CopyTo(frame.AsSpan(2));
        return frame;
    }

    private static bool ReadExactly(Socket socket, byte[] buffer, bool quickAck, bool allowEof)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = socket.Receive(buffer, read, buffer.Length - read, SocketFlags.None);
            if (quickAck) TcpTuning.RearmQuickAck(socket);
            if (n == 0)
            {
                if (allowEof && read == 0) return false;
                throw new IOException($"vpcd closed the connection in the middle of a message ({read} of {buffer.Length} bytes)");
            }
            read += n;
        }
        return true;
    }
}
