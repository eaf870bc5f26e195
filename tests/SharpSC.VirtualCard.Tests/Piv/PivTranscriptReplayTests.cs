using SharpSC.TestSupport;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Tests.Piv;

/// <summary>
/// Replays yubico-piv-tool's personalisation of the genuine PivApplet (generate 9A/9C/9D/9E, import the
/// certificates, status) against the virtual YubiKey: every command's final status word and answer format
/// must match. The management key witness is answered with the virtual card's own witness; what a factory
/// YubiKey and PivApplet answer differently by design is listed and checked for the YubiKey answer.
/// </summary>
public sealed class PivTranscriptReplayTests
{
    private sealed record Logical(int Line, string Step, byte[] Command, byte[] Data, ushort Sw);

    [Fact]
    public void Yubico_piv_tool_personalisation_replays_with_the_same_status_words_and_formats()
    {
        var card = new PivCardEmulator();
        var session = new PivSession(card);
        byte[]? witness = null;
        var checkedCount = 0;
        foreach (var item in Load("personalise.apdu"))
        {
            if (item is null)
            {
                card.Reset();
                continue;
            }
            var command = item.Command;
            if (command is [0x00, 0x87, 0x03, 0x9B, _, 0x7C, 0x14, 0x80, 0x08, ..])
            {
                // The tool's answer to the card's witness: decrypt ours with the default key instead.
                var decrypted = PivSession.Cipher(0x03, Hex.Parse(PivSession.DefaultMgmKey), false, witness!);
                command = [.. command[..9], .. decrypted, .. command[17..]];
            }
            var (data, sw) = session.Exchange(command);
            var context = $"{item.Step} line {item.Line}: > {Hex.Format(item.Command)} answered {sw:X4} {Hex.Format(data)}";
            if (command is [0x00, 0x87, 0x03, 0x9B, 0x04, ..]) witness = data[4..];

            if (IsFactoryObjectRead(command))
            {
                // PivApplet writes a CHUID and a CCC at install; a factory YubiKey has neither.
                Assert.True(sw == 0x6A82, context);
                continue;
            }
            // PivApplet counts 5 PIN tries, a YubiKey 3: both answer 63Cx.
            var sameSw = sw == item.Sw || (sw & 0xFFF0) == 0x63C0 && (item.Sw & 0xFFF0) == 0x63C0;
            Assert.True(sameSw, $"{context}; PivApplet answered {item.Sw:X4}");
            Assert.True(SameFormat(command, data, item.Data), $"{context}; PivApplet answered {Hex.Format(item.Data)}");
            checkedCount++;
        }
        Assert.True(checkedCount > 60, $"only {checkedCount} exchanges compared");
    }

    private static bool IsFactoryObjectRead(byte[] c) =>
        c.Length >= 10 && c[1] == 0xCB && c[5] == 0x5C && c[7] == 0x5F && c[8] == 0xC1 && c[9] is 0x02 or 0x07;

    /// <summary>Same answer where it is deterministic, same structure where it is random or card-specific.</summary>
    private static bool SameFormat(byte[] command, byte[] ours, byte[] genuine) => command[1] switch
    {
        0xA4 => ours[0] == 0x61 && genuine[0] == 0x61, // application property template (PivApplet adds label, URL, algorithms)
        0xFD => ours.Length == 3 && ours[0] == 5 && genuine[0] == 5,
        0xF8 => ours.Length == 4 && genuine.Length == 4,
        0x87 => ours.Length == genuine.Length && ours[..4].AsSpan().SequenceEqual(genuine.AsSpan(0, 4)),
        0x47 => ours.Length == genuine.Length && ours[..4].AsSpan().SequenceEqual(genuine.AsSpan(0, 4)),
        _ => ours.AsSpan().SequenceEqual(genuine),
    };

    /// <summary>Logical exchanges (a command and its GET RESPONSE rounds joined), null for a card reset.</summary>
    private static List<Logical?> Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "piv", name);
        var list = new List<Logical?>();
        var step = "";
        string? command = null;
        var line = 0;
        var commandLine = 0;
        var data = new List<byte>();
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            var text = raw.Trim();
            if (text.StartsWith("# vpcd reset", StringComparison.Ordinal))
            {
                list.Add(null);
                continue;
            }
            if (text.StartsWith('#'))
            {
                var colon = text.IndexOf(':', StringComparison.Ordinal);
                if (colon > 2 && !text.StartsWith("# ATR", StringComparison.Ordinal)) step = text[2..colon];
                continue;
            }
            if (text.StartsWith("> ", StringComparison.Ordinal))
            {
                var hex = text[2..];
                if (!hex.StartsWith("00C00000", StringComparison.Ordinal))
                {
                    command = hex;
                    commandLine = line;
                    data.Clear();
                }
                continue;
            }
            if (!text.StartsWith("< ", StringComparison.Ordinal) || command == null) continue;
            var parts = text[2..].Split(' ');
            data.AddRange(parts.Length == 2 ? Hex.Parse(parts[0]) : []);
            var sw = Convert.ToUInt16(parts[^1], 16);
            if (sw >> 8 == 0x61) continue;
            list.Add(new Logical(commandLine, step, Hex.Parse(command), data.ToArray(), sw));
        }
        return list;
    }
}
