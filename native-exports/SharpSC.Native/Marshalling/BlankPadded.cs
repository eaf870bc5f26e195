using System.Text;

namespace SharpSC.Native.Marshalling;

/// <summary>
/// PKCS#11 3.0 §3.1: CK_UTF8CHAR arrays in info structures are padded with blanks (0x20) and not
/// NUL-terminated. Text longer than the field is cut at a character boundary.
/// </summary>
internal static unsafe class BlankPadded
{
    public static void Write(byte* field, int size, string value)
    {
        var target = new Span<byte>(field, size);
        target.Fill((byte)' ');
        var bytes = Encoding.UTF8.GetBytes(value);
        var n = Math.Min(bytes.Length, size);
        // Do not split a multi-byte UTF-8 sequence.
        while (n > 0 && n < bytes.Length && (bytes[n] & 0xC0) == 0x80) n--;
        bytes.AsSpan(0, n).CopyTo(target);
    }

    /// <summary>Reads a blank-padded field (C_InitToken's 32-byte label), trailing blanks removed.</summary>
    public static string Read(byte* field, int size) =>
        Encoding.UTF8.GetString(new ReadOnlySpan<byte>(field, size)).TrimEnd(' ', '\0');
}
