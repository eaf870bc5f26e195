namespace SharpSC.Pkcs11.Module;

/// <summary>CK_TOKEN_INFO.</summary>
public sealed record TokenInfo
{
    public required string Label { get; init; }
    public required string ManufacturerId { get; init; }
    public required string Model { get; init; }
    public required string SerialNumber { get; init; }
    public ulong Flags { get; init; }
    public ulong MaxSessionCount { get; init; }
    public ulong SessionCount { get; init; }
    public ulong MaxRwSessionCount { get; init; }
    public ulong RwSessionCount { get; init; }
    public ulong MaxPinLen { get; init; }
    public ulong MinPinLen { get; init; }
    public ulong TotalPublicMemory { get; init; }
    public ulong FreePublicMemory { get; init; }
    public ulong TotalPrivateMemory { get; init; }
    public ulong FreePrivateMemory { get; init; }
    public CkVersion HardwareVersion { get; init; }
    public CkVersion FirmwareVersion { get; init; }
    public string UtcTime { get; init; } = "";
}

/// <summary>CK_MECHANISM_INFO.</summary>
public readonly record struct MechanismInfo(ulong MinKeySize, ulong MaxKeySize, ulong Flags);

/// <summary>CK_SESSION_INFO.</summary>
public readonly record struct SessionInfo(ulong SlotId, ulong State, ulong Flags, ulong DeviceError);
