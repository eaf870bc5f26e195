namespace SharpSC.Cards.Transport;

/// <summary>
/// APDU counters of one channel: every physical exchange (GET RESPONSE rounds and chain links included).
/// Read by benchmarks and tests to pin the APDU economy.
/// </summary>
public sealed class ApduStatistics
{
    private long _commands;
    private long _bytesSent;
    private long _bytesReceived;

    public long Commands => Interlocked.Read(ref _commands);
    public long BytesSent => Interlocked.Read(ref _bytesSent);
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    public void Reset()
    {
        Interlocked.Exchange(ref _commands, 0);
        Interlocked.Exchange(ref _bytesSent, 0);
        Interlocked.Exchange(ref _bytesReceived, 0);
    }

    internal void Count(int sent, int received)
    {
        Interlocked.Increment(ref _commands);
        Interlocked.Add(ref _bytesSent, sent);
        Interlocked.Add(ref _bytesReceived, received);
    }

    public override string ToString() => $"{Commands} APDUs, {BytesSent} bytes sent, {BytesReceived} bytes received";
}
