using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Keys;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Errors;
using SharpSC.Cli.Secrets;
using SharpSC.Pkcs15;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Personalisation;

namespace SharpSC.Cli.Commands;

/// <summary>Argument parsing and output helpers the commands share.</summary>
internal static class CommandSupport
{
    public static bool WantsJson(Invocation invocation) => invocation.Has("json");

    /// <summary>Prints JSON (with --json) or text.</summary>
    public static void Print<T>(CliEnvironment env, Invocation invocation, T value, JsonTypeInfo<T> type, Action<TextWriter> text)
    {
        if (WantsJson(invocation))
            env.Out.WriteLine(JsonSerializer.Serialize(value, type));
        else
            text(env.Out);
    }

    /// <summary>A PKCS#15 id from hex ("45", "0x45", "a1:b2").</summary>
    public static Pkcs15Id ParseId(Invocation invocation, string option)
    {
        var text = invocation.Get(option)!.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            text = text[2..];
        if (text.Length == 0 || text.Length % 2 != 0 || text.Length > 510 || !text.All(char.IsAsciiHexDigit))
            throw invocation.Error($"--{option} takes an even number of hex digits, e.g. 45 or 0a1b, not '{invocation.Get(option)}'");
        return Pkcs15Id.Parse(text);
    }

    public static Pkcs15Id? OptionalId(Invocation invocation, string option) => invocation.Has(option) ? ParseId(invocation, option) : null;

    /// <summary>"rsa/2048", "ec/prime256v1", "ec/secp384r1", "ec/P-256" ...</summary>
    public static KeySpec ParseAlgorithm(Invocation invocation, string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var kind = slash < 0 ? text : text[..slash];
        var parameter = slash < 0 ? "" : text[(slash + 1)..];
        if (kind.Equals("rsa", StringComparison.OrdinalIgnoreCase))
        {
            if (int.TryParse(parameter, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && bits is >= 512 and <= 16384 && bits % 8 == 0)
                return KeySpec.Rsa(bits);
            throw invocation.Error($"'{text}': give the RSA size in bits, e.g. rsa/2048");
        }
        if (kind.Equals("ec", StringComparison.OrdinalIgnoreCase))
        {
            return EcCurves.FindByName(parameter) is { } curve
                ? KeySpec.Ec(curve)
                : throw invocation.Error($"'{text}': unknown curve '{parameter}' (known: {string.Join(", ", EcCurves.All.Select(c => c.Name))})");
        }
        throw invocation.Error($"'{text}' is not a key algorithm: use rsa/BITS or ec/CURVE, e.g. rsa/2048 or ec/prime256v1");
    }

    public static Pkcs15.Objects.KeyUsageFlags? ParseUsage(Invocation invocation)
    {
        if (invocation.Get("usage") is not { } text)
            return null;
        try
        {
            return KeyUsages.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw invocation.Error("--usage: " + e.Message.Split(" (Parameter", StringSplitOptions.None)[0]);
        }
    }

    public static KeyIdStyle ParseIdStyle(Invocation invocation) => invocation.Get("id-style")?.ToLowerInvariant() switch
    {
        null or "mozilla" => KeyIdStyle.Mozilla,
        "rfc2459" => KeyIdStyle.Rfc2459,
        "native" => KeyIdStyle.Native,
        var other => throw invocation.Error($"--id-style is mozilla, rfc2459 or native, not '{other}'"),
    };

    /// <summary>The card's structure; a card without one is an error for commands that need it.</summary>
    public static Pkcs15Application RequireStructure(Pkcs15Card card) =>
        card.Application ?? throw new PersonalisationException(PersonalisationError.NotInitialized, card.MissingReason ?? "no PKCS#15 structure");

    /// <summary>
    /// Verifies the user PIN when the card asks for one (a blank IsoApplet does not: VERIFY would only cost a try).
    /// A blocked PIN is reported before anything is sent.
    /// </summary>
    public static void LogIn(Pkcs15Personaliser personaliser, Secret pin)
    {
        var status = personaliser.GetUserPinStatus();
        if (!status.VerificationRequired)
            return;
        if (status.Blocked)
            throw new CardException(CardError.AuthenticationBlocked, "PIN blocked");
        personaliser.VerifyUserPin(pin.Span);
    }

    /// <summary>Runs a PUK operation so that a wrong or blocked PUK is reported as such (not as the PIN).</summary>
    public static void WithPuk(Action action) =>
        WithSecret("PUK", "PUK blocked: the PIN can no longer be unblocked (erase cannot reset it either)", action);

    /// <summary>Runs an SO PIN verification so that a wrong or blocked SO PIN is reported as such.</summary>
    public static void WithSoPin(Action action) =>
        WithSecret("SO PIN", "SO PIN blocked: only its PUK unblocks it", action);

    private static void WithSecret(string name, string blocked, Action action)
    {
        try
        {
            action();
        }
        catch (CardException e) when (e.Error == CardError.PinIncorrect)
        {
            throw new CliException(ExitCodes.Authentication, ErrorReporter.Tries("wrong " + name, e), e);
        }
        catch (CardException e) when (e.Error == CardError.AuthenticationBlocked)
        {
            throw new CliException(ExitCodes.Authentication, blocked, e);
        }
    }

    /// <summary>Reads an input file, with the errors in the user's words.</summary>
    public static byte[] ReadInput(CliEnvironment env, string path)
    {
        try
        {
            return env.ReadFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.BadInput, $"cannot read {path}: {e.Message}", e);
        }
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => string.Join(' ', bytes.ToArray().Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));

    /// <summary>A public key as PEM (SubjectPublicKeyInfo, "BEGIN PUBLIC KEY").</summary>
    public static string PublicKeyPem(byte[] spki) => Pem("PUBLIC KEY", spki);

    /// <summary>RFC 7468 text: Base64 in lines of 64 between BEGIN and END lines.</summary>
    public static string Pem(string label, byte[] der)
    {
        var base64 = Convert.ToBase64String(der);
        var lines = Enumerable.Range(0, (base64.Length + 63) / 64).Select(i => base64.Substring(i * 64, Math.Min(64, base64.Length - i * 64)));
        return $"-----BEGIN {label}-----\n{string.Join('\n', lines)}\n-----END {label}-----\n";
    }
}
