namespace SharpSC.VirtualCard.Vpcd;

/// <summary>Where vpcd listens and how the card connects to it.</summary>
public sealed class VpcdClientOptions
{
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>vpcd's port: 35963 is reader "Virtual PCD 00 00", 35964 "Virtual PCD 00 01".</summary>
    public int Port { get; init; } = 35963;

    /// <summary>TCP_NODELAY and TCP_QUICKACK (switch off only to measure what they are worth).</summary>
    public bool TcpTuning { get; init; } = true;

    /// <summary>Pause between connection attempts while vpcd is not listening.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Pause before re-inserting the card after a fault rule dropped the connection.</summary>
    public TimeSpan ReinsertDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest time the connection thread spends in one wait before it looks whether it should stop.</summary>
    public TimeSpan WakeInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait for vpcd to accept a connection (a --host that drops packets).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait for the rest of a message once it has begun, and for a send to go out.</summary>
    public TimeSpan MessageTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Log every APDU (secrets redacted).</summary>
    public bool TraceApdus { get; init; }

    public string Endpoint => $"{Host}:{Port}";
}
