using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Cards.Tests.Support;
using SharpSC.Cards.Transport;

namespace SharpSC.Cards.Tests.Drivers.Piv;

/// <summary>
/// The driver against the genuine PivApplet (tests/fixtures/piv, recorded under OpenSC 0.23): the card's
/// answers come from the transcripts, the commands the driver sends must be the ones OpenSC sent, and the
/// signatures the genuine card made verify under the certificates it holds.
/// </summary>
public sealed class PivTranscriptDriverTests
{
    private const string JcardsimAtr = "3BFA1800008131FE454A434F5033315632333298";

    /// <summary>
    /// Our SELECT, answered with PivApplet's genuine answer to a SELECT of the PIV AID, then the check of the
    /// selection our driver makes at the start of a transaction (an empty VERIFY, not in OpenSC's transcripts).
    /// </summary>
    private static ScriptedTransport Card(bool sendsCommands = true)
    {
        var select = Lines("personalise.apdu")[2].Text[2..]; // line 3: "61 81 79 ... 9000"
        var card = new ScriptedTransport(JcardsimAtr).Expect("00A4040005A00000030800", select);
        return sendsCommands ? card.Expect(PivDriverEmulatorTests.SelectionCheck, "63C3") : card;
    }

    /// <summary>Adds the exchanges starting at the given command lines (1-based) of a transcript, in order.</summary>
    private static ScriptedTransport With(ScriptedTransport card, string name, params int[] commandLines)
    {
        var lines = Lines(name);
        foreach (var n in commandLines)
        {
            var command = lines[n - 1].Text;
            var response = lines[n].Text;
            Assert.StartsWith(">", command, StringComparison.Ordinal);
            Assert.StartsWith("<", response, StringComparison.Ordinal);
            card.Expect(command[2..], response[2..]);
        }
        return card;
    }

    private static List<(int Number, string Text)> Lines(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "fixtures", "piv", name)).Select((t, i) => (i + 1, t.Trim())).ToList();

    private readonly List<IDisposable> _transactions = [];

    /// <summary>The driver, in one transaction until <see cref="Done"/>.</summary>
    private PivDriver Connect(ScriptedTransport card)
    {
        var driver = PivDriver.TryConnect(new ApduChannel(card), out _) ?? throw new InvalidOperationException("not detected");
        _transactions.Add(driver.BeginTransaction());
        return driver;
    }

    /// <summary>Ends the transactions, then checks the card got every scripted command.</summary>
    private void Done(ScriptedTransport card)
    {
        _transactions.ForEach(t => t.Dispose());
        _transactions.Clear();
        card.AssertDone();
    }

    private static X509Certificate2 CertificateOf(string objectTagHex)
    {
        // The certificate OpenSC read in pkcs11-tool -L: GET DATA Le 08 (probe), then Le 00 and GET RESPONSE rounds.
        var lines = Lines("opensc-L.apdu");
        var start = lines.FindIndex(l => l.Text == $"> 00CB3FFF055C035F{objectTagHex}00");
        var data = new List<byte>();
        for (var i = start + 1; i < lines.Count; i++)
        {
            if (!lines[i].Text.StartsWith("< ", StringComparison.Ordinal)) continue;
            var parts = lines[i].Text[2..].Split(' ');
            data.AddRange(Hex.Decode(parts[0]));
            if (parts[^1] == "9000") break;
        }
        var der = PivCertificateContainer.Parse(data.ToArray().AsMemory()[4..], out var compressed); // 53 82 xx xx
        Assert.False(compressed);
        return X509CertificateLoader.LoadCertificate(der);
    }

    [Fact]
    public void Select_answer_of_pivapplet_parses_label_and_algorithms()
    {
        var card = Card(sendsCommands: false);
        var driver = Connect(card);
        Assert.StartsWith("PivApplet v0.9.0", driver.Application.Label, StringComparison.Ordinal);
        Assert.Equal([0x03, 0x0C, 0x07, 0x11, 0x14], driver.Application.Algorithms);
        Assert.Equal("PivApplet v0.9.0/REeAxaD", driver.Version); // its label as it sends it
        Done(card);
    }

    [Fact]
    public void Certificate_of_9a_is_read_with_short_apdus_and_get_response_as_opensc_did()
    {
        // opensc-L lines 48-52: GET DATA 5FC105 Le 00 -> 61FF, GET RESPONSE FF -> 6128, GET RESPONSE 28 -> 9000.
        var card = With(Card(), "opensc-L.apdu", 48, 51, 53);
        var der = Connect(card).ReadCertificate(PivSlot.Authentication);
        Done(card);
        using var cert = X509CertificateLoader.LoadCertificate(der!);
        Assert.Equal("O=example.com, OU=test, CN=bar", cert.Subject);
    }

    [Fact]
    public void Rsa_signature_with_9a_is_chained_as_opensc_sent_it_and_verifies_under_the_9a_certificate()
    {
        var lines = Lines("opensc-sign-rsa.apdu");
        var chained = Hex.Decode(lines[92].Text[2..]); // line 93: 10 87 07 9A FF 7C 82 01 06 82 00 81 82 01 00 <block...>
        var last = Hex.Decode(lines[94].Text[2..]);    // line 95: 00 87 07 9A 0B <rest> 00
        var block = chained[15..].Concat(last[5..^1]).ToArray();
        Assert.Equal(256, block.Length);
        var digestInfo = block[(Array.IndexOf(block, (byte)0x00, 2) + 1)..];

        var card = With(Card(), "opensc-sign-rsa.apdu", 88, 93, 95, 97);
        var driver = Connect(card);
        driver.VerifyPin(PivDriver.Pin, "123456"u8);
        var signature = driver.Sign(new CardKey(0x9A, 2048), SignatureAlgorithm.RsaPkcs1, digestInfo);
        Done(card);

        using var cert = CertificateOf("C105");
        using var rsa = cert.GetRSAPublicKey()!;
        Assert.True(rsa.VerifyHash(digestInfo[^32..], signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Ecdsa_signature_with_9c_verifies_under_the_9c_certificate()
    {
        var lines = Lines("opensc-sign-ec.apdu");
        var command = Hex.Decode(lines[90].Text[2..]); // line 91: 00 87 11 9C 26 7C 24 82 00 81 20 <hash> 00
        var hash = command[11..^1];
        var card = With(Card(), "opensc-sign-ec.apdu", 89, 91);
        var driver = Connect(card);
        driver.VerifyPin(PivDriver.Pin, "123456"u8);
        var der = driver.SignHash(PivSlot.Signature, EcCurves.Secp256r1, hash);
        Done(card);
        using var cert = CertificateOf("C10A");
        using var ecdsa = cert.GetECDsaPublicKey()!;
        Assert.True(ecdsa.VerifyHash(hash, EcdsaSignature.DerToRaw(der, 32)));
    }

    [Fact]
    public void Rsa_decryption_with_9d_removes_the_padding_of_the_genuine_answer()
    {
        var lines = Lines("opensc-decrypt.apdu");
        var chained = Hex.Decode(lines[85].Text[2..]);
        var last = Hex.Decode(lines[88].Text[2..]);
        var ciphertext = chained[15..].Concat(last[5..^1]).ToArray();
        var card = With(Card(), "opensc-decrypt.apdu", 82, 86, 89, 91);
        var driver = Connect(card);
        driver.VerifyPin(PivDriver.Pin, "123456"u8);
        var plain = driver.Decipher(new CardKey(0x9D, 2048), DecipherAlgorithm.RsaPkcs1, ciphertext);
        Done(card);
        Assert.EndsWith("et for 9d", System.Text.Encoding.ASCII.GetString(plain), StringComparison.Ordinal);
    }

    [Fact]
    public void Key_history_discovery_and_empty_retired_slots_from_the_genuine_card()
    {
        var history = Lines("ykcs11-O.apdu").First(l => l.Text.StartsWith("< 5308C101", StringComparison.Ordinal)).Text;
        var card = Card()
            .Expect("00CB3FFF055C035FC10C00", history[2..])
            .Expect("00CB3FFF035C017E00", "7E124F0BA0000003080000100001005F2F024000 9000")
            .Expect("00CB3FFF055C035FC10D00", "6A82");
        var driver = Connect(card);
        Assert.Equal(new PivKeyHistory(0, 0, null), driver.ReadKeyHistory());
        Assert.Equal(Hex.Decode("4F0BA0000003080000100001005F2F024000"), driver.ReadObject(0x7E));
        Assert.Null(driver.ReadCertificate(PivSlot.Retired[0]));
        Done(card);
    }
}
