using SharpSC.FullStack.Tests.Token;
using SharpSC.Pkcs15;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Reliability;

/// <summary>
/// Malformed PKCS#15 content on the card: every directory file (EF.DIR, ODF, TokenInfo, AODF, PrKDF, PuKDF,
/// CDF) overwritten in turn with damaged DER, then read by a host (pkcs11-tool with SHARPSC_DEBUG=1) through
/// the module. The host must see the token with what can be read, or "not recognized", never a crash or a
/// CKR_FUNCTION_FAILED, and the module must say in its log what was wrong. The module's file cache is
/// off for these hosts: it trusts the unchanged TokenInfo and would serve the undamaged copies.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class MalformedPkcs15Tests(OpenScCard card, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<OpenScCard>
{
    private const int RoundsPerFile = 8;

    [Fact]
    public void Damaged_DER_in_every_PKCS15_file_is_reported_not_crashed_on()
    {
        using var dir = new TempDir();
        var random = new Random(1515);
        var originals = CardFiles.Pkcs15Files.ToDictionary(p => p, CardFiles.Read);
        var rounds = 0;
        var notRecognized = 0;
        var withObjects = 0;
        try
        {
            foreach (var (path, original) in originals)
            {
                var used = UsedLength(original);
                for (var round = 0; round < RoundsPerFile; round++, rounds++)
                {
                    var damaged = Damage(original.AsSpan(0, used).ToArray(), round, random);
                    CardFiles.Write(path, damaged, original.Length);
                    var log = dir.File($"{path}-{round}.log");
                    var listing = Host(log, "--list-token-slots", "--list-objects");
                    var what = $"{path} round {round} ({Convert.ToHexString(damaged.AsSpan(0, Math.Min(24, damaged.Length)))}...)";
                    Assert.True(listing.ExitCode is 0 or 1, $"{what}: pkcs11-tool died: {listing}");
                    Assert.DoesNotContain("CKR_FUNCTION_FAILED", listing.All);
                    Assert.DoesNotContain("CKR_GENERAL_ERROR", listing.All);
                    var trace = File.Exists(log) ? File.ReadAllText(log) : "";
                    Assert.DoesNotContain("unexpected", trace); // ApiCall's line for an exception that escaped the engine
                    if (listing.StdOut.Contains("Public Key Object", StringComparison.Ordinal) || listing.StdOut.Contains("Certificate Object", StringComparison.Ordinal)) withObjects++;
                    if (listing.All.Contains("CKR_TOKEN_NOT_RECOGNIZED", StringComparison.Ordinal) || !listing.StdOut.Contains("token label", StringComparison.Ordinal))
                    {
                        notRecognized++;
                        Assert.Contains("ERROR", trace); // the reason is in the log
                    }
                }
                CardFiles.Write(path, original, original.Length);
            }
        }
        finally
        {
            foreach (var (path, original) in originals) CardFiles.Write(path, original, original.Length);
        }
        // The structure is whole again, and our reader parses it as before.
        var app = CardFiles.ParseBack()!;
        Assert.Equal(2, app.PrivateKeys.Count());
        Assert.Single(app.Certificates);
        Assert.Equal(CardFiles.Pkcs15Files.Length * RoundsPerFile, rounds);
        output.WriteLine($"{rounds} damaged files: {notRecognized} token(s) not shown, {withObjects} with objects");
        Assert.InRange(notRecognized, 1, rounds - 1); // damaging ODF/TokenInfo makes some rounds unreadable ...
        Assert.InRange(withObjects, 1, rounds - 1); // ... and damaging the TokenInfo label or EF.DIR leaves objects readable
        var again = Host(dir.File("after.log"), "--list-objects");
        Assert.Contains("rsa2048", again.StdOut);
        Assert.True(card.Card.ApduCount > rounds * 10, "the rounds did not reach the card");
    }

    /// <summary>
    /// One directory file that does not parse (the CDF here) leaves out its own objects, as OpenSC does:
    /// the keys are still listed and sign. It once failed every search on the token.
    /// </summary>
    [Fact]
    public void A_damaged_certificate_directory_leaves_out_the_certificates_and_nothing_else()
    {
        const string cdf = "3F0050154404";
        using var dir = new TempDir();
        var original = CardFiles.Read(cdf);
        try
        {
            CardFiles.Write(cdf, [0xA3, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x30, 0x00], original.Length);
            var log = dir.File("cdf.log");
            var listing = Host(log, "--login", "--pin", TokenReader.Pin, "--list-objects");
            Assert.True(listing.ExitCode == 0, listing.ToString());
            Assert.Contains("Private Key Object; RSA", listing.StdOut, StringComparison.Ordinal);
            Assert.Contains("Private Key Object; EC", listing.StdOut, StringComparison.Ordinal);
            Assert.DoesNotContain("Certificate Object", listing.StdOut, StringComparison.Ordinal);
            Assert.Contains("left out", File.ReadAllText(log), StringComparison.Ordinal);

            var data = dir.File("data.bin");
            File.WriteAllText(data, "signed although the CDF is damaged");
            var sign = Host(dir.File("sign.log"), "--login", "--pin", TokenReader.Pin, "--sign", "--id", "01", "-m", "SHA256-RSA-PKCS",
                "-i", data, "-o", dir.File("data.sig"));
            Assert.True(sign.ExitCode == 0, sign.ToString());
            var verify = OpenSsl.VerifySignature(dir, card.RsaPublicKeyPem, File.ReadAllBytes(data), File.ReadAllBytes(dir.File("data.sig")), "sha256");
            Assert.True(verify.ExitCode == 0, verify.ToString());
        }
        finally
        {
            CardFiles.Write(cdf, original, original.Length);
        }
    }

    private static ProcessResult Host(string log, params string[] args) =>
        ProcessRunner.Run("pkcs11-tool", ["--module", Module.Path, "--slot-description", TokenReader.Name, .. args],
            new Dictionary<string, string?> { ["SHARPSC_DEBUG"] = "1", ["SHARPSC_LOG"] = log, ["SHARPSC_CACHE"] = "off" }, timeout: TimeSpan.FromSeconds(60));

    /// <summary>Ways DER goes bad: random bytes, a wrong tag, length bombs, truncation, flips, 0xFF fill, deep nesting.</summary>
    private static byte[] Damage(byte[] der, int round, Random random)
    {
        var d = (byte[])der.Clone();
        switch (round)
        {
            case 0:
                random.NextBytes(d);
                return d;
            case 1:
                d[0] ^= 0x20; // constructed bit of the outer tag
                return d;
            case 2:
                return [d[0], 0x84, 0xFF, 0xFF, 0xFF, 0xF0, .. d.Skip(2)]; // a 4 GB length
            case 3:
                return d[..(d.Length / 2)];
            case 4:
                for (var i = 0; i < 6; i++) d[random.Next(d.Length)] ^= (byte)(1 << random.Next(8));
                return d;
            case 5:
                return Enumerable.Repeat((byte)0xFF, d.Length).ToArray();
            case 6:
                return [.. Enumerable.Repeat(new byte[] { 0x30, 0x80 }, 60).SelectMany(x => x)]; // indefinite lengths, deep
            default:
                if (d.Length > 3) d[3] = (byte)(d[3] + 1); // an inner length one too long
                return d;
        }
    }

    private static int UsedLength(byte[] file)
    {
        var n = file.Length;
        while (n > 0 && file[n - 1] == 0) n--;
        return Math.Max(n, 4);
    }
}
