namespace SharpSC.VirtualCard.Link;

/// <summary>What the connection does with one APDU: send (part of) a response, and maybe close.</summary>
/// <param name="Response">The response APDU to frame and send; null to send nothing.</param>
/// <param name="SendBytes">How many bytes of the framed response to send (all when null).</param>
/// <param name="CloseAfter">Close the connection after sending.</param>
public sealed record LinkOutcome(byte[]? Response, int? SendBytes, bool CloseAfter)
{
    /// <summary>The connection ended (card removed, program stopping) while the command waited: nothing is sent.</summary>
    public static LinkOutcome Abandoned { get; } = new(null, null, false);
}
