using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Objects;
using SharpSC.Pkcs15.Personalisation;
using SharpSC.TestSupport;

namespace SharpSC.Pkcs15.Tests.Personalisation;

/// <summary>
/// Runs a write once to count its APDUs, then again on fresh copies of the card, dropped at each of them (before
/// and after the card carried it out), and checks that a reader then sees one of the allowed states.
/// </summary>
internal static class InterruptionSweep
{
    /// <summary>A fresh copy of the prepared card: the transport to it and what a reader sees on it afterwards.</summary>
    public delegate (FaultInjectingTransport Transport, Func<List<string>> Describe) FreshCard();

    public const string Malformed = "(malformed)";

    /// <summary>What a reader sees: token label and one line per object; "(none)" on a blank card.</summary>
    public static List<string> Describe(Func<Pkcs15Card> read)
    {
        Pkcs15Application? app;
        try
        {
            app = read().Application;
        }
        catch (Pkcs15FormatException)
        {
            return [Malformed];
        }
        if (app is null)
            return ["(none)"];
        var lines = app.Directories.SelectMany(d => d.Objects.Select(o => $"{d.Kind.ShortName()} {o.ObjectId?.ToString() ?? "-"} {o.Label}"));
        return Sorted(lines.Append("token " + app.TokenInfo.Label));
    }

    public static List<string> Sorted(IEnumerable<string> lines) => lines.Order(StringComparer.Ordinal).ToList();

    /// <summary>Returns the new state (after the uninterrupted run) for the caller to print.</summary>
    public static List<string> Run(FreshCard fresh, Func<FaultInjectingTransport, Pkcs15Personaliser> logIn,
        Action<Pkcs15Personaliser> write, List<string> old, IEnumerable<List<string>> allowed, string operation)
    {
        var (counter, describeCounted) = fresh();
        var p = logIn(counter);
        var before = counter.Apdus;
        write(p);
        var apdus = counter.Apdus - before;
        var expectedNew = describeCounted();
        var states = allowed.Append(old).Append(expectedNew).Select(s => string.Join("\n", s)).ToHashSet();
        for (var k = 1; k <= apdus; k++)
        {
            foreach (var point in new[] { DropPoint.BeforeCard, DropPoint.AfterCard })
            {
                var (transport, describe) = fresh();
                var personaliser = logIn(transport);
                transport.DropAt(k, point);
                try
                {
                    write(personaliser);
                }
                catch (Exception e) when (e is Cards.Transport.CardTransportException or PersonalisationException or Cards.Errors.CardException)
                {
                }
                Assert.True(transport.Fired, $"APDU {k} was not reached");
                var state = string.Join("\n", describe());
                Assert.True(states.Contains(state), $"{operation} dropped at APDU {k} of {apdus} ({point}) left:\n{state}");
            }
        }
        expectedNew.Insert(0, $"({apdus} APDUs)");
        return expectedNew;
    }
}
