using SharpSC.VirtualCard;

namespace SharpSC.Fuzz.Targets;

/// <summary>
/// An in-memory IsoApplet v0 card carrying the genuine card's PKCS#15 files (tests/fixtures), PIN 123456,
/// PUK 0123456789abcdef and an RSA-2048 key in slot 0; made once with the applet's own commands.
/// </summary>
public static class EmulatedCard
{
    public const string Pin = "123456";
    public const string Puk = "0123456789abcdef";

    private static readonly Lazy<IsoAppletCard> Card = new(Build);

    public static IsoAppletCard Instance => Card.Value;

    /// <summary>A card of its own (the shared <see cref="Instance"/> is for the harness, under its lock).</summary>
    public static IsoAppletCard Build()
    {
        var card = new IsoAppletCard(AppletVersion.V0);
        Send(card, "00A404000CF276A288BCFBA69D34F31001");
        // PKCS#15 application DF 5015 (its FCI as OpenSC created it), then the files, in the creation state
        // where every ACL is satisfied.
        var df = Convert.FromHexString("6F1581021388820138830250158608FF00000000000090");
        Send(card, "00E00000" + Hex(df.Length) + Convert.ToHexString(df));
        foreach (var file in Fixtures.IsoAppletFiles)
        {
            var fid = file.Path[^4..];
            var parent = file.Path[..^4];
            Send(card, parent == "3F00" ? "00A4000C023F00" : "00A40800" + Hex((parent.Length - 4) / 2) + parent[4..]);
            Send(card, "00E00000" + Hex(file.Fci.Length) + Convert.ToHexString(file.Fci));
            Send(card, "00A4000C02" + fid);
            for (var offset = 0; offset < file.Content.Length; offset += 200)
            {
                var chunk = file.Content.AsSpan(offset, Math.Min(200, file.Content.Length - offset));
                Send(card, "00D6" + Hex(offset >> 8) + Hex(offset & 0xFF) + Hex(chunk.Length) + Convert.ToHexString(chunk));
            }
        }
        Send(card, "0024010210" + Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(Puk)));
        Send(card, "0024010106" + Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(Pin)));
        Send(card, "0020000106" + Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(Pin)));
        Send(card, "00224100068001F3840100");
        var answer = card.Process(Convert.FromHexString("0046420000"));
        while (answer.Length >= 2 && answer[^2] == 0x61)
            answer = card.Process(Convert.FromHexString("00C00000" + Hex(answer[^1])));
        if (answer[^2] != 0x90) throw new InvalidOperationException("key generation failed: " + Convert.ToHexString(answer));
        card.Reset();
        return card;
    }

    private static void Send(IsoAppletCard card, string hex)
    {
        var answer = card.Process(Convert.FromHexString(hex));
        if (answer.Length < 2 || answer[^2] != 0x90)
            throw new InvalidOperationException($"personalising the emulated card: {hex} answered {Convert.ToHexString(answer)}");
    }

    private static string Hex(int b) => ((byte)b).ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
}
