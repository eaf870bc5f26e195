namespace SharpSC.FullStack.Tests.Token;

/// <summary>The vpcd reader the token-engine tests use (the CLI and virtual-card tests use the other one).</summary>
public static class TokenReader
{
    public const int Port = 35963;
    public const string Name = "Virtual PCD 00 00";
    public const int OpenScIndex = 0;
    public const string Pin = "123456";
    public const string Puk = "0123456789abcdef";
}
