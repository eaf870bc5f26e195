using System.Runtime.InteropServices;

namespace SharpSC.PCSC.Native;

/// <summary>pcsc-lite (Linux, BSD): DWORD and LONG are C 'unsigned long'/'long', pointer-sized on 64-bit.</summary>
internal sealed unsafe partial class PcscLiteNative : IPcscNative
{
    private const string Lib = "libpcsclite.so.1";
    private const int MaxAtrSize = 33;
    private const uint ScopeSystem = 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct ReaderStateNative
    {
        public byte* Reader;
        public void* UserData;
        public nuint CurrentState;
        public nuint EventState;
        public nuint AtrLength;
        public fixed byte Atr[MaxAtrSize];
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct IoRequest
    {
        public nuint Protocol;
        public nuint PciLength;
    }

    [LibraryImport(Lib)] private static partial nint SCardEstablishContext(nuint scope, void* r1, void* r2, nint* context);
    [LibraryImport(Lib)] private static partial nint SCardReleaseContext(nint context);
    [LibraryImport(Lib)] private static partial nint SCardIsValidContext(nint context);
    [LibraryImport(Lib)] private static partial nint SCardListReaders(nint context, byte* groups, byte* readers, nuint* length);
    [LibraryImport(Lib)] private static partial nint SCardGetStatusChange(nint context, nuint timeout, ReaderStateNative* states, nuint count);
    [LibraryImport(Lib)] private static partial nint SCardCancel(nint context);
    [LibraryImport(Lib)] private static partial nint SCardConnect(nint context, byte* reader, nuint share, nuint protocols, nint* card, nuint* active);
    [LibraryImport(Lib)] private static partial nint SCardReconnect(nint card, nuint share, nuint protocols, nuint init, nuint* active);
    [LibraryImport(Lib)] private static partial nint SCardDisconnect(nint card, nuint disposition);
    [LibraryImport(Lib)] private static partial nint SCardBeginTransaction(nint card);
    [LibraryImport(Lib)] private static partial nint SCardEndTransaction(nint card, nuint disposition);
    [LibraryImport(Lib)] private static partial nint SCardTransmit(nint card, IoRequest* sendPci, byte* send, nuint sendLength, IoRequest* recvPci, byte* recv, nuint* recvLength);
    [LibraryImport(Lib)] private static partial nint SCardStatus(nint card, byte* names, nuint* namesLength, nuint* state, nuint* protocol, byte* atr, nuint* atrLength);
    [LibraryImport(Lib)] private static partial nint SCardControl(nint card, nuint code, byte* input, nuint inputLength, byte* output, nuint outputLength, nuint* returned);

    private static uint Code(nint rv) => unchecked((uint)rv);

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
            nuint length = 0;
            var rv = Code(SCardListReaders(context, null, null, &length));
            if (rv != PcscError.Success) return rv;
            var buffer = new byte[(int)length + 1];
            fixed (byte* p = buffer)
            {
                rv = Code(SCardListReaders(context, null, p, &length));
            }
            if (rv == PcscError.InsufficientBuffer) continue; // a reader arrived between the two calls
            if (rv != PcscError.Success) return rv;
            readers = MultiString.Split(buffer.AsSpan(0, (int)Math.Min(length, (nuint)buffer.Length)));
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
                rv = Code(SCardGetStatusChange(context, timeoutMs, p, (nuint)native.Length));
            }
            for (var i = 0; i < states.Count; i++)
            {
                states[i].EventState = (uint)native[i].EventState;
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
        nuint proto = 0;
        uint rv;
        fixed (byte* p = name)
        {
            rv = Code(SCardConnect(context, p, (nuint)share, (nuint)preferred, &h, &proto));
        }
        card = h;
        active = (CardProtocols)(uint)proto;
        return rv;
    }

    public uint Reconnect(nint card, ShareMode share, CardProtocols preferred, Disposition initialization, out CardProtocols active)
    {
        nuint proto = 0;
        var rv = Code(SCardReconnect(card, (nuint)share, (nuint)preferred, (nuint)initialization, &proto));
        active = (CardProtocols)(uint)proto;
        return rv;
    }

    public uint Disconnect(nint card, Disposition disposition) => Code(SCardDisconnect(card, (nuint)disposition));

    public uint BeginTransaction(nint card) => Code(SCardBeginTransaction(card));

    public uint EndTransaction(nint card, Disposition disposition) => Code(SCardEndTransaction(card, (nuint)disposition));

    public uint Transmit(nint card, CardProtocols protocol, ReadOnlySpan<byte> send, Span<byte> receive, out int received)
    {
        var pci = new IoRequest { Protocol = (nuint)protocol, PciLength = (nuint)sizeof(IoRequest) };
        nuint length = (nuint)receive.Length;
        uint rv;
        fixed (byte* s = send)
        fixed (byte* r = receive)
        {
            rv = Code(SCardTransmit(card, &pci, s, (nuint)send.Length, null, r, &length));
        }
        received = (int)Math.Min(length, (nuint)receive.Length);
        return rv;
    }

    public uint Status(nint card, out uint state, out CardProtocols protocol, out byte[] atr)
    {
        var buffer = stackalloc byte[MaxAtrSize];
        nuint atrLength = MaxAtrSize, st = 0, proto = 0, namesLength = 0;
        var rv = Code(SCardStatus(card, null, &namesLength, &st, &proto, buffer, &atrLength));
        state = (uint)st;
        protocol = (CardProtocols)(uint)proto;
        atr = new ReadOnlySpan<byte>(buffer, (int)Math.Min(atrLength, MaxAtrSize)).ToArray();
        return rv;
    }

    public uint Control(nint card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int returned)
    {
        nuint n = 0;
        uint rv;
        fixed (byte* i = input)
        fixed (byte* o = output)
        {
            rv = Code(SCardControl(card, controlCode, i, (nuint)input.Length, o, (nuint)output.Length, &n));
        }
        returned = (int)Math.Min(n, (nuint)output.Length);
        return rv;
    }

    public uint ControlCode(uint function) => 0x42000000u + function;
}
