namespace SharpSC.Cards.Errors;

/// <summary>
/// What went wrong, as one kind per failure the upper layers handle differently. The PKCS#11 engine maps
/// these kinds to CKR_* codes once; <see cref="StatusWordMap"/> is the one place that maps status words here.
/// </summary>
public enum CardError
{
    /// <summary>A status word without a more precise kind (see <see cref="CardException.StatusWord"/>).</summary>
    Unknown,

    /// <summary>The card's answer is malformed: truncated, garbage TLV, missing fields, endless 61xx/6Cxx.</summary>
    UnexpectedResponse,

    /// <summary>6700, or an unresolvable 6Cxx: Lc/Le not accepted.</summary>
    WrongLength,

    /// <summary>6A86, 6B00, 6A87: P1-P2 wrong (6B00 on READ BINARY: offset outside the EF).</summary>
    WrongParameters,

    /// <summary>6A80, 6A85: data field parameters incorrect.</summary>
    IncorrectData,

    /// <summary>6982: the PIN (or another condition of the ACL) is not verified.</summary>
    SecurityStatusNotSatisfied,

    /// <summary>63Cx (x &gt; 0) or 6300: wrong PIN/PUK; <see cref="CardException.TriesLeft"/> when the card says.</summary>
    PinIncorrect,

    /// <summary>6983 or 63C0: the PIN/PUK is blocked.</summary>
    AuthenticationBlocked,

    /// <summary>The PIN given is shorter or longer than the PIN format allows (checked before sending).</summary>
    PinLengthInvalid,

    /// <summary>6984: reference data not usable (IsoApplet: invalid data, e.g. an existing FID on CREATE FILE or a wrong key type in MSE).</summary>
    ReferenceDataNotUsable,

    /// <summary>6985: conditions of use not satisfied (e.g. PSO without MSE).</summary>
    ConditionsNotSatisfied,

    /// <summary>6900, 6986: command not allowed (6986: no current EF).</summary>
    CommandNotAllowed,

    /// <summary>6981: command incompatible with the file structure (e.g. READ BINARY with no current EF).</summary>
    IncompatibleFileStructure,

    /// <summary>6A82: file or application not found.</summary>
    FileNotFound,

    /// <summary>6A83: record not found.</summary>
    RecordNotFound,

    /// <summary>6A89, 6A8A: file ID or DF name already exists.</summary>
    FileExists,

    /// <summary>6A84, 6381: not enough memory space in the file or card.</summary>
    NotEnoughMemory,

    /// <summary>6A88: referenced data (key, PIN) not found.</summary>
    ReferencedDataNotFound,

    /// <summary>6A81, 6800: function not supported by the card (e.g. an algorithm or curve it lacks).</summary>
    FunctionNotSupported,

    /// <summary>6D00: instruction not supported.</summary>
    InstructionNotSupported,

    /// <summary>6E00: class not supported.</summary>
    ClassNotSupported,

    /// <summary>6881: logical channel not supported.</summary>
    LogicalChannelNotSupported,

    /// <summary>6882, 6987, 6988: secure messaging not supported or its data objects wrong.</summary>
    SecureMessagingNotSupported,

    /// <summary>6883, 6884: command chaining not supported or broken.</summary>
    ChainingNotSupported,

    /// <summary>6281, 6283, 6284, 6285: data corrupted, file deactivated/terminated, FCI malformed.</summary>
    FileInvalid,

    /// <summary>6F00, 64xx, 65xx: the card failed internally (IsoApplet: an uncaught exception).</summary>
    CardInternalError,

    /// <summary>The driver does not do this (e.g. a write on a read-only driver, or a feature the card lacks).</summary>
    NotSupportedByDriver,
}
