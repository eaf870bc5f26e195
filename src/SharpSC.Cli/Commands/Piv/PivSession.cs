using System.Globalization;
using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Connection;
using SharpSC.Cli.Errors;
using SharpSC.Cli.Secrets;

namespace SharpSC.Cli.Commands.Piv;

/// <summary>
/// The PIV application of the card a `sharpsc piv` command works on (--app defaults to "piv", so a card that
/// also carries other applications is handled), with the secrets PIV adds: the card management key.
/// </summary>
internal sealed class PivSession : IDisposable
{
    /// <summary>A YubiKey's factory management key, which `piv set-mgm-key` asks to replace.</summary>
    public const string FactoryManagementKeyHex = "010203040506070801020304050607080102030405060708";

    private readonly CardSession _session;

    private PivSession(CardSession session, PivDriver driver)
    {
        _session = session;
        Driver = driver;
    }

    public PivDriver Driver { get; }

    public CardSession Card => _session;

    public static PivSession Open(CliEnvironment env, Invocation invocation)
    {
        var session = CardSession.Open(env.Readers, env.Drivers, invocation.Get("reader"), invocation.Get("app") ?? "piv");
        if (session.Driver is PivDriver driver)
            return new PivSession(session, driver);
        var name = session.Driver.Name;
        session.Dispose();
        throw new CliException(ExitCodes.NotSupported, $"the application chosen is {name}, not PIV");
    }

    /// <summary>The slot --slot names (9a, 9c, 9d, 9e, 82..95; or the slot's OpenSC id 01..18 with --id).</summary>
    public static PivSlot Slot(Invocation invocation, bool allowAttestation = false, bool positional = false)
    {
        if (invocation.Get("slot") is null && invocation.Get("id") is { } id)
        {
            return byte.TryParse(id, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var openScId) && PivSlot.FromOpenScId(openScId) is { } byId
                ? byId
                : throw invocation.Error($"--id {id} names no PIV slot: ids are 01 (9a), 02 (9c), 03 (9d), 04 (9e), 05..18 (82..95)");
        }
        var text = invocation.Get("slot") ?? (positional ? invocation.Argument(0) : null)
            ?? throw invocation.Error("--slot is required: 9a, 9c, 9d, 9e or a retired slot 82..95");
        var slot = PivSlot.Parse(text);
        if (slot == PivSlot.Attestation && !allowAttestation)
            throw invocation.Error("slot f9 holds the attestation key, which only the card's maker writes");
        return slot ?? throw invocation.Error($"'{text}' is no PIV slot: use 9a, 9c, 9d, 9e or a retired slot 82..95");
    }

    /// <summary>Authenticates with the management key from --mgm-key, --mgm-key-env or the terminal (hex).</summary>
    public void AuthenticateManagementKey(Secret key)
    {
        var bytes = ParseKey(key, "management key");
        try
        {
            Driver.AuthenticateManagementKey(bytes);
        }
        catch (Cards.Errors.CardException e) when (e.Error is Cards.Errors.CardError.PinIncorrect or Cards.Errors.CardError.SecurityStatusNotSatisfied)
        {
            throw new CliException(ExitCodes.Authentication, "wrong management key", e);
        }
        catch (Cards.Errors.CardException e) when (e.Error is Cards.Errors.CardError.IncorrectData or Cards.Errors.CardError.WrongParameters)
        {
            // The card refuses the witness request for another algorithm than its key's (6A80 on a YubiKey).
            throw new CliException(ExitCodes.Authentication, "wrong management key (the card's key is of another algorithm or length)", e);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>A management key in hex: 32, 48 or 64 digits (AES-128, 3DES or AES-192, AES-256).</summary>
    public static byte[] ParseKey(Secret key, string what)
    {
        var text = System.Text.Encoding.ASCII.GetString(key.Span);
        if (text.Length is not (32 or 48 or 64) || !text.All(char.IsAsciiHexDigit))
            throw new CliException(ExitCodes.Usage, $"the {what} is 32, 48 or 64 hex digits (AES-128, 3DES or AES-192, AES-256)");
        return Convert.FromHexString(text);
    }

    public static string SlotName(PivSlot slot) => slot.Reference.ToString("x2", CultureInfo.InvariantCulture);

    public void Dispose() => _session.Dispose();
}
