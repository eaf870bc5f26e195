namespace SharpSC.Pkcs15.Personalisation;

/// <summary>Why a personalisation step was refused or failed (card errors themselves stay <c>CardException</c>).</summary>
public enum PersonalisationError
{
    /// <summary>The card has no PKCS#15 structure (run init first).</summary>
    NotInitialized,

    /// <summary>The card already has a PKCS#15 structure (erase it first).</summary>
    AlreadyInitialized,

    /// <summary>A directory file has no room for another entry.</summary>
    DirectoryFull,

    /// <summary>Every private key slot of the card is in use.</summary>
    NoFreeKeySlot,

    /// <summary>The identifier is already used by an object of the same kind.</summary>
    IdInUse,

    /// <summary>No object with that identifier or label.</summary>
    ObjectNotFound,

    /// <summary>The card's content differs from the structure read before (another program changed it): read it again.</summary>
    CardChanged,

    /// <summary>The request itself is wrong (label too long, bad PUK length, unusable key ...).</summary>
    InvalidRequest,

    /// <summary>The card cannot do what was asked (algorithm, key size, curve, SO PIN).</summary>
    NotSupported,

    /// <summary>An input file (certificate, PKCS#12) cannot be read.</summary>
    InvalidInput,

    /// <summary>The passphrase of a PKCS#12 file is wrong.</summary>
    WrongPassphrase,

    /// <summary>The operation stopped part-way and could not undo everything; the message says what remains.</summary>
    Incomplete,
}
