using System.Runtime.InteropServices;

namespace SharpSC.PCSC.Native;

/// <summary>Windows winscard.dll: 32-bit DWORD/LONG, pointer-sized handles, ANSI entry points, 36-byte ATR buffer.</summary>
internal sealed unsafe partial class WinScardNative : IPcscNative
{
    private const string Lib = "winscard.dll";
    private const int MaxAtrSize = 36;
    private const uint ScopeSystem = 2;
    private const uint ProtocolRaw = 0x10000;

    [StructLayout(LayoutKind.Sequential)]
    private struct ReaderStateNative
    {
        public byte* Reader;
        public void* UserData;
        public uint CurrentState;
        public uint EventState;
        public uint AtrLength;
        public fixed byte Atr[MaxAtrSize];
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct IoRequest
    {
        public uint Protocol;
        public uint PciLength;
    }

    [LibraryImport(Lib)] private static partial int SCardEstablishContext(uint scope, void* r1, void* r2, nint* context);
    [LibraryImport(Lib)] private static partial int SCardReleaseContext(nint context);
    [LibraryImport(Lib)] private static partial int SCardIsValidContext(nint context);
    [LibraryImport(Lib)] private static partial int SCardListReadersA(nint context, byte* groups, byte* readers, uint* length);
    [LibraryImport(Lib)] private static partial int SCardGetStatusChangeA(nint context, uint timeout, ReaderStateNative* states, uint count);
    [LibraryImport(Lib)] private static partial int SCardCancel(nint context);
    [LibraryImport(Lib)] private static partial int SCardConnectA(nint context, byte* reader, uint share, uint protocols, nint* card, uint* active);
    [LibraryImport(Lib)] private static partial int SCardReconnect(nint card, uint share, uint protocols, uint init, uint* active);
    [LibraryImport(Lib)] private static partial int SCardDisconnect(nint card, uint disposition);
    [LibraryImport(Lib)] private static partial int SCardBeginTransaction(nint card);
    [LibraryImport(Lib)] private static partial int SCardEndTransaction(nint card, uint disposition);
    [LibraryImport(Lib)] private static partial int SCardTransmit(nint card, IoRequest* sendPci, byte* send, uint sendLength, IoRequest* recvPci, byte* recv, uint* recvLength);
    [LibraryImport(Lib)] private static partial int SCardStatusA(nint card, byte* names, uint* namesLength, uint* state, uint* protocol, byte* atr, uint* atrLength);
    [LibraryImport(Lib)] private static partial int SCardControl(nint card, uint code, byte* input, uint inputLength, byte* output, uint outputLength, uint* returned);

    private static uint Code(int rv) => unchecked((uint)rv);

    private static uint ToNative(CardProtocols p) => (uint)p;

    public uint EstablishContext(out nint context)
    {
        nint c = 0;
        var rv = Code(SCardEstablishContext(ScopeSystem, null, null, &c));
        context = c;
        return rv;
    }

    public uint ReleaseContext(nint context) => Code(SCardReleaseContext(context));

    public uint IsValidContext(nint context) => Code(SCardIsValidContext(context));

    public uint ListReaders(nint context, out string[] readers)
    {
        readers = [];
        for (var attempt = 0; attempt < 4; attempt++)
        {
            uint length = 0;
            var rv = Code(SCardListReadersA(context, null, null, &length));
            if (rv != PcscError.Success) return rv;
            var buffer = new byte[length + 1];
            fixed (byte* p = buffer)
            {
                rv = Code(SCardListReadersA(context, null, p, &length));
            }
            if (rv == PcscError.InsufficientBuffer) continue;
            if (rv != PcscError.Success) return rv;
            readers = MultiString.Split(buffer.AsSpan(0, (int)Math.Min(length, (uint)buffer.Length)));
            return rv;
        }
        return PcscError.InsufficientBuffer;
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
                rv = Code(SCardGetStatusChangeA(context, timeoutMs, p, (uint)native.Length));
            }
            for (var i = 0; i < states.Count; i++)
            {
                states[i].EventState = native[i].EventState;
                var n = (int)Math.Min(native[i].AtrLength, MaxAtrSize);
                var atr = new byte[n];
                for (var k = 0; k < n; k++) atr[k] = native[i].Atr[k];
                states[i].Atr = atr;
            }
            return rv;
        }
        finally
        {
            foreach (var h in names) h.Free();
        }
    }

    public uint Cancel(nint context) => Code(SCardCancel(context));

    public uint Connect(nint context, string reader, ShareMode share, CardProtocols preferred, out nint card, out CardProtocols active)
    {
        var name = MultiString.NulTerminated(reader);
        nint h = 0;
        uint proto = 0;
        uint rv;
        fixed (byte* p = name)
        {
            rv = Code(SCardConnectA(context, p, (uint)share, ToNative(preferred), &h, &proto));
        }
        card = h;
        active = (CardProtocols)(proto & ~ProtocolRaw);
        return rv;
    }

    public uint Reconnect(nint card, ShareMode share, CardProtocols preferred, Disposition initialization, out CardProtocols active)
    {
        uint proto = 0;
        var rv = Code(SCardReconnect(card, (uint)share, ToNative(preferred), (uint)initialization, &proto));
        active = (CardProtocols)(proto & ~ProtocolRaw);
        return rv;
    }

    public uint Disconnect(nint card, Disposition disposition) => Code(SCardDisconnect(card, (uint)disposition));

    public uint BeginTransaction(nint card) => Code(SCardBeginTransaction(card));

    public uint EndTransaction(nint card, Disposition disposition) => Code(SCardEndTransaction(card, (uint)disposition));

    public uint Transmit(nint card, CardProtocols protocol, ReadOnlySpan<byte> send, Span<byte> receive, out int received)
    {
        var pci = new IoRequest { Protocol = ToNative(protocol), PciLength = (uint)sizeof(IoRequest) };
        uint length = (uint)receive.Length;
        uint rv;
        fixed (byte* s = send)
        fixed (byte* r = receive)
        {
            rv = Code(SCardTransmit(card, &pci, s, (uint)send.Length, null, r, &length));
        }
        received = (int)Math.Min(length, (uint)receive.Length);
        return rv;
    }

    public uint Status(nint card, out uint state, out CardProtocols protocol, out byte[] atr)
    {
        var buffer = stackalloc byte[MaxAtrSize];
        uint atrLength = MaxAtrSize, st = 0, proto = 0, namesLength = 0;
        var rv = Code(SCardStatusA(card, null, &namesLength, &st, &proto, buffer, &atrLength));
        state = st;
        protocol = (CardProtocols)(proto & ~ProtocolRaw);
        atr = new ReadOnlySpan<byte>(buffer, (int)Math.Min(atrLength, MaxAtrSize)).ToArray();
        return rv;
    }

    public uint Control(nint card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int returned)
    {
        uint n = 0;
        uint rv;
        fixed (byte* i = input)
        fixed (byte* o = output)
        {
            rv = Code(SCardControl(card, controlCode, i, (uint)input.Length, o, (uint)output.Length, &n));
        }
        returned = (int)Math.Min(n, (uint)output.Length);
        return rv;
    }

    // CTL_CODE(FILE_DEVICE_SMARTCARD, function, METHOD_BUFFERED, FILE_ANY_ACCESS)
    public uint ControlCode(uint function) => (0x31u << 16) | (function << 2);
}
