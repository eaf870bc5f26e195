using System.Buffers.Binary;

namespace SharpSC.VirtualCard.State;

/// <summary>Writes the state file's records: tag (1 byte), length (4 bytes, big-endian), value.</summary>
internal sealed class StateTlvWriter
{
    private readonly MemoryStream _out = new();

    public void Bytes(byte tag, ReadOnlySpan<byte> value)
    {
        _out.WriteByte(tag);
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(len, (uint)value.Length);
        _out.Write(len);
        _out.Write(value);
    }

    public void Byte(byte tag, byte value) => Bytes(tag, [value]);

    public void UInt16(byte tag, ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        Bytes(tag, b);
    }

    public void Int32(byte tag, int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, value);
        Bytes(tag, b);
    }

    public void Nested(byte tag, Action<StateTlvWriter> content)
    {
        var inner = new StateTlvWriter();
        content(inner);
        Bytes(tag, inner.ToArray());
    }

    public byte[] ToArray() => _out.ToArray();
}

/// <summary>Reads records written by <see cref="StateTlvWriter"/>; any inconsistency is an InvalidDataException.</summary>
internal static class StateTlvReader
{
    public static List<(byte Tag, byte[] Value)> Records(ReadOnlySpan<byte> data)
    {
        var list = new List<(byte, byte[])>();
        var pos = 0;
        while (pos < data.Length)
        {
            if (data.Length - pos < 5) throw new InvalidDataException("truncated record header");
            var tag = data[pos];
            var len = BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 1)..]);
            pos += 5;
            if (len > (uint)(data.Length - pos)) throw new InvalidDataException($"record {tag:X2} runs past its container");
            list.Add((tag, data.Slice(pos, (int)len).ToArray()));
            pos += (int)len;
        }
        return list;
    }

    public static byte Byte(byte[] v) => v.Length == 1 ? v[0] : throw new InvalidDataException("expected 1 byte");

    public static ushort UInt16(byte[] v) => v.Length == 2 ? BinaryPrimitives.ReadUInt16BigEndian(v) : throw new InvalidDataException("expected 2 bytes");

    public static int Int32(byte[] v) => v.Length == 4 ? BinaryPrimitives.ReadInt32BigEndian(v) : throw new InvalidDataException("expected 4 bytes");
}
