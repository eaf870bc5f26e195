using System.Globalization;
using SharpSC.Diagnostics;

namespace SharpSC.Cards.Transport;

/// <summary>
/// How long one exchange with the card may take before the caller gets an error: every command, and the
/// longer budget of on-card key generation. Set by SHARPSC_CARD_TIMEOUT=SECONDS[,KEYGEN_SECONDS]
/// (decimals allowed); without KEYGEN_SECONDS key generation gets ten times SECONDS.
/// </summary>
public sealed record CardDeadlines(TimeSpan Command, TimeSpan KeyGeneration)
{
    public const string Variable = "SHARPSC_CARD_TIMEOUT";

    private const double KeyGenerationFactor = 10;
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    /// <summary>30 s per command, 300 s for key generation.</summary>
    public static CardDeadlines Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(300));

    /// <summary>The deadlines SHARPSC_CARD_TIMEOUT sets, or the defaults (an unreadable value is logged).</summary>
    public static CardDeadlines FromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(text)) return Default;
        if (TryParse(text, out var deadlines)) return deadlines;
        Log.Error("card", $"{Variable}={text} is not SECONDS[,KEYGEN_SECONDS] (positive numbers); using {Default.Command.TotalSeconds} s and {Default.KeyGeneration.TotalSeconds} s");
        return Default;
    }

    public static bool TryParse(string text, out CardDeadlines deadlines)
    {
        deadlines = Default;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > 2 || !TrySeconds(parts[0], out var command)) return false;
        var keyGeneration = command * KeyGenerationFactor;
        if (parts.Length == 2 && !TrySeconds(parts[1], out keyGeneration)) return false;
        deadlines = new CardDeadlines(command, keyGeneration > Longest ? Longest : keyGeneration);
        return true;
    }

    private static bool TrySeconds(string text, out TimeSpan span)
    {
        span = default;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || !double.IsFinite(seconds) || seconds <= 0 || seconds > Longest.TotalSeconds) return false;
        span = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>
    /// The budget of one command APDU: GENERATE ASYMMETRIC KEY PAIR (INS 46, ISO/IEC 7816-8 §5.1; INS 47
    /// in NIST SP 800-73-4 Part 2 §3.3.2 and the OpenPGP card 3.4 §7.2.14) runs as long as the card needs
    /// to find primes; everything else gets the command deadline.
    /// </summary>
    public TimeSpan For(ReadOnlySpan<byte> command) =>
        command.Length >= 2 && command[1] is 0x46 or 0x47 ? KeyGeneration : Command;
}
