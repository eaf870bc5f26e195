namespace SharpSC.Pkcs11.Module;

/// <summary>
/// What the caller offered for an output (PKCS#11 3.0 §5.2): no buffer (a length query) or a buffer
/// of some capacity. Lets the engine answer a query or a short buffer without ending the operation.
/// </summary>
public readonly record struct OutputRequest(bool IsQuery, ulong Capacity)
{
    public static OutputRequest Query => new(true, 0);

    public static OutputRequest Buffer(ulong capacity) => new(false, capacity);
}

/// <summary>The engine's answer to an <see cref="OutputRequest"/>: CKR code, the data (when produced) and the length to report.</summary>
public readonly record struct OutputResult(ulong Rv, byte[]? Data, ulong Length)
{
    public static OutputResult Produced(byte[] data) => new(Constants.CKR.CKR_OK, data, (ulong)data.Length);

    public static OutputResult LengthOnly(ulong length) => new(Constants.CKR.CKR_OK, null, length);

    public static OutputResult TooSmall(ulong length) => new(Constants.CKR.CKR_BUFFER_TOO_SMALL, null, length);
}
