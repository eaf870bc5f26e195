using System.Buffers.Binary;
using System.Text;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Objects;

/// <summary>
/// Attribute values as C callers lay them out: CK_BBOOL is one byte, CK_ULONG is the platform's
/// unsigned long (4 bytes on Windows, 8 elsewhere, native byte order), strings are UTF-8 without NUL.
/// </summary>
public static class AttributeCodec
{
    public static int ULongSize { get; } = OperatingSystem.IsWindows() ? 4 : 8;

    public static byte[] Bool(bool value) => [value ? (byte)1 : (byte)0];

    public static byte[] ULong(ulong value)
    {
        var bytes = new byte[ULongSize];
        if (ULongSize == 4) BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)value);
        else BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        if (!BitConverter.IsLittleEndian) Array.Reverse(bytes);
        return bytes;
    }

    public static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);

    public static bool ReadBool(CkAttribute a)
    {
        if (a.Value.Length != 1) throw Invalid(a, "a CK_BBOOL is one byte");
        return a.Value[0] != 0;
    }

    public static ulong ReadULong(CkAttribute a)
    {
        if (a.Value.Length != ULongSize) throw Invalid(a, $"a CK_ULONG is {ULongSize} bytes");
        var bytes = a.Value.AsSpan();
        if (!BitConverter.IsLittleEndian)
        {
            var copy = bytes.ToArray();
            Array.Reverse(copy);
            bytes = copy;
        }
        return ULongSize == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    public static string ReadUtf8(CkAttribute a)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(a.Value);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid(a, "not valid UTF-8");
        }
    }

    private static Pkcs11Exception Invalid(CkAttribute a, string why) =>
        new(CKR_ATTRIBUTE_VALUE_INVALID, $"attribute 0x{a.Type:X}: {why}");
}
