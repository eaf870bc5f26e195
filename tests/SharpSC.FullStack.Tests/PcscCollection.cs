namespace SharpSC.FullStack.Tests;

/// <summary>
/// Every full-stack test shares the machine's one pcscd and its two vpcd readers, so they run one
/// class at a time, never in parallel.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PcscCollection
{
    public const string Name = "pcsc";
}
