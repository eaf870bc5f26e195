using SharpSC.Cards.Errors;
using SharpSC.Cards.Transport;
using SharpSC.Cli.CommandLine;
using SharpSC.PCSC;
using SharpSC.Pkcs15;
using SharpSC.Pkcs15.Personalisation;

namespace SharpSC.Cli.Errors;

/// <summary>Turns any failure into a message in the user's terms and an exit code. Nothing escapes as a stack trace.</summary>
internal static class ErrorReporter
{
    public static (int ExitCode, string Message, string Kind) Describe(Exception e) => e switch
    {
        UsageException u => (ExitCodes.Usage, $"{u.Message}\nTry '{u.CommandPath} --help'.", "usage"),
        CliException c => (c.ExitCode, c.Message, KindOf(c.ExitCode)),
        PersonalisationException p => Personalisation(p),
        CardException c => Card(c),
        CardRemovedException r => (ExitCodes.NoCard, "the card was removed or the reader went away: " + Strip(r.Message), "no-card"),
        CardResetException => (ExitCodes.Failure, "another program reset the card during the operation: run the command again", "card-reset"),
        CardTimeoutException t => (ExitCodes.NoCard, $"the card did not answer in time: {t.Message} ({CardDeadlines.Variable} sets the deadline)", "timeout"),
        CardTransportException t => (ExitCodes.NoCard, "cannot talk to the card: " + t.Message, "transport"),
        PcscException p when PcscError.MeansNoService(p.Code) => (ExitCodes.NoCard, "the PC/SC service (pcscd) is not running", "no-service"),
        PcscException p => (ExitCodes.NoCard, "PC/SC error: " + p.Message, "pcsc"),
        Pkcs15FormatException f => (ExitCodes.Failure, "the card's PKCS#15 structure is malformed: " + f.Message, "malformed-card"),
        FileNotFoundException f => (ExitCodes.BadInput, $"no such file: {f.FileName ?? f.Message}", "bad-input"),
        IOException io => (ExitCodes.BadInput, "cannot read the input: " + io.Message, "bad-input"),
        UnauthorizedAccessException a => (ExitCodes.BadInput, "cannot read the input: " + a.Message, "bad-input"),
        _ => (ExitCodes.Failure, $"internal error ({e.GetType().Name}): {e.Message}", "internal"),
    };

    private static (int, string, string) Personalisation(PersonalisationException p) => p.Error switch
    {
        PersonalisationError.NotInitialized => (ExitCodes.CardState, "the card is not initialised: run 'sharpsc init' first", "not-initialised"),
        PersonalisationError.AlreadyInitialized => (ExitCodes.CardState, p.Message, "already-initialised"),
        PersonalisationError.DirectoryFull or PersonalisationError.NoFreeKeySlot => (ExitCodes.CardFull,
            p.Message.StartsWith("card is full", StringComparison.Ordinal) ? p.Message : "card is full: " + p.Message, "card-full"),
        PersonalisationError.IdInUse => (ExitCodes.CardState, p.Message, "id-in-use"),
        PersonalisationError.ObjectNotFound => (ExitCodes.CardState, p.Message, "not-found"),
        PersonalisationError.InvalidRequest => (ExitCodes.Usage, p.Message, "invalid-request"),
        PersonalisationError.NotSupported => (ExitCodes.NotSupported, p.Message, "not-supported"),
        PersonalisationError.InvalidInput => (ExitCodes.BadInput, p.Message, "bad-input"),
        PersonalisationError.WrongPassphrase => (ExitCodes.BadInput, p.Message, "wrong-passphrase"),
        PersonalisationError.CardChanged => (ExitCodes.Failure, p.Message, "card-changed"),
        _ when p.InnerException is CardException or CardTransportException => Incomplete(p),
        _ => (ExitCodes.Failure, p.Message, "incomplete"),
    };

    private static (int, string, string) Incomplete(PersonalisationException p)
    {
        var (code, _, kind) = Describe(p.InnerException!);
        return (code, p.Message, kind);
    }

    private static (int, string, string) Card(CardException c) => c.Error switch
    {
        CardError.PinIncorrect => (ExitCodes.Authentication, Tries("wrong PIN", c), "wrong-pin"),
        CardError.AuthenticationBlocked => (ExitCodes.Authentication, "PIN blocked: unblock it with 'sharpsc pin unblock'", "pin-blocked"),
        CardError.SecurityStatusNotSatisfied => (ExitCodes.Authentication, "the card wants the PIN for this (it was not verified or the card was reset)", "pin-required"),
        CardError.PinLengthInvalid => (ExitCodes.Usage, c.Message, "pin-length"),
        CardError.NotEnoughMemory => (ExitCodes.CardFull, "card is full: not enough memory left on the card", "card-full"),
        CardError.NotSupportedByDriver or CardError.FunctionNotSupported or CardError.InstructionNotSupported => (ExitCodes.NotSupported, "the card cannot do this: " + c.Message, "not-supported"),
        CardError.CommandNotAllowed when c.Message.Contains("key import", StringComparison.Ordinal) => (ExitCodes.NotSupported, c.Message, "not-supported"),
        _ => (ExitCodes.Failure, "card error: " + c.Message, "card-error"),
    };

    /// <summary>"wrong PIN, 2 tries left" (or "..., 1 try left").</summary>
    public static string Tries(string what, CardException c)
    {
        var detail = c.Message.StartsWith("the applet already has a PIN", StringComparison.Ordinal) ? " (" + c.Message[..c.Message.IndexOf(';', StringComparison.Ordinal)] + ")" : "";
        return c.TriesLeft is int n ? $"{what}, {n} {(n == 1 ? "try" : "tries")} left{detail}" : what + detail;
    }

    private static string KindOf(int code) => code switch
    {
        ExitCodes.Usage => "usage",
        ExitCodes.NoCard => "no-card",
        ExitCodes.Authentication => "authentication",
        ExitCodes.CardFull => "card-full",
        ExitCodes.BadInput => "bad-input",
        ExitCodes.NotSupported => "not-supported",
        ExitCodes.CardState => "card-state",
        _ => "failure",
    };

    private static string Strip(string message) => message.StartsWith("no card in ", StringComparison.Ordinal) ? message[11..] : message;
}
