using System.Runtime.InteropServices;

namespace SharpSC.FullStack.Tests.VirtualCard;

/// <summary>
/// A minimal PC/SC client over libpcsclite (pcsc-lite: LONG and DWORD are C longs), enough to send APDUs
/// through pcscd to the virtual card and time them. Not the product's SharpSC.PCSC layer.
/// </summary>
internal sealed partial class PcscTestClient : IDisposable
{
    private const string Library = "libpcsclite.so.1";
    private const nuint ScopeSystem = 2;
    private const nuint ShareShared = 2;
    private const nuint ProtocolT1 = 2;
    private const nuint LeaveCard = 0;

    private readonly nint _context;
    private nint _card;

    public PcscTestClient(string reader)
    {
        Check(SCardEstablishContext(ScopeSystem, 0, 0, out _context), "SCardEstablishContext");
        Check(SCardConnect(_context, reader, ShareShared, ProtocolT1, out _card, out _), "SCardConnect " + reader);
    }

    /// <summary>Sends one APDU; throws PcscException when the transmission itself fails.</summary>
    public byte[] Transmit(byte[] apdu)
    {
        var request = new IoRequest { Protocol = ProtocolT1, Length = (nuint)Marshal.SizeOf<IoRequest>() };
        var buffer = new byte[65538];
        var length = (nuint)buffer.Length;
        Check(SCardTransmit(_card, ref request, apdu, (nuint)apdu.Length, 0, buffer, ref length), "SCardTransmit");
        return buffer[..(int)length];
    }

    /// <summary>SCardBeginTransaction: other hosts wait until <see cref="EndTransaction"/>.</summary>
    public void BeginTransaction() => Check(SCardBeginTransaction(_card), "SCardBeginTransaction");

    public void EndTransaction() => Check(SCardEndTransaction(_card, LeaveCard), "SCardEndTransaction");

    public void Dispose()
    {
        if (_card != 0) _ = SCardDisconnect(_card, LeaveCard);
        _card = 0;
        _ = SCardReleaseContext(_context);
    }

    private static void Check(nint result, string what)
    {
        if (result != 0) throw new PcscException($"{what} failed: 0x{(uint)result:X8}");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct IoRequest
    {
        public nuint Protocol;
        public nuint Length;
    }

    [LibraryImport(Library)]
    private static partial nint SCardEstablishContext(nuint scope, nint reserved1, nint reserved2, out nint context);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint SCardConnect(nint context, string reader, nuint shareMode, nuint protocols, out nint card, out nuint activeProtocol);

    [LibraryImport(Library)]
    private static partial nint SCardTransmit(nint card, ref IoRequest sendPci, byte[] send, nuint sendLength, nint receivePci, byte[] receive, ref nuint receiveLength);

    [LibraryImport(Library)]
    private static partial nint SCardDisconnect(nint card, nuint disposition);

    [LibraryImport(Library)]
    private static partial nint SCardBeginTransaction(nint card);

    [LibraryImport(Library)]
    private static partial nint SCardEndTransaction(nint card, nuint disposition);

    [LibraryImport(Library)]
    private static partial nint SCardReleaseContext(nint context);
}

internal sealed class PcscException(string message) : Exception(message);
