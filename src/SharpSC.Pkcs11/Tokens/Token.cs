namespace SharpSC.Pkcs11.Tokens;

/// <summary>A card in a slot (placeholder until the token engine lands).</summary>
internal sealed class Token : IDisposable
{
    public void Dispose()
    {
    }
}
