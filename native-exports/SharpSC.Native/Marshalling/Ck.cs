namespace SharpSC.Native.Marshalling;

/// <summary>CK_ULONG conversions at the boundary (CULong is 32-bit on Windows, 64-bit elsewhere).</summary>
internal static class Ck
{
    public static CULong U(ulong value) => new((nuint)value);

    public static ulong V(CULong value) => value.Value;

    /// <summary>A caller-supplied length as an int, or CKR_ARGUMENTS_BAD when absurd.</summary>
    public static int Length(CULong value) =>
        value.Value <= int.MaxValue ? (int)value.Value
            : throw new SharpSC.Pkcs11.Pkcs11Exception(SharpSC.Pkcs11.Constants.CKR.CKR_ARGUMENTS_BAD, $"length {value.Value} is too large");
}
