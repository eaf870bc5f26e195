using System.Text;

namespace SharpSC.PCSC.Native;

/// <summary>PC/SC "multi-strings": NUL-separated names ending with an empty name.</summary>
internal static class MultiString
{
    public static string[] Split(ReadOnlySpan<byte> buffer)
    {
        var names = new List<string>();
        while (!buffer.IsEmpty)
        {
            var end = buffer.IndexOf((byte)0);
            if (end <= 0) break;
            names.Add(Encoding.UTF8.GetString(buffer[..end]));
            buffer = buffer[(end + 1)..];
        }
        return names.ToArray();
    }

    public static byte[] NulTerminated(string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }
}
