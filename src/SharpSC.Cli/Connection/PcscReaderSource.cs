using SharpSC.Cards.Transport;
using SharpSC.Cli.Errors;
using SharpSC.PCSC;

namespace SharpSC.Cli.Connection;

/// <summary>Readers through pcscd (SCardListReaders, then SCardGetStatusChange with no wait for the card states).</summary>
internal sealed class PcscReaderSource : IReaderSource
{
    public IReadOnlyList<ReaderInfo> List()
    {
        using var context = PcscContext.TryEstablish(out var error)
            ?? throw new CliException(ExitCodes.NoCard, PcscError.MeansNoService(error)
                ? "the PC/SC service (pcscd) is not running"
                : $"PC/SC is not available: {PcscError.Describe(error)}");
        var names = context.ListReaders();
        if (names.Length == 0)
            return [];
        var states = names.Select(n => new ReaderState(n)).ToList();
        var rv = context.GetStatusChange(TimeSpan.Zero, states);
        var known = rv == PcscError.Success;
        return states.Select((s, i) => new ReaderInfo(i, s.ReaderName,
            known && (s.EventFlags & ReaderStates.Present) != 0 && (s.EventFlags & ReaderStates.Mute) == 0,
            known ? s.Atr : [])).ToList();
    }

    public ICardTransport Connect(string readerName) => PcscCardTransport.Connect(readerName);
}
