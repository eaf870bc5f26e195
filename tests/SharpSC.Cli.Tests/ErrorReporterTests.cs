using SharpSC.Cards.Errors;
using SharpSC.Cards.Transport;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Errors;
using SharpSC.Pkcs15;
using SharpSC.Pkcs15.Personalisation;

namespace SharpSC.Cli.Tests;

public class ErrorReporterTests
{
    public static TheoryData<Exception, int, string> Cases => new()
    {
        { CardException.FromStatusWord(0x63C2, "VERIFY User PIN"), ExitCodes.Authentication, "wrong PIN, 2 tries left" },
        { CardException.FromStatusWord(0x63C1, "VERIFY User PIN"), ExitCodes.Authentication, "wrong PIN, 1 try left" },
        { CardException.FromStatusWord(0x63C0, "VERIFY User PIN"), ExitCodes.Authentication, "PIN blocked: unblock it with 'sharpsc pin unblock'" },
        { CardException.FromStatusWord(0x6982, "MSE SET"), ExitCodes.Authentication, "the card wants the PIN for this (it was not verified or the card was reset)" },
        { CardException.FromStatusWord(0x6A84, "CREATE FILE"), ExitCodes.CardFull, "card is full: not enough memory left on the card" },
        { new PersonalisationException(PersonalisationError.NoFreeKeySlot, "card is full: all 16 key slots are in use (delete a key first)"), ExitCodes.CardFull, "card is full: all 16 key slots are in use (delete a key first)" },
        { new PersonalisationException(PersonalisationError.DirectoryFull, "the PrKDF is full"), ExitCodes.CardFull, "card is full: the PrKDF is full" },
        { new PersonalisationException(PersonalisationError.NotInitialized, "x"), ExitCodes.CardState, "the card is not initialised: run 'sharpsc init' first" },
        { new PersonalisationException(PersonalisationError.WrongPassphrase, "wrong passphrase for a.p12"), ExitCodes.BadInput, "wrong passphrase for a.p12" },
        { new PersonalisationException(PersonalisationError.Incomplete, "stored, but", new CardRemovedException("no card in R")), ExitCodes.NoCard, "stored, but" },
        { new CardRemovedException("no card in Virtual PCD 00 01: removed"), ExitCodes.NoCard, "the card was removed or the reader went away: Virtual PCD 00 01: removed" },
        { new Pkcs15FormatException("EF(ODF) 3F0050155031", 4, "bad tag"), ExitCodes.Failure, "the card's PKCS#15 structure is malformed: " },
        { new FileNotFoundException("gone", "cert.pem"), ExitCodes.BadInput, "no such file: cert.pem" },
        { new UsageException("unknown option --x", "sharpsc keygen"), ExitCodes.Usage, "unknown option --x\nTry 'sharpsc keygen --help'." },
        { new InvalidOperationException("boom"), ExitCodes.Failure, "internal error (InvalidOperationException): boom" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Failures_become_messages_in_the_users_terms_with_their_exit_code(Exception failure, int exitCode, string message)
    {
        var (code, text, kind) = ErrorReporter.Describe(failure);
        Assert.Equal(exitCode, code);
        Assert.StartsWith(message, text, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(kind));
    }
}
