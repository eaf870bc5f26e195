using System.Globalization;
using SharpSC.Diagnostics;

namespace SharpSC.Cards.Transport;

/// <summary>
/// Readers with a command still waiting for the card's answer after its deadline passed, for this
/// process. Until that command returns, the reader is blocked for everyone (pcscd waits in the reader
/// driver; other clients even wait in SCardConnect, measured in RELIABILITY.md), so new exchanges with
/// it fail at once instead of each waiting out its own deadline. An entry is cleared by the worker when
/// the stuck command returns; entries made before a fork() belong to the parent and are ignored.
/// </summary>
internal static class StuckReaders
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.Ordinal);

    /// <summary>One command given up on; the worker may finish it before or after it is marked.</summary>
    public sealed class Token
    {
        internal bool Finished { get; set; }
    }

    public static void Mark(string reader, Token token, string what)
    {
        lock (Gate)
        {
            if (!token.Finished) Entries[reader] = new Entry(token, DateTime.UtcNow, CurrentProcess.Id, what);
        }
    }

    /// <summary>The command of <paramref name="token"/> returned: the reader is usable again.</summary>
    public static void Clear(string reader, Token token)
    {
        lock (Gate)
        {
            token.Finished = true;
            if (Entries.TryGetValue(reader, out var e) && ReferenceEquals(e.Owner, token)) Entries.Remove(reader);
        }
    }

    /// <summary>The error for a new exchange with a blocked reader; null when the reader is not blocked.</summary>
    public static CardTimeoutException? Blocked(string reader)
    {
        lock (Gate)
        {
            if (!Entries.TryGetValue(reader, out var e)) return null;
            if (e.Pid != CurrentProcess.Id)
            {
                Entries.Remove(reader);
                return null;
            }
            var seconds = (DateTime.UtcNow - e.Since).TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
            return new CardTimeoutException(
                $"the card in {reader} has not answered {e.What}, given up on {seconds} s ago; the reader is blocked until the card answers or is removed");
        }
    }

    private sealed record Entry(Token Owner, DateTime Since, int Pid, string What);
}
