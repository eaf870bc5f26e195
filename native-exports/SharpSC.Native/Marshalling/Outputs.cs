using SharpSC.Pkcs11;
using SharpSC.Pkcs11.Module;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Native.Marshalling;

/// <summary>Engine <see cref="OutputResult"/>s to the caller's (buffer, length) pair, PKCS#11 3.0 §5.2.</summary>
internal static unsafe class Outputs
{
    public static OutputRequest Request(byte* buffer, CULong* length)
    {
        if (length == null) throw new Pkcs11Exception(CKR_ARGUMENTS_BAD, "NULL length pointer");
        return buffer == null ? OutputRequest.Query : OutputRequest.Buffer(length->Value);
    }

    public static ulong Write(OutputResult result, byte* buffer, CULong* length)
    {
        if (result.Rv == CKR_OK)
        {
            if (buffer != null && result.Data != null)
                result.Data.CopyTo(new Span<byte>(buffer, result.Data.Length));
            *length = Ck.U(result.Length);
        }
        else if (result.Rv == CKR_BUFFER_TOO_SMALL)
        {
            *length = Ck.U(result.Length);
        }
        return result.Rv;
    }
}
