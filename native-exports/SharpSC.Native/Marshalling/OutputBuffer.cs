using SharpSC.Pkcs11;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Native.Marshalling;

/// <summary>
/// The PKCS#11 3.0 §5.2 output convention: a NULL buffer asks for the length (CKR_OK); a buffer that
/// is too small gets CKR_BUFFER_TOO_SMALL and the length needed; otherwise the data and its length.
/// </summary>
internal static unsafe class OutputBuffer
{
    public static ulong Write(ReadOnlySpan<byte> data, byte* buffer, CULong* length)
    {
        if (length == null) return CKR_ARGUMENTS_BAD;
        if (buffer == null)
        {
            *length = Ck.U((ulong)data.Length);
            return CKR_OK;
        }
        if (length->Value < (ulong)data.Length)
        {
            *length = Ck.U((ulong)data.Length);
            return CKR_BUFFER_TOO_SMALL;
        }
        data.CopyTo(new Span<byte>(buffer, data.Length));
        *length = Ck.U((ulong)data.Length);
        return CKR_OK;
    }

    /// <summary>The same convention for CK_ULONG lists (slot IDs, mechanisms).</summary>
    public static ulong WriteList(IReadOnlyList<ulong> values, CULong* list, CULong* count)
    {
        if (count == null) return CKR_ARGUMENTS_BAD;
        if (list == null)
        {
            *count = Ck.U((ulong)values.Count);
            return CKR_OK;
        }
        if (count->Value < (ulong)values.Count)
        {
            *count = Ck.U((ulong)values.Count);
            return CKR_BUFFER_TOO_SMALL;
        }
        for (var i = 0; i < values.Count; i++) list[i] = Ck.U(values[i]);
        *count = Ck.U((ulong)values.Count);
        return CKR_OK;
    }

    /// <summary>Input bytes from the caller; NULL with a non-zero length is CKR_ARGUMENTS_BAD.</summary>
    public static ReadOnlySpan<byte> Input(byte* data, CULong length)
    {
        var n = Ck.Length(length);
        if (n == 0) return [];
        if (data == null) throw new Pkcs11Exception(CKR_ARGUMENTS_BAD, "NULL data with a non-zero length");
        return new ReadOnlySpan<byte>(data, n);
    }
}
