namespace SharpSC.PCSC;

/// <summary>SCARD_STATE_* bits of a reader state (the upper 16 bits carry the event counter).</summary>
[Flags]
public enum ReaderStates : uint
{
    Unaware = 0x0000,
    Ignore = 0x0001,
    Changed = 0x0002,
    Unknown = 0x0004,
    Unavailable = 0x0008,
    Empty = 0x0010,
    Present = 0x0020,
    AtrMatch = 0x0040,
    Exclusive = 0x0080,
    InUse = 0x0100,
    Mute = 0x0200,
    Unpowered = 0x0400,
}

/// <summary>Transmission protocols; the RAW value differs per platform and is mapped by the binding.</summary>
[Flags]
public enum CardProtocols : uint
{
    None = 0,
    T0 = 1,
    T1 = 2,
    Any = T0 | T1,
}

public enum ShareMode : uint
{
    Exclusive = 1,
    Shared = 2,
    Direct = 3,
}

/// <summary>What happens to the card when a handle or transaction ends (SCARD_LEAVE_CARD ...).</summary>
public enum Disposition : uint
{
    Leave = 0,
    Reset = 1,
    Unpower = 2,
    Eject = 3,
}

/// <summary>One entry of an SCardGetStatusChange request/answer.</summary>
public sealed class ReaderState
{
    /// <summary>The special name that reports reader arrival and removal (PnP notification).</summary>
    public const string PnpNotification = @"\\?PnP?\Notification";

    public ReaderState(string readerName, uint currentState = 0)
    {
        ReaderName = readerName;
        CurrentState = currentState;
    }

    public string ReaderName { get; }

    /// <summary>What the caller believes (the previous EventState, counter included).</summary>
    public uint CurrentState { get; set; }

    /// <summary>What PC/SC reports now (flags in the low 16 bits, event counter in the high 16).</summary>
    public uint EventState { get; set; }

    public byte[] Atr { get; set; } = [];

    public ReaderStates EventFlags => (ReaderStates)(EventState & 0xFFFF);

    public bool Changed => (EventFlags & ReaderStates.Changed) != 0;
}

/// <summary>What SCardStatus reports about a connected card.</summary>
public readonly record struct CardStatus(uint State, CardProtocols Protocol, byte[] Atr);
