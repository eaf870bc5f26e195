using SharpSC.PCSC;
using SharpSC.PCSC.Native;

namespace SharpSC.Pkcs11.Tests.Support;

/// <summary>
/// A PC/SC resource manager in memory: one reader with a card in it, for in-process tests of the engine
/// (slot list, token registry and event baseline run their real code; the token device is the test's).
/// Nothing here connects to a card: the engine's device factory is replaced too.
/// </summary>
internal sealed class FakePcsc : IPcscNative
{
    public const string ReaderName = "SharpSC Test Reader 00";

    private const uint Counter = 1;

    public uint EstablishContext(out nint context)
    {
        context = 1;
        return PcscError.Success;
    }

    public uint ReleaseContext(nint context) => PcscError.Success;

    public uint IsValidContext(nint context) => PcscError.Success;

    public uint ListReaders(nint context, out string[] readers)
    {
        readers = [ReaderName];
        return PcscError.Success;
    }

    public uint GetStatusChange(nint context, uint timeoutMs, IReadOnlyList<ReaderState> states)
    {
        var changed = false;
        foreach (var state in states)
        {
            var now = state.ReaderName == ReaderName ? (Counter << 16) | (uint)ReaderStates.Present
                : state.ReaderName == ReaderState.PnpNotification ? state.CurrentState & ~(uint)ReaderStates.Changed
                : (uint)ReaderStates.Unknown;
            if ((now & ~(uint)ReaderStates.Changed) != (state.CurrentState & ~(uint)ReaderStates.Changed))
            {
                now |= (uint)ReaderStates.Changed;
                changed = true;
            }
            state.EventState = now;
        }
        if (changed) return PcscError.Success;
        if (timeoutMs > 0) Thread.Sleep((int)Math.Min(timeoutMs, 50));
        return PcscError.Timeout;
    }

    public uint Cancel(nint context) => PcscError.Success;

    public uint Connect(nint context, string reader, ShareMode share, CardProtocols preferred, out nint card, out CardProtocols active)
    {
        card = 0;
        active = CardProtocols.None;
        return PcscError.NoSmartcard;
    }

    public uint Reconnect(nint card, ShareMode share, CardProtocols preferred, Disposition initialization, out CardProtocols active)
    {
        active = CardProtocols.None;
        return PcscError.InvalidHandle;
    }

    public uint Disconnect(nint card, Disposition disposition) => PcscError.InvalidHandle;

    public uint BeginTransaction(nint card) => PcscError.InvalidHandle;

    public uint EndTransaction(nint card, Disposition disposition) => PcscError.InvalidHandle;

    public uint Transmit(nint card, CardProtocols protocol, ReadOnlySpan<byte> send, Span<byte> receive, out int received)
    {
        received = 0;
        return PcscError.InvalidHandle;
    }

    public uint Status(nint card, out uint state, out CardProtocols protocol, out byte[] atr)
    {
        state = 0;
        protocol = CardProtocols.None;
        atr = [];
        return PcscError.InvalidHandle;
    }

    public uint Control(nint card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int returned)
    {
        returned = 0;
        return PcscError.InvalidHandle;
    }

    public uint ControlCode(uint function) => function;
}
