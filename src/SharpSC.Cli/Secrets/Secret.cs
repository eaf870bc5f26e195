using System.Security.Cryptography;

namespace SharpSC.Cli.Secrets;

/// <summary>A PIN, PUK or passphrase in a buffer that is zeroed when disposed. Never printed, never logged.</summary>
internal sealed class Secret : IDisposable
{
    private readonly byte[] _bytes;

    public Secret(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Span => _bytes;

    public ReadOnlyMemory<byte> Memory => _bytes;

    public int Length => _bytes.Length;

    /// <summary>The secret as characters (PKCS#12 passphrases); the caller clears the array.</summary>
    public char[] ToChars() => System.Text.Encoding.UTF8.GetChars(_bytes);

    public void Dispose() => CryptographicOperations.ZeroMemory(_bytes);

    public override string ToString() => "<secret>";
}
