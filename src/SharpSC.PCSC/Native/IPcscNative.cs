namespace SharpSC.PCSC.Native;

/// <summary>
/// The PC/SC C API with each platform's widths hidden: pcsc-lite (DWORD = unsigned long, 8 bytes on
/// 64-bit Linux), winscard (32-bit DWORD, 36-byte ATR buffer) and macOS PCSC.framework (32-bit DWORD,
/// 32-bit handles, packed SCARD_READERSTATE). Every method returns the SCARD_* code.
/// </summary>
internal interface IPcscNative
{
    uint EstablishContext(out nint context);
    uint ReleaseContext(nint context);
    uint IsValidContext(nint context);
    uint ListReaders(nint context, out string[] readers);
    uint GetStatusChange(nint context, uint timeoutMs, IReadOnlyList<ReaderState> states);
    uint Cancel(nint context);
    uint Connect(nint context, string reader, ShareMode share, CardProtocols preferred, out nint card, out CardProtocols active);
    uint Reconnect(nint card, ShareMode share, CardProtocols preferred, Disposition initialization, out CardProtocols active);
    uint Disconnect(nint card, Disposition disposition);
    uint BeginTransaction(nint card);
    uint EndTransaction(nint card, Disposition disposition);
    uint Transmit(nint card, CardProtocols protocol, ReadOnlySpan<byte> send, Span<byte> receive, out int received);
    uint Status(nint card, out uint state, out CardProtocols protocol, out byte[] atr);
    uint Control(nint card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int returned);

    /// <summary>SCARD_CTL_CODE(function) as the platform defines it.</summary>
    uint ControlCode(uint function);
}
