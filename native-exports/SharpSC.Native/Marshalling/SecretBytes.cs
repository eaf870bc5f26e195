using System.Security.Cryptography;

namespace SharpSC.Native.Marshalling;

/// <summary>
/// A PIN (or other secret) copied from the caller: <see cref="Value"/> is null for a NULL pointer
/// (protected authentication path), and the copy is zeroed on dispose.
/// </summary>
internal readonly unsafe struct SecretBytes : IDisposable
{
    public byte[]? Value { get; }

    private SecretBytes(byte[]? value) => Value = value;

    public static SecretBytes From(byte* p, CULong length)
    {
        if (p == null) return new SecretBytes(null);
        return new SecretBytes(OutputBuffer.Input(p, length).ToArray());
    }

    public void Dispose()
    {
        if (Value != null) CryptographicOperations.ZeroMemory(Value);
    }
}
