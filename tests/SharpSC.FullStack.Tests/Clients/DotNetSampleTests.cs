using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// samples/dotnet/SharpSC.Sample, a Pkcs11Interop console program, built with the SDK and run against
/// the module: it lists the token and signs with the RSA and the EC key, choosing a mechanism the
/// token signs with (CKM_ECDSA_SHA1 on a v0 card).
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class DotNetSampleTests(OpenScV0Card card) : IClassFixture<OpenScV0Card>
{
    private static readonly Lazy<string> Program = new(Build);

    private static string Build()
    {
        var output = new TempDir("sharpsc-sample-build");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => output.Dispose();
        var r = ProcessRunner.Run("dotnet", ["build", Samples.PathOf("dotnet", "SharpSC.Sample", "SharpSC.Sample.csproj"), "-c", "Release",
            "-o", output.Path, "--nologo", "-v", "quiet"], timeout: TimeSpan.FromMinutes(5));
        if (r.ExitCode != 0) throw new InvalidOperationException("the sample does not build: " + r);
        return output.File("sharpsc-sample.dll");
    }

    private static ProcessResult Sample(string? pin, params string[] args) =>
        ProcessRunner.Run("dotnet", [Program.Value, "--module", Module.Path, .. args],
            new Dictionary<string, string?> { ["SHARPSC_PIN"] = pin }, stdin: "");

    [Fact]
    public void List_shows_the_token_and_its_public_objects()
    {
        var r = Sample(null, "list");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"{card.Card.ReaderName}: token \"{ClientCard.TokenLabel}\"", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("certificate: id 01", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("RSA public key: id 01 label \"rsa2048\"", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("EC public key: id 03 label \"ecp256\"", r.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ClientCard.RsaId, "CKM_SHA256_RSA_PKCS", "sha256")]
    [InlineData(ClientCard.EcId, "CKM_ECDSA_SHA1", "sha1")]
    public void Sign_makes_a_signature_openssl_verifies(string id, string mechanism, string digest)
    {
        var data = card.Dir.File("sample-data.txt");
        File.WriteAllText(data, "signed by a .NET program\n");
        var sig = card.Dir.File($"sample-{id}.sig");
        var r = Sample(ClientCard.Pin, "sign", "--id", id, "--in", data, "--out", sig, "--token", ClientCard.TokenLabel);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"using {mechanism} (digest {digest})", r.StdOut, StringComparison.Ordinal);

        var publicKey = id == ClientCard.RsaId ? card.RsaPublicKeyPem : card.EcPublicKeyPem;
        var verify = ProcessRunner.Run("openssl", "dgst", "-" + digest, "-verify", publicKey, "-signature", sig, data);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public void A_wrong_pin_is_reported_in_one_line()
    {
        var data = card.Dir.File("sample-data.txt");
        File.WriteAllText(data, "not signed\n");
        var r = Sample("999999", "sign", "--id", ClientCard.RsaId, "--in", data, "--out", card.Dir.File("never.sig"), "--token", ClientCard.TokenLabel);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("sharpsc-sample: wrong PIN (the card counts the failure)", r.StdErr.Trim());
        Assert.False(File.Exists(card.Dir.File("never.sig")));
    }
}
