using Org.BouncyCastle.Crypto.Parameters;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Tests.Replay;

namespace SharpSC.VirtualCard.Tests.OpenPgp;

/// <summary>
/// Replays the genuine SmartPGP transcripts (tests/fixtures/openpgp) against the emulated card in the order the
/// tools ran (counts.txt), one logical command at a time (61xx / GET RESPONSE rounds joined on both sides).
/// Every status word must match, except the documented differences; what is deterministic must match byte for
/// byte; signatures are verified with the emulated card's own keys; RSA cryptograms made for SmartPGP's key are
/// made again for ours.
/// </summary>
internal sealed class OpenPgpTranscriptReplayer(PgpCard card)
{
    private readonly Dictionary<byte, byte[]> _publicKeys = [];
    private readonly List<byte> _chain = [];

    public int Compared { get; private set; }
    public int Verified { get; private set; }
    public int Reenciphered { get; private set; }
    public List<string> Differences { get; } = [];

    public static List<(string Name, List<Exchange> Exchanges)> StepsInRecordedOrder()
    {
        var steps = new List<(string, List<Exchange>)>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fixtures", "openpgp"), "*.apdu"))
        {
            List<Exchange>? current = null;
            foreach (var line in File.ReadLines(file))
            {
                if (line.StartsWith("# ", StringComparison.Ordinal) && line.Contains(": ", StringComparison.Ordinal) && !line.StartsWith("# ATR", StringComparison.Ordinal))
                {
                    var name = line[2..line.IndexOf(": ", StringComparison.Ordinal)];
                    var rest = line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..];
                    if (rest.StartsWith("rc=", StringComparison.Ordinal)) current = null;
                    else if (name != "step") steps.Add((name, current = []));
                }
            }
            var all = Transcript.Load(Path.GetFileName(file), "openpgp");
            // Assign exchanges to steps by line ranges.
            var headers = File.ReadLines(file).Select((l, i) => (l, i + 1))
                .Where(x => x.l.StartsWith("# ", StringComparison.Ordinal) && x.l.Contains(": ", StringComparison.Ordinal) && !x.l.StartsWith("# ATR", StringComparison.Ordinal))
                .ToList();
            foreach (var e in all)
            {
                var header = headers.Last(h => h.Item2 < e.Line && !h.l.Contains(": rc=", StringComparison.Ordinal));
                var name = header.l[2..header.l.IndexOf(": ", StringComparison.Ordinal)];
                steps.Last(s => s.Item1 == name).Item2.Add(e);
            }
        }
        var order = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "fixtures", "openpgp", "counts.txt")).ToList();
        return [.. steps.OrderBy(s => order.FindIndex(o => o.StartsWith(s.Item1 + " ", StringComparison.Ordinal)))];
    }

    public void Replay(List<Exchange> exchanges)
    {
        for (var i = 0; i < exchanges.Count; i++)
        {
            var x = exchanges[i];
            var genuine = new List<byte>(x.ResponseData);
            var sw = x.StatusWord;
            while (sw >> 8 == 0x61 && i + 1 < exchanges.Count && exchanges[i + 1].Ins == 0xC0)
            {
                i++;
                genuine.AddRange(exchanges[i].ResponseData);
                sw = exchanges[i].StatusWord;
            }
            ReplayOne(x, genuine.ToArray(), sw);
        }
    }

    private void ReplayOne(Exchange x, byte[] genuine, ushort genuineSw)
    {
        var command = x.Command;
        if (IsDecipher(command)) command = Reencipher(command, x);
        var (ours, sw) = Logical(command);
        var expectedSw = ExpectedStatus(command, genuineSw);
        Assert.True(sw == expectedSw, $"{x}: genuine {genuineSw:X4}, expected {expectedSw:X4}, emulated {sw:X4} {Hex.Format(ours)}");
        Compared++;
        if (sw != 0x9000) return;
        CompareData(x, command, genuine, ours);
    }

    /// <summary>Where this card answers differently from SmartPGP on purpose (see the fixture README and the applet).</summary>
    private ushort ExpectedStatus(byte[] c, ushort genuine)
    {
        // SELECT of another application or of a file (GnuPG probes 3F00): SmartPGP was not the default applet,
        // so jcardsim's card manager answered 6D00; on this standalone card the OpenPGP application answers
        // "no such file".
        if (c[1] == 0xA4 && !Hex.Format(c).Contains("D27600012401", StringComparison.Ordinal))
            return Note(c, genuine, 0x6A82, "SELECT of another AID or a file");
        // OpenSC 0.23's RSA attributes with a 32-bit exponent length: SmartPGP takes only 17 bits.
        if (Hex.Format(c) == "00DA00C106010800002000")
            return Note(c, genuine, 0x9000, "32-bit exponent length");
        // PSO:CDS with a SHA-1 DigestInfo: SmartPGP's policy refuses it (6985); this card signs any DigestInfo.
        // After a signature PW1 (81) is spent, so the next PSO:CDS is 6982 on both cards.
        if (c[1] == 0x2A && c[2] == 0x9E && genuine == 0x6985)
            return Note(c, genuine, 0x9000, "SHA-1 DigestInfo");
        return genuine;
    }

    private ushort Note(byte[] c, ushort genuine, ushort ours, string why)
    {
        Differences.Add($"{Hex.Format(c.AsSpan(0, Math.Min(c.Length, 12)))}: {genuine:X4} -> {ours:X4} ({why})");
        return ours;
    }

    private void CompareData(Exchange x, byte[] command, byte[] genuine, byte[] ours)
    {
        var ins = command[1];
        var tag = command[2] << 8 | command[3];
        if (ins == 0xCA && tag is 0x65 or 0xC4 or 0x7A or 0x5E or 0x5F50 or 0x0101 or 0x0102 or 0x7F21 or 0xC5 or 0xC6 or 0xCD)
            Assert.True(genuine.AsSpan().SequenceEqual(ours), $"{x}: genuine {Hex.Format(genuine)}, emulated {Hex.Format(ours)}");
        else if (ins == 0xCA && tag == 0x6E)
            CompareApplicationData(x, genuine, ours);
        else if (ins == 0xCA && tag == 0x4F)
            Assert.Equal(Hex.Format(genuine.AsSpan(0, 8)), Hex.Format(ours.AsSpan(0, 8)));
        else if (ins is 0x47 or 0x84)
            Assert.Equal(genuine.Length, ours.Length);
        else if (ins == 0x2A && command[2] == 0x9E)
            VerifySignature(x, 0xB6, command, ours);
        else if (ins == 0x88)
            VerifySignature(x, 0xA4, command, ours);
        else if (IsDecipher(command))
            Assert.True(genuine.AsSpan().SequenceEqual(ours), $"{x}: deciphered {Hex.Format(ours)}, genuine {Hex.Format(genuine)}");
        if (ins == 0x47) _publicKeys[command[^3]] = ours;
    }

    /// <summary>Inside 6E: PW status bytes, fingerprints, CA fingerprints and generation times must be the genuine ones.</summary>
    private static void CompareApplicationData(Exchange x, byte[] genuine, byte[] ours)
    {
        var g = OpenPgpDataObjectTests.Tlv.Parse(OpenPgpDataObjectTests.Tlv.Parse(OpenPgpDataObjectTests.Tlv.Parse(genuine)[0x6E])[0x73]);
        var o = OpenPgpDataObjectTests.Tlv.Parse(OpenPgpDataObjectTests.Tlv.Parse(OpenPgpDataObjectTests.Tlv.Parse(ours)[0x6E])[0x73]);
        foreach (var tag in new[] { 0xC4, 0xC5, 0xC6, 0xCD })
            Assert.True(g[tag].AsSpan().SequenceEqual(o[tag]), $"{x}: DO {tag:X2} genuine {Hex.Format(g[tag])}, emulated {Hex.Format(o[tag])}");
    }

    private void VerifySignature(Exchange x, byte crt, byte[] command, byte[] signature)
    {
        var input = DataOf(command);
        var template = _publicKeys.GetValueOrDefault(crt) ?? ReadPublicKey(crt);
        var t = HostCrypto.Template(template);
        if (t.ContainsKey(0x81))
            Assert.True(input.AsSpan().SequenceEqual(HostCrypto.OpenPkcs1Signature(HostCrypto.Rsa(template), signature)), $"{x}: RSA signature does not open to the input");
        else
            Assert.True(HostCrypto.VerifyEcdsa(HostCrypto.Ec(template, "secp256r1"), input, signature), $"{x}: ECDSA signature does not verify");
        Verified++;
    }

    private byte[] ReadPublicKey(byte crt)
    {
        var (data, _) = Logical(PgpCard.Apdu(0, 0x47, 0x81, 0x00, [crt, 0x00], 256));
        return _publicKeys[crt] = data;
    }

    private static bool IsDecipher(byte[] c) => c[1] == 0x2A && c[2] == 0x80 && c[3] == 0x86;

    /// <summary>
    /// A cryptogram for SmartPGP's key means nothing to this card: the chain's plaintext (SmartPGP's answer) is
    /// enciphered again for this card's decryption key and sent with the same framing (a 255-byte link, then the rest).
    /// </summary>
    private byte[] Reencipher(byte[] command, Exchange x)
    {
        var data = DataOf(command);
        if ((command[0] & 0x10) != 0)
        {
            _chain.AddRange(data);
            return command;
        }
        _chain.AddRange(data);
        var whole = _chain.ToArray();
        _chain.Clear();
        if (whole[0] != 0x00 || x.StatusWord != 0x9000) return command;
        var key = HostCrypto.Rsa(_publicKeys.GetValueOrDefault((byte)0xB8) ?? ReadPublicKey(0xB8));
        byte[] fresh = [0x00, .. HostCrypto.EncryptPkcs1(key, x.ResponseData)];
        Reenciphered++;
        // The first link already went out with SmartPGP's bytes; the card gathers the chain, so the fresh
        // cryptogram replaces the whole chain: abort it and send the new one in the same two links.
        card.Send(PgpCard.Apdu(0, 0x2A, 0x80, 0x87, [0x00]));
        card.Expect(PgpCard.Apdu(0x10, 0x2A, 0x80, 0x86, fresh[..255]), 0x9000);
        return PgpCard.Apdu(0, 0x2A, 0x80, 0x86, fresh[255..], 256);
    }

    private (byte[] Data, ushort Sw) Logical(byte[] command)
    {
        var (data, sw) = card.Send(command);
        var all = new List<byte>(data);
        while (sw >> 8 == 0x61)
        {
            (data, sw) = card.Send([0x00, 0xC0, 0x00, 0x00, (byte)sw]);
            all.AddRange(data);
        }
        return (all.ToArray(), sw);
    }

    private static byte[] DataOf(byte[] command)
    {
        if (command.Length <= 5) return [];
        var lc = command[4];
        return command.AsSpan(5, lc).ToArray();
    }
}
