namespace SharpSC.VirtualCard;

/// <summary>Counters since the card was created or since the last <see cref="EmulatedCard.ResetStatistics"/>.</summary>
/// <param name="Apdus">Command APDUs processed.</param>
/// <param name="BytesIn">Command APDU bytes received.</param>
/// <param name="BytesOut">Response APDU bytes returned (data and status word).</param>
/// <param name="Resets">Warm resets and power-ups.</param>
/// <param name="ProcessingTime">Time spent inside <see cref="EmulatedCard.Process"/> (state saves included).</param>
public sealed record CardStatistics(long Apdus, long BytesIn, long BytesOut, long Resets, TimeSpan ProcessingTime);
