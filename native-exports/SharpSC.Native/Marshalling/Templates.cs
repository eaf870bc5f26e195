using SharpSC.Native.Abi;
using SharpSC.Pkcs11;
using SharpSC.Pkcs11.Objects;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Native.Marshalling;

/// <summary>CK_ATTRIBUTE arrays in and out.</summary>
internal static unsafe class Templates
{
    // No attribute we accept is anywhere near this; a larger length is a caller bug, not data.
    private const ulong MaxValueLength = 16 * 1024 * 1024;

    /// <summary>Copies an input template (C_CreateObject, C_FindObjectsInit ...).</summary>
    public static CkAttribute[] Read(CK_ATTRIBUTE* template, CULong count)
    {
        var n = Ck.Length(count);
        if (n == 0) return [];
        if (template == null) throw new Pkcs11Exception(CKR_ARGUMENTS_BAD, "NULL template with a non-zero count");
        var result = new CkAttribute[n];
        for (var i = 0; i < n; i++)
        {
            var a = template[i];
            var length = a.ulValueLen.Value;
            if (length > MaxValueLength)
                throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, $"attribute 0x{a.type.Value:X} has a length of {length}");
            if (a.pValue == null && length != 0)
                throw new Pkcs11Exception(CKR_ARGUMENTS_BAD, $"attribute 0x{a.type.Value:X} has a NULL value with length {length}");
            var value = length == 0 ? [] : new ReadOnlySpan<byte>(a.pValue, (int)length).ToArray();
            result[i] = new CkAttribute(a.type.Value, value);
        }
        return result;
    }

    /// <summary>The attribute types of a C_GetAttributeValue template.</summary>
    public static ulong[] Types(CK_ATTRIBUTE* template, int count)
    {
        var types = new ulong[count];
        for (var i = 0; i < count; i++) types[i] = template[i].type.Value;
        return types;
    }

    /// <summary>
    /// PKCS#11 3.0 §5.7 C_GetAttributeValue: every attribute is processed; unavailable ones get
    /// CK_UNAVAILABLE_INFORMATION; the call returns one of CKR_ATTRIBUTE_SENSITIVE,
    /// CKR_ATTRIBUTE_TYPE_INVALID, CKR_BUFFER_TOO_SMALL when any attribute had that problem.
    /// </summary>
    public static ulong WriteValues(CK_ATTRIBUTE* template, IReadOnlyList<AttributeValue> values)
    {
        var rv = CKR_OK;
        var unavailable = new CULong(unchecked((nuint)(OperatingSystem.IsWindows() ? uint.MaxValue : ulong.MaxValue)));
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i];
            if (v.Status != CKR_OK || v.Value == null)
            {
                template[i].ulValueLen = unavailable;
                if (rv == CKR_OK) rv = v.Status == CKR_OK ? CKR_ATTRIBUTE_TYPE_INVALID : v.Status;
                continue;
            }
            if (template[i].pValue == null)
            {
                template[i].ulValueLen = Ck.U((ulong)v.Value.Length);
                continue;
            }
            if (template[i].ulValueLen.Value < (ulong)v.Value.Length)
            {
                template[i].ulValueLen = unavailable;
                if (rv == CKR_OK) rv = CKR_BUFFER_TOO_SMALL;
                continue;
            }
            v.Value.CopyTo(new Span<byte>(template[i].pValue, v.Value.Length));
            template[i].ulValueLen = Ck.U((ulong)v.Value.Length);
        }
        return rv;
    }
}
