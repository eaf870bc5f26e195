using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// samples/dotnet/SharpSC.Sample, a Pkcs11Interop console program, built with the SDK and run against
/// the module: it lists the token and signs with the RSA and the EC key, choosing a mechanism the
/// token signs with.
/// </summary>
public abstract class DotNetSampleTests<TCard>(TCard card) where TCard : ClientCard
{
    protected TCard Card { get; } = card;

    /// <summary>The mechanism and digest the sample should pick for the EC key on this card.</summary>
    protected abstract (string Mechanism, string Digest) EcSignature { get; }

    private static ProcessResult Sample(string? pin, params string[] args) =>
        ProcessRunner.Run("dotnet", [SampleProgram.Path, "--module", Module.Path, .. args],
            new Dictionary<string, string?> { ["SHARPSC_PIN"] = pin }, stdin: "");

    [Fact]
    public void List_shows_the_token_and_its_public_objects()
    {
        var r = Sample(null, "list");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"{Card.ReaderName}: token \"{ClientCard.TokenLabel}\"", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("certificate: id 01", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("RSA public key: id 01 label \"rsa2048\"", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("EC public key: id 03 label \"ecp256\"", r.StdOut, StringComparison.Ordinal);
    }

    private void SignAndVerify(string id, string publicKeyPem, string mechanism, string digest)
    {
        var data = Card.Dir.File("sample-data.txt");
        File.WriteAllText(data, "signed by a .NET program\n");
        var sig = Card.Dir.File($"sample-{id}.sig");
        var r = Sample(ClientCard.Pin, "sign", "--id", id, "--in", data, "--out", sig, "--token", ClientCard.TokenLabel);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"using {mechanism} (digest {digest})", r.StdOut, StringComparison.Ordinal);

        var verify = ProcessRunner.Run("openssl", "dgst", "-" + digest, "-verify", publicKeyPem, "-signature", sig, data);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public void Sign_with_the_rsa_key_makes_a_signature_openssl_verifies() =>
        SignAndVerify(ClientCard.RsaId, Card.RsaPublicKeyPem, "CKM_SHA256_RSA_PKCS", "sha256");

    [Fact]
    public void Sign_with_the_ec_key_picks_a_mechanism_the_card_signs_with_and_openssl_verifies() =>
        SignAndVerify(ClientCard.EcId, Card.EcPublicKeyPem, EcSignature.Mechanism, EcSignature.Digest);

    [Fact]
    public void A_wrong_pin_is_reported_in_one_line()
    {
        var data = Card.Dir.File("sample-data.txt");
        File.WriteAllText(data, "not signed\n");
        var sig = Card.Dir.File("never.sig");
        var r = Sample("999999", "sign", "--id", ClientCard.RsaId, "--in", data, "--out", sig, "--token", ClientCard.TokenLabel);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("sharpsc-sample: wrong PIN (the card counts the failure)", r.StdErr.Trim());
        Assert.False(File.Exists(sig));
    }
}

/// <summary>The sample, built once per test run with the SDK as a user builds it.</summary>
public static class SampleProgram
{
    private static readonly Lazy<string> Built = new(Build);

    public static string Path => Built.Value;

    private static string Build()
    {
        var output = new TempDir("sharpsc-sample-build");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => output.Dispose();
        var r = ProcessRunner.Run("dotnet", ["build", Samples.PathOf("dotnet", "SharpSC.Sample", "SharpSC.Sample.csproj"), "-c", "Release",
            "-o", output.Path, "--nologo", "-v", "quiet"], timeout: TimeSpan.FromMinutes(5));
        if (r.ExitCode != 0) throw new InvalidOperationException("the sample does not build: " + r);
        return output.File("sharpsc-sample.dll");
    }
}

/// <summary>IsoApplet v0 hashes ECDSA input on the card with SHA-1: CKM_ECDSA_SHA1 is its one EC signature.</summary>
[Collection(PcscCollection.Name)]
public sealed class DotNetSampleOnV0Card(OpenScV0Card card) : DotNetSampleTests<OpenScV0Card>(card), IClassFixture<OpenScV0Card>
{
    protected override (string Mechanism, string Digest) EcSignature => ("CKM_ECDSA_SHA1", "sha1");
}

[Collection(PcscCollection.Name)]
public sealed class DotNetSampleOnV1Card(SharpscV1Card card) : DotNetSampleTests<SharpscV1Card>(card), IClassFixture<SharpscV1Card>
{
    protected override (string Mechanism, string Digest) EcSignature => ("CKM_ECDSA_SHA256", "sha256");
}
