using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Token;

/// <summary>
/// The vpcd reader the token-engine and client tests use (the CLI and virtual-card tests use the
/// other one). SHARPSC_TEST_TOKEN_PORT moves them to another vpcd port on a development machine.
/// </summary>
public static class TokenReader
{
    public static int Port { get; } = int.TryParse(Environment.GetEnvironmentVariable("SHARPSC_TEST_TOKEN_PORT"), out var p) ? p : 35963;

    public static string Name => Pcscd.VirtualReaders.First(r => r.Port == Port).Name;

    /// <summary>OpenSC's -r index of the reader.</summary>
    public static string OpenScIndex => Pcscd.OpenScReaderIndex(Name).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public const string Pin = "123456";
    public const string Puk = "0123456789abcdef";
}
