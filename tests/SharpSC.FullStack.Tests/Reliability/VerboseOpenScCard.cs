using SharpSC.FullStack.Tests.Token;

namespace SharpSC.FullStack.Tests.Reliability;

/// <summary>The OpenSC-personalised card, logging every APDU it answers (redacted) so tests can count them.</summary>
public sealed class VerboseOpenScCard() : OpenScCard(verbose: true)
{
    /// <summary>VERIFY commands carrying a user PIN (00 20 00 01 with data) the card has received so far; PIN status queries (no data) are not counted.</summary>
    public int UserPinVerifies => Card.Output.Split('\n').Count(l => l.Contains("> 00200001 [data redacted]", StringComparison.Ordinal));
}
