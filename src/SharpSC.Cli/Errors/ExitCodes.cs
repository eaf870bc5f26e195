namespace SharpSC.Cli.Errors;

/// <summary>The exit codes of sharpsc (docs/CLI.md lists them).</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The operation failed: a card or transport error without a more specific code, a malformed card, an internal error.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong (unknown option, missing value, bad id) or a secret could not be asked for.</summary>
    public const int Usage = 2;

    /// <summary>No PC/SC service, no such reader, no card in the reader, card removed, or a card no driver supports.</summary>
    public const int NoCard = 3;

    /// <summary>Wrong PIN/PUK, PIN/PUK blocked, or the card wants the PIN.</summary>
    public const int Authentication = 4;

    /// <summary>No room on the card: memory, a full directory file, or no free key slot.</summary>
    public const int CardFull = 5;

    /// <summary>An input file cannot be read or is not what it should be (PEM, DER, PKCS#12), or its passphrase is wrong.</summary>
    public const int BadInput = 6;

    /// <summary>The card cannot do it (algorithm, key size, curve, key import, SO PIN).</summary>
    public const int NotSupported = 7;

    /// <summary>The card is not in the state the command needs: not initialised, already initialised, no such object, id in use.</summary>
    public const int CardState = 8;

    /// <summary>Interrupted (Ctrl-C).</summary>
    public const int Interrupted = 130;
}
