using System.Runtime.InteropServices;

namespace SharpSC.PCSC.Native;

/// <summary>
/// macOS PCSC.framework: 32-bit DWORD/LONG, 32-bit SCARDCONTEXT/SCARDHANDLE, and SCARD_READERSTATE
/// packed to 1 byte (Apple's pcsclite.h uses #pragma pack(1)).
/// </summary>
internal sealed unsafe partial class MacPcscNative : IPcscNative
{
    private const string Lib = "/System/Library/Frameworks/PCSC.framework/PCSC";
    private const int MaxAtrSize = 33;
    private const uint ScopeSystem = 2;

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private struct ReaderStateNative
    {
        public byte* Reader;
        public void* UserData;
        public uint CurrentState;
        public uint EventState;
        public uint AtrLength;
        public fixed byte Atr[MaxAtrSize];
    }

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private struct IoRequest
    {
        public uint Protocol;
        public uint PciLength;
    }

    [LibraryImport(Lib)] private static partial int SCardEstablishContext(uint scope, void* r1, void* r2, int* context);
    [LibraryImport(Lib)] private static partial int SCardReleaseContext(int context);
    [LibraryImport(Lib)] private static partial int SCardIsValidContext(int context);
    [LibraryImport(Lib)] private static partial int SCardListReaders(int context, byte* groups, byte* readers, uint* length);
    [LibraryImport(Lib)] private static partial int SCardGetStatusChange(int context, uint timeout, ReaderStateNative* states, uint count);
    [LibraryImport(Lib)] private static partial int SCardCancel(int context);
    [LibraryImport(Lib)] private static partial int SCardConnect(int context, byte* reader, uint share, uint protocols, int* card, uint* active);
    [LibraryImport(Lib)] private static partial int SCardReconnect(int card, uint share, uint protocols, uint init, uint* active);
    [LibraryImport(Lib)] private static partial int SCardDisconnect(int card, uint disposition);
    [LibraryImport(Lib)] private static partial int SCardBeginTransaction(int card);
    [LibraryImport(Lib)] private static partial int SCardEndTransaction(int card, uint disposition);
    [LibraryImport(Lib)] private static partial int SCardTransmit(int card, IoRequest* sendPci, byte* send, uint sendLength, IoRequest* recvPci, byte* recv, uint* recvLength);
    [LibraryImport(Lib)] private static partial int SCardStatus(int card, byte* names, uint* namesLength, uint* state, uint* protocol, byte* atr, uint* atrLength);
    [LibraryImport(Lib)] private static partial int SCardControl132(int card, uint code, byte* input, uint inputLength, byte* output, uint outputLength, uint* returned);

    private static uint Code(int rv) => unchecked((uint)rv);

    public uint EstablishContext(out nint context)
    {
        int c = 0;
        var rv = Code(SCardEstablishContext(ScopeSystem, null, null, &c));
        context = c;
        return rv;
    }

    public uint ReleaseContext(nint context) => Code(SCardReleaseContext((int)context));

    public uint IsValidContext(nint context) => Code(SCardIsValidContext((int)context));

    public uint ListReaders(nint context, out string[] readers)
    {
        readers = [];
        uint length = 0;
        var rv = Code(SCardListReaders((int)context, null, null, &length));
        if (rv != PcscError.Success) return rv;
        var buffer = new byte[length + 1];
        fixed (byte* p = buffer)
        {
            rv = Code(SCardListReaders((int)context, null, p, &length));
        }
        if (rv == PcscError.Success)
            readers = MultiString.Split(buffer.AsSpan(0, (int)Math.Min(length, (uint)buffer.Length)));
        return rv;
    }

    public uint GetStatusChange(nint context, uint timeoutMs, IReadOnlyList<ReaderState> states)
    {
        var names = states.Select(s => GCHandle.Alloc(MultiString.NulTerminated(s.ReaderName), GCHandleType.Pinned)).ToArray();
        try
        {
            var native = new ReaderStateNative[states.Count];
            for (var i = 0; i < states.Count; i++)
            {
                native[i].Reader = (byte*)names[i].AddrOfPinnedObject();
                native[i].CurrentState = states[i].CurrentState;
            }
            uint rv;
            fixed (ReaderStateNative* p = native)
            {
                rv = Code(SCardGetStatusChange((int)context, timeoutMs, p, (uint)native.Length));
            }
            for (var i = 0; i < states.Count; i++)
            {
                states[i].EventState = native[i].EventState;
                var atr = new byte[Math.Min(native[i].AtrLength, MaxAtrSize)];
                for (var k = 0; k < atr.Length; k++) atr[k] = native[i].Atr[k];
                states[i].Atr = atr;
            }
            return rv;
        }
        finally
        {
            foreach (var h in names) h.Free();
        }
    }

    public uint Cancel(nint context) => Code(SCardCancel((int)context));

    public uint Connect(nint context, string reader, ShareMode share, CardProtocols preferred, out nint card, out CardProtocols active)
    {
        var name = MultiString.NulTerminated(reader);
        int h = 0;
        uint proto = 0;
        uint rv;
        fixed (byte* p = name)
        {
            rv = Code(SCardConnect((int)context, p, (uint)share, (uint)preferred, &h, &proto));
        }
        card = h;
        active = (CardProtocols)proto;
        return rv;
    }

    public uint Reconnect(nint card, ShareMode share, CardProtocols preferred, Disposition initialization, out CardProtocols active)
    {
        uint proto = 0;
        var rv = Code(SCardReconnect((int)card, (uint)share, (uint)preferred, (uint)initialization, &proto));
        active = (CardProtocols)proto;
        return rv;
    }

    public uint Disconnect(nint card, Disposition disposition) => Code(SCardDisconnect((int)card, (uint)disposition));

    public uint BeginTransaction(nint card) => Code(SCardBeginTransaction((int)card));

    public uint EndTransaction(nint card, Disposition disposition) => Code(SCardEndTransaction((int)card, (uint)disposition));

    public uint Transmit(nint card, CardProtocols protocol, ReadOnlySpan<byte> send, Span<byte> receive, out int received)
    {
        var pci = new IoRequest { Protocol = (uint)protocol, PciLength = (uint)sizeof(IoRequest) };
        uint length = (uint)receive.Length;
        uint rv;
        fixed (byte* s = send)
        fixed (byte* r = receive)
        {
            rv = Code(SCardTransmit((int)card, &pci, s, (uint)send.Length, null, r, &length));
        }
        received = (int)Math.Min(length, (uint)receive.Length);
        return rv;
    }

    public uint Status(nint card, out uint state, out CardProtocols protocol, out byte[] atr)
    {
        var buffer = stackalloc byte[MaxAtrSize];
        uint atrLength = MaxAtrSize, st = 0, proto = 0, namesLength = 0;
        var rv = Code(SCardStatus((int)card, null, &namesLength, &st, &proto, buffer, &atrLength));
        state = st;
        protocol = (CardProtocols)proto;
        atr = new ReadOnlySpan<byte>(buffer, (int)Math.Min(atrLength, MaxAtrSize)).ToArray();
        return rv;
    }

    // Apple exports the PC/SC v2 SCardControl as SCardControl132.
    public uint Control(nint card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int returned)
    {
        uint n = 0;
        uint rv;
        fixed (byte* i = input)
        fixed (byte* o = output)
        {
            rv = Code(SCardControl132((int)card, controlCode, i, (uint)input.Length, o, (uint)output.Length, &n));
        }
        returned = (int)Math.Min(n, (uint)output.Length);
        return rv;
    }

    public uint ControlCode(uint function) => 0x42000000u + function;
}
