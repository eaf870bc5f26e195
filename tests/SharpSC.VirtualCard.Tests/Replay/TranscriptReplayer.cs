using System.Security.Cryptography;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Tests.Replay;

/// <summary>
/// Replays a genuine-applet transcript against an emulated card and checks every answer:
/// - the status word always;
/// - the data byte for byte, after replacing the genuine card's RSA modulus and EC point by the
///   emulator's (learnt from its GENERATE answers), wherever they were written to or read from files;
/// - GET CHALLENGE: only the length (random);
/// - signatures: only verified, with the key the emulator returned (random nonces, other keys);
/// - DECIPHER: the ciphertext is re-encrypted to the emulator's key, the plaintext must match.
/// </summary>
public sealed class TranscriptReplayer(IsoAppletCard card)
{
    private readonly SecretSubstitution _substitution = new();
    private readonly Dictionary<int, CardPublicKey> _keysBySlot = [];
    private readonly List<byte> _pendingDecipherChain = [];
    private readonly List<byte[]> _pendingDecipherCommands = [];
    private int _generationSlot = -1;
    private int _operationSlot = -1;
    private byte _operationAlgorithm;

    /// <summary>For documented simulator artifacts: the data a real card answers instead of the fixture's.</summary>
    public Func<Exchange, byte[]?>? ExpectedDataOverride { get; init; }

    public int Compared { get; private set; }
    public int Verified { get; private set; }
    public int LengthOnly { get; private set; }

    public void Replay(IReadOnlyList<Exchange> exchanges)
    {
        for (var i = 0; i < exchanges.Count; i++)
        {
            var x = exchanges[i];
            if (x.Ins == Instructions.GenerateAsymmetricKeyPair && (x.StatusWord == 0x9000 || (x.StatusWord >> 8) == 0x61))
            {
                i += ReplayGeneration(exchanges, i);
                continue;
            }
            if (IsDecipher(x.Command))
            {
                ReplayDecipherPart(x);
                continue;
            }
            var actual = card.Process(SubstituteData(x.Command));
            CheckStatus(x, actual);
            CheckData(x, actual);
            Track(x);
        }
    }

    // GENERATE, and in v0 the GET RESPONSE that fetches the rest: learn the emulator's key, then compare.
    private int ReplayGeneration(IReadOnlyList<Exchange> exchanges, int index)
    {
        var x = exchanges[index];
        var actual = card.Process(x.Command);
        CheckStatus(x, actual);
        var fixtureData = x.ResponseData.ToList();
        var ourData = actual[..^2].ToList();
        var parts = new List<(Exchange, byte[])> { (x, actual) };
        var consumed = 0;
        while ((x.StatusWord >> 8) == 0x61)
        {
            x = exchanges[index + ++consumed];
            Assert.Equal(Instructions.GetResponse, x.Ins);
            actual = card.Process(x.Command);
            CheckStatus(x, actual);
            fixtureData.AddRange(x.ResponseData);
            ourData.AddRange(actual[..^2]);
            parts.Add((x, actual));
        }
        var fixtureKey = CardPublicKey.Parse([.. fixtureData]);
        var ourKey = CardPublicKey.Parse([.. ourData]);
        _substitution.Add(fixtureKey.RandomPart, ourKey.RandomPart);
        _keysBySlot[_generationSlot] = ourKey;
        foreach (var (exchange, answer) in parts) CheckData(exchange, answer);
        return consumed;
    }

    // DECIPHER may arrive as a CLA 10 chain: collect it, re-encrypt the expected plaintext to the
    // emulator's key, and send the new ciphertext cut exactly as the transcript cut the old one.
    private void ReplayDecipherPart(Exchange x)
    {
        var c = x.Command;
        _pendingDecipherCommands.Add(c);
        _pendingDecipherChain.AddRange(DataField(c));
        if ((c[0] & 0x10) != 0 && x.StatusWord == 0x9000) return;
        var whole = _pendingDecipherChain.ToArray();
        var commands = _pendingDecipherCommands.ToList();
        _pendingDecipherChain.Clear();
        _pendingDecipherCommands.Clear();
        if (x.StatusWord == 0x9000 && _keysBySlot.TryGetValue(_operationSlot, out var key) && whole.Length > 1)
        {
            var ciphertext = key.EncryptPkcs1(x.ResponseData);
            Assert.Equal(whole.Length - 1, ciphertext.Length);
            ciphertext.CopyTo(whole, 1);
        }
        var offset = 0;
        byte[] actual = [];
        foreach (var original in commands)
        {
            var length = DataField(original).Length;
            var rebuilt = Rebuild(original, whole.AsSpan(offset, length));
            offset += length;
            actual = card.Process(rebuilt);
        }
        CheckStatus(x, actual);
        CheckData(x, actual);
        Compared++;
    }

    private void CheckStatus(Exchange x, byte[] actual)
    {
        var sw = (ushort)(actual[^2] << 8 | actual[^1]);
        Assert.True(sw == x.StatusWord, $"{x}: expected SW {x.StatusWord:X4}, emulator answered {sw:X4} ({Hex.Format(actual)})");
    }

    private void CheckData(Exchange x, byte[] actual)
    {
        var data = actual[..^2];
        var c = x.Command;
        if (x.Ins == Instructions.GetChallenge && x.StatusWord == 0x9000)
        {
            Assert.True(x.ResponseData.Length == data.Length, $"{x}: challenge length {data.Length}");
            LengthOnly++;
            return;
        }
        if (x.Ins == Instructions.PerformSecurityOperation && c[2] == 0x9E && c[3] == 0x9A && x.StatusWord == 0x9000)
        {
            VerifySignature(x, DataField(c), data);
            Verified++;
            return;
        }
        var expected = _substitution.Apply(ExpectedDataOverride?.Invoke(x) ?? x.ResponseData);
        Assert.True(expected.AsSpan().SequenceEqual(data), $"{x}:\n expected {Hex.Format(expected)}\n actual   {Hex.Format(data)}");
        Compared++;
    }

    private void VerifySignature(Exchange x, byte[] input, byte[] signature)
    {
        Assert.True(_keysBySlot.TryGetValue(_operationSlot, out var key), $"{x}: no public key known for slot {_operationSlot}");
        var ok = _operationAlgorithm switch
        {
            0x11 => key!.VerifyPkcs1(input, signature),
            0x12 => key!.VerifyPss(input, signature),
            0x21 when card.Version == AppletVersion.V0 => key!.VerifyEcdsa(SHA1.HashData(input), signature),
            0x21 => key!.VerifyEcdsa(input, signature),
            _ => throw new InvalidOperationException($"unknown algorithm {_operationAlgorithm:X2}"),
        };
        Assert.True(ok, $"{x}: signature {Hex.Format(signature)} does not verify");
    }

    // Remembers what MSE SET selected, as a host would.
    private void Track(Exchange x)
    {
        var c = x.Command;
        if (x.Ins != Instructions.ManageSecurityEnvironment || c[2] != 0x41 || x.StatusWord != 0x9000) return;
        var data = DataField(c);
        var algorithm = data[Array.IndexOf(data, (byte)0x80) + 2];
        var slot = data[FindTag(data, 0x84) + 2];
        if (c[3] == 0x00)
        {
            _generationSlot = slot;
        }
        else
        {
            _operationSlot = slot;
            _operationAlgorithm = algorithm;
        }
    }

    private static int FindTag(byte[] tlv, byte tag)
    {
        for (var p = 0; p < tlv.Length; p += 2 + tlv[p + 1])
            if (tlv[p] == tag) return p;
        throw new InvalidOperationException($"tag {tag:X2} not found");
    }

    private byte[] SubstituteData(byte[] command)
    {
        var data = DataField(command);
        return data.Length == 0 ? command : Rebuild(command, _substitution.Apply(data));
    }

    private static bool IsDecipher(byte[] c) => c.Length > 4 && c[1] == 0x2A && c[2] == 0x80 && c[3] == 0x86;

    /// <summary>The data field of a short or extended command.</summary>
    public static byte[] DataField(byte[] c) =>
        (CommandApdu.TryParse(c) ?? throw new FormatException($"malformed fixture command {Hex.Format(c)}")).Data;

    private static byte[] Rebuild(byte[] original, ReadOnlySpan<byte> data)
    {
        var r = (byte[])original.Clone();
        var offset = CommandApdu.TryParse(original)!.IsExtended ? 7 : 5;
        data.CopyTo(r.AsSpan(offset));
        return r;
    }
}
