using System.Globalization;
using SharpSC.VirtualCard.Faults;
using SharpSC.VirtualCard.Vpcd;

namespace SharpSC.VirtualCard.Control;

/// <summary>
/// The control protocol: one request line, one answer line.
/// stats | stats reset | timing | remove | insert | fault SPEC | fault clear | fault list | quit.
/// </summary>
public sealed class ControlCommands(EmulatedCard card, VpcdClient client, FaultInjector faults, Action quit, TimeSpan? insertTimeout = null)
{
    /// <summary>How long "insert" waits for vpcd to accept the card.</summary>
    public TimeSpan InsertTimeout { get; } = insertTimeout ?? TimeSpan.FromSeconds(15);

    public string Handle(string line)
    {
        var request = line.Trim();
        var space = request.IndexOf(' ');
        var verb = (space < 0 ? request : request[..space]).ToLowerInvariant();
        var rest = space < 0 ? "" : request[(space + 1)..].Trim();
        switch (verb)
        {
            case "stats" when rest.Length == 0:
                var s = card.Statistics;
                return string.Create(CultureInfo.InvariantCulture, $"apdus={s.Apdus} bytes_in={s.BytesIn} bytes_out={s.BytesOut} resets={s.Resets}");
            case "stats" when rest.Equals("reset", StringComparison.OrdinalIgnoreCase):
                card.ResetStatistics();
                return "ok";
            case "timing" when rest.Length == 0:
                var t = card.Statistics;
                return string.Create(CultureInfo.InvariantCulture, $"apdus={t.Apdus} busy_us={(long)t.ProcessingTime.TotalMicroseconds}");
            case "remove" when rest.Length == 0:
                client.Remove();
                return "ok";
            case "insert" when rest.Length == 0:
                return client.Insert(InsertTimeout)
                    ? "ok"
                    : string.Create(CultureInfo.InvariantCulture, $"error: vpcd did not accept the card within {InsertTimeout.TotalSeconds:0.#} s");
            case "fault":
                return Fault(rest);
            case "quit" when rest.Length == 0:
                quit();
                return "ok";
            default:
                return $"error: unknown request '{request}' (use stats, stats reset, timing, remove, insert, fault SPEC, fault clear, fault list, quit)";
        }
    }

    private string Fault(string spec)
    {
        if (spec.Equals("clear", StringComparison.OrdinalIgnoreCase))
        {
            faults.Clear();
            return "ok";
        }
        if (spec.Equals("list", StringComparison.OrdinalIgnoreCase))
        {
            var rules = faults.Rules;
            return rules.Count == 0 ? "none" : string.Join("; ", rules);
        }
        try
        {
            faults.Add(FaultSpec.Parse(spec));
            return "ok";
        }
        catch (FormatException e)
        {
            return "error: " + e.Message;
        }
    }
}
