using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// NSS, the library of Firefox and Thunderbird: samples/nss/modutil.sh registers the module in a fresh
/// database, certutil lists the card's certificate, and NSS's tstclnt authenticates to a TLS server
/// with the card key.
/// </summary>
public abstract class NssTests<TCard>(TCard card) where TCard : ClientCard
{
    protected const string Nickname = ClientCard.TokenLabel + ":" + ClientCard.CertificateLabel;

    protected TCard Card { get; } = card;

    protected string NewDatabase()
    {
        var db = Card.Dir.File($"nssdb-{Guid.NewGuid():N}");
        var r = ProcessRunner.Run("sh", Samples.PathOf("nss", "modutil.sh"), db, Module.Path);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Module \"SharpSC\" added to database.", r.StdOut, StringComparison.Ordinal);
        return db;
    }

    /// <summary>tstclnt with the card certificate <paramref name="nickname"/> against a server that demands one.</summary>
    protected void ClientAuthentication(string nickname, string subject, params string[] options)
    {
        var db = NewDatabase();
        using var server = new TlsServer(Card.Dir, Card.CaCertificatePem);
        var trust = ProcessRunner.Run("certutil", "-A", "-d", "sql:" + db, "-n", "test server", "-t", "P,,", "-i", server.CertificatePem);
        Assert.True(trust.ExitCode == 0, trust.ToString());
        // tstclnt keeps polling a pipe at end of file; -A sends the request from a file and ends with the reply.
        var request = Card.Dir.File("request.txt");
        File.WriteAllText(request, TlsServer.Request);
        var r = ProcessRunner.Run("tstclnt", ["-h", "127.0.0.1", "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-a", TlsServer.ServerName, "-d", "sql:" + db, "-n", nickname, "-w", ClientCard.Pin, "-A", request, .. options],
            timeout: TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode == 0, r + "\n--- server ---\n" + server.Log);
        Assert.Contains("Client certificate", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("Subject: " + subject, r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Modutil_adds_the_module_and_lists_the_token()
    {
        var db = NewDatabase();
        // modutil exits 32 when any slot is empty (the other vpcd reader may be), with OpenSC's module too.
        var r = ProcessRunner.Run("modutil", "-dbdir", "sql:" + db, "-list", "SharpSC");
        Assert.Contains(Module.Path, r.StdOut, StringComparison.Ordinal);
        Assert.Contains("Slot: " + Card.ReaderName, r.StdOut, StringComparison.Ordinal);
        Assert.Contains("Token Name: " + ClientCard.TokenLabel + " ", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("Login Type: Login required", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Certutil_lists_the_card_certificate()
    {
        var db = NewDatabase();
        var r = ProcessRunner.Run("certutil", "-L", "-d", "sql:" + db, "-h", "all");
        Assert.Contains(Nickname, r.StdOut, StringComparison.Ordinal);

        // Reading one certificate of a login-required token logs in first; -f gives certutil the PIN.
        var pinFile = Card.Dir.File("pin.txt");
        File.WriteAllText(pinFile, ClientCard.Pin + "\n");
        var pem = ProcessRunner.Run("certutil", "-L", "-d", "sql:" + db, "-h", ClientCard.TokenLabel, "-n", Nickname, "-a", "-f", pinFile);
        Assert.True(pem.ExitCode == 0, pem.ToString());
        Assert.Equal(Der(File.ReadAllText(Card.CertificatePem)), Der(pem.StdOut));
    }

    private static byte[] Der(string pem) =>
        System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem).RawData;
}

/// <summary>IsoApplet v0 signs RSA with PKCS#1 v1.5 only; TLS 1.3 needs RSA-PSS, so TLS 1.2 with rsa_pkcs1_sha256.</summary>
[Collection(PcscCollection.Name)]
public sealed class NssOnV0Card(OpenScV0Card card) : NssTests<OpenScV0Card>(card), IClassFixture<OpenScV0Card>
{
    [Fact]
    public void Tstclnt_authenticates_over_tls12_with_rsa_pkcs1() =>
        ClientAuthentication(Nickname, "CN=card-rsa2048", "-V", "tls1.2:tls1.2", "-J", "rsa_pkcs1_sha256");

    // NSS checks only that the token lists a mechanism (PK11_DoesMechanism) before it picks rsa_pss_rsae_sha256;
    // the module lists no PSS on a v0 card, so NSS picks rsa_pkcs1_sha256 as Firefox would (it has no -J).
    [Fact]
    public void Tstclnt_authenticates_over_tls12_with_default_signature_schemes() =>
        ClientAuthentication(Nickname, "CN=card-rsa2048", "-V", "tls1.2:tls1.2");
}

[Collection(PcscCollection.Name)]
public sealed class NssOnV1Card(SharpscV1Card card) : NssTests<SharpscV1Card>(card), IClassFixture<SharpscV1Card>
{
    [Fact]
    public void Tstclnt_authenticates_over_tls13_with_the_rsa_key() =>
        ClientAuthentication(Nickname, "CN=card-rsa2048", "-V", "tls1.3:tls1.3");

    [Fact]
    public void Tstclnt_authenticates_over_tls13_with_the_ec_key() =>
        ClientAuthentication(ClientCard.TokenLabel + ":" + SharpscV1Card.EcCertificateLabel, "CN=card-ecp256", "-V", "tls1.3:tls1.3");
}

/// <summary>MyEID: TLS 1.3 needs RSA-PSS, which the module pads for the card's raw RSA.</summary>
[Collection(PcscCollection.Name)]
public sealed class NssOnMyEidCard(SharpscMyEidCard card) : NssTests<SharpscMyEidCard>(card), IClassFixture<SharpscMyEidCard>
{
    [Fact]
    public void Tstclnt_authenticates_over_tls13_with_the_rsa_key() =>
        ClientAuthentication(Nickname, "CN=card-rsa2048", "-V", "tls1.3:tls1.3");

    [Fact]
    public void Tstclnt_authenticates_over_tls13_with_the_ec_key() =>
        ClientAuthentication(ClientCard.TokenLabel + ":" + SharpscV1Card.EcCertificateLabel, "CN=card-ecp256", "-V", "tls1.3:tls1.3");
}
