using SharpSC.Cards.Registry;
using SharpSC.Cards.Transport;
using SharpSC.FullStack.Tests.Token;
using SharpSC.FullStack.Tests.VirtualCard;
using SharpSC.Pkcs15;
using SharpSC.Pkcs15.Card;

namespace SharpSC.FullStack.Tests.Reliability;

/// <summary>
/// Raw access to the IsoApplet card's files over PC/SC, as an attacker with the PIN would have it: read a
/// file, overwrite its content (UPDATE BINARY, the file keeps its size), and parse the PKCS#15 structure
/// back with our own reader (<see cref="Pkcs15Card"/>).
/// </summary>
public static class CardFiles
{
    public static readonly string[] Pkcs15Files =
        ["3F002F00", "3F0050155031", "3F0050155032", "3F0050154401", "3F0050154402", "3F0050154403", "3F0050154404"];

    public static byte[] Read(string path)
    {
        using var pcsc = Session();
        Select(pcsc, path);
        var content = new List<byte>();
        for (var offset = 0; ; offset += 128)
        {
            var r = pcsc.Transmit(Apdu(0x00, 0xB0, offset >> 8, offset & 0xFF, [], 128));
            var sw = (r[^2] << 8) | r[^1];
            if (sw == 0x6B00) break;
            if (sw != 0x9000) throw new InvalidOperationException($"READ BINARY {path} at {offset}: {sw:X4}");
            content.AddRange(r[..^2]);
            if (r.Length - 2 < 128) break;
        }
        return [.. content];
    }

    /// <summary>Writes <paramref name="content"/> from offset 0, padded with zeros to <paramref name="size"/>.</summary>
    public static void Write(string path, byte[] content, int size)
    {
        using var pcsc = Session();
        Check(pcsc.Transmit(Apdu(0x00, 0x20, 0x00, 0x01, [.. "123456"u8, .. new byte[10]])), "VERIFY");
        Select(pcsc, path);
        var padded = new byte[size];
        content.AsSpan(0, Math.Min(content.Length, size)).CopyTo(padded);
        for (var offset = 0; offset < size; offset += 200)
        {
            var chunk = padded.AsSpan(offset, Math.Min(200, size - offset)).ToArray();
            Check(pcsc.Transmit(Apdu(0x00, 0xD6, offset >> 8, offset & 0xFF, chunk)), $"UPDATE BINARY {path} at {offset}");
        }
    }

    /// <summary>The PKCS#15 application as our reader sees it, read whole (throws Pkcs15FormatException when malformed).</summary>
    public static Pkcs15Application? ParseBack()
    {
        using var transport = PcscCardTransport.Connect(TokenReader.Name);
        var match = DriverRegistry.Default.Match(transport);
        return Pkcs15Card.Open(match.Driver ?? throw new InvalidOperationException("no driver: " + match.Reason), useCache: false).Application;
    }

    private static PcscTestClient Session()
    {
        var pcsc = new PcscTestClient(TokenReader.Name);
        Check(pcsc.Transmit(Apdu(0x00, 0xA4, 0x04, 0x00, Convert.FromHexString("F276A288BCFBA69D34F31001"), 256)), "SELECT applet");
        return pcsc;
    }

    private static void Select(PcscTestClient pcsc, string path) =>
        Check(pcsc.Transmit(Apdu(0x00, 0xA4, 0x08, 0x0C, Convert.FromHexString(path[4..]))), "SELECT " + path);

    private static void Check(byte[] response, string what)
    {
        if (response.Length < 2 || response[^2] != 0x90 || response[^1] != 0x00)
            throw new InvalidOperationException($"{what}: {Convert.ToHexString(response)}");
    }

    private static byte[] Apdu(int cla, int ins, int p1, int p2, byte[] data, int? le = null)
    {
        var apdu = new List<byte> { (byte)cla, (byte)ins, (byte)p1, (byte)p2 };
        if (data.Length > 0) apdu.AddRange([(byte)data.Length, .. data]);
        if (le is { } n) apdu.Add((byte)(n & 0xFF));
        return [.. apdu];
    }
}
