namespace SharpSC.PCSC;

/// <summary>A PC/SC call failed; <see cref="Code"/> is the SCARD_* return code.</summary>
public sealed class PcscException : Exception
{
    public uint Code { get; }

    public PcscException(string operation, uint code)
        : base($"{operation}: {PcscError.Describe(code)} (0x{code:X8})")
    {
        Code = code;
    }
}
