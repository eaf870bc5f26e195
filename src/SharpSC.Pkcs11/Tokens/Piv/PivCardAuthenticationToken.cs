using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cards.Registry;

namespace SharpSC.Pkcs11.Tokens.Piv;

/// <summary>
/// Opt-in, read at each C_Initialize: a PIV card's card authentication key (9E) as a token of its own
/// (<see cref="PivCardAuthenticationDevice"/>) that needs no login. SP 800-73-4 Part 1 §3.1.4 has 9E used without
/// the PIN, but the PIV token needs a login for its other keys (CKF_LOGIN_REQUIRED), and NSS sends no TLS record
/// signed by a key of a login-required token that is not logged in. SHARPSC_PIV_CARD_AUTH_TOKEN=yes shows that
/// token beside the PIV token, in a further slot of the reader; =only shows it instead of the PIV token (Firefox
/// asks for the PIN of every login-required token while it gathers client certificates). Unset, the slot list is
/// the card's applications.
/// </summary>
internal static class PivCardAuthenticationToken
{
    public const string Variable = "SHARPSC_PIV_CARD_AUTH_TOKEN";

    /// <summary>The pseudo-application's name: a further slot's description ends in "(PIV Card Authentication)".</summary>
    public const string ApplicationName = "PIV Card Authentication";

    public enum Mode
    {
        Off,
        /// <summary>"yes": the card authentication token after the PIV token.</summary>
        Beside,
        /// <summary>"only": the card authentication token in place of the PIV token.</summary>
        Only,
    }

    /// <summary>The option as the environment sets it: "yes" (or on, true, 1), "only", else off.</summary>
    public static Mode FromEnvironment() => Environment.GetEnvironmentVariable(Variable)?.Trim().ToLowerInvariant() switch
    {
        "yes" or "on" or "true" or "1" => Mode.Beside,
        "only" => Mode.Only,
        _ => Mode.Off,
    };

    /// <summary>The card's applications with each PIV one followed (or, <see cref="Mode.Only"/>, replaced) by its card authentication token's.</summary>
    public static CardApplications Apply(CardApplications found, Mode mode)
    {
        if (mode == Mode.Off || !found.Found.Any(a => a.Driver is PivDriver)) return found;
        var applications = new List<CardApplication>();
        foreach (var application in found.Found)
        {
            if (application.Driver is not PivDriver)
            {
                applications.Add(application);
                continue;
            }
            if (mode == Mode.Beside) applications.Add(application);
            applications.Add(application with { Name = ApplicationName, Reason = "the card authentication key (9E) as a token without login" });
        }
        return found with { Found = applications };
    }

    /// <summary>Is this the card authentication token's pseudo-application?</summary>
    public static bool Is(CardApplication application) =>
        application.Name == ApplicationName && application.Driver is PivDriver;
}
