using System.Text;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.Tests;

/// <summary>
/// A small applet for testing the card runtime with several applets: it says who it is, answers any
/// length of data, keeps a persistent counter, and can fail. Commands (CLA 00):
/// CA 00 00 Le: "kind" | CA P1 P2: P1P2 bytes 00 01 02 ... | D0: counter + 1 (persistent) |
/// C4: the counter | EE: an uncaught exception.
/// </summary>
internal sealed class ProbeApplet(string kind, byte[] aid, ChangeTracker changes) : IApplet
{
    public byte[] Aid => (byte[])aid.Clone();
    public string Kind => kind;
    public bool DefaultSelected { get; set; }
    public bool AcceptsExtendedLength { get; set; }
    public ResponseShaping Shaping { get; set; } = ResponseShaping.GetResponseChunks;

    public int Counter { get; private set; }
    public int Selections { get; private set; }
    public int Deselections { get; private set; }

    public Response Select(CommandApdu select)
    {
        Selections++;
        return Response.Ok(Encoding.ASCII.GetBytes("S:" + kind));
    }

    public void Deselect() => Deselections++;

    public Response Process(CommandApdu c) => c.Ins switch
    {
        0xCA when c.P1P2 == 0 => Response.Ok(Encoding.ASCII.GetBytes(kind)),
        0xCA => Response.Ok(Enumerable.Range(0, c.P1P2).Select(i => (byte)i).ToArray()),
        0xD0 => Increment(),
        0xC4 => Response.Ok([(byte)Counter]),
        0xEE => throw new InvalidOperationException("probe failure"),
        _ => throw IsoException.Of(StatusWords.InsNotSupported),
    };

    public byte[] SaveState() => [0x01, (byte)Counter];

    public static ProbeApplet Restore(string kind, byte[] aid, byte[] state, ChangeTracker changes) =>
        state is [0x01, var counter]
            ? new ProbeApplet(kind, aid, changes) { Counter = counter }
            : throw new InvalidDataException("not a probe applet state");

    private Response Increment()
    {
        Counter++;
        changes.Mark();
        return Response.Success;
    }
}

/// <summary>Catalog rows for probe applets, as a family would write its own.</summary>
internal static class ProbeKinds
{
    public static readonly byte[] AlphaAid = Hex.Parse("A000000001010101");
    public static readonly byte[] BetaAid = Hex.Parse("D2760001240103040000000000010000");

    public static AppletKind Alpha { get; } = Kind("alpha", AlphaAid, ResponseShaping.GetResponseChunks, extended: false, atr: Hex.Parse("3B8080010101"));
    public static AppletKind Beta { get; } = Kind("beta", BetaAid, ResponseShaping.RefuseLongShortResponse, extended: true, atr: Hex.Parse("3B80800101"));

    /// <summary>The catalog of the probe tests: alpha, beta, and the real IsoApplet rows.</summary>
    public static IReadOnlyList<AppletKind> Catalog { get; } = [Alpha, Beta, .. AppletCatalog.All];

    private static AppletKind Kind(string name, byte[] aid, ResponseShaping shaping, bool extended, byte[] atr) =>
        new(name, "Probe " + name, "a test applet", aid, atr,
            e => new ProbeApplet(name, aid, e.Changes) { Shaping = shaping, AcceptsExtendedLength = extended },
            (state, e) =>
            {
                var restored = ProbeApplet.Restore(name, aid, state, e.Changes);
                restored.Shaping = shaping;
                restored.AcceptsExtendedLength = extended;
                return restored;
            });
}
