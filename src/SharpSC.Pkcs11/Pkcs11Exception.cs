using SharpSC.Pkcs11.Constants;

namespace SharpSC.Pkcs11;

/// <summary>
/// The one error type of the engine: carries the CKR_* code the caller gets. Lower-layer failures
/// (card status words, PC/SC errors, format errors) are translated into it once, in ErrorMapping.
/// </summary>
public sealed class Pkcs11Exception : Exception
{
    public ulong Code { get; }

    public Pkcs11Exception(ulong code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
    }

    public override string ToString() => $"{CkrNames.Name(Code)}: {Message}";
}
