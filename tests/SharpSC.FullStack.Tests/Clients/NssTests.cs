using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// NSS, the library of Firefox and Thunderbird: samples/nss/modutil.sh registers the module in a fresh
/// database, certutil lists the card's certificate, and NSS's tstclnt authenticates to a TLS server
/// with the card key.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class NssTests(OpenScV0Card card) : IClassFixture<OpenScV0Card>
{
    private const string Nickname = ClientCard.TokenLabel + ":Certificate";

    private string NewDatabase()
    {
        var db = card.Dir.File($"nssdb-{Guid.NewGuid():N}");
        var r = ProcessRunner.Run("sh", Samples.PathOf("nss", "modutil.sh"), db, Module.Path);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Module \"SharpSC\" added to database.", r.StdOut, StringComparison.Ordinal);
        return db;
    }

    [Fact]
    public void Modutil_adds_the_module_and_lists_the_token()
    {
        var db = NewDatabase();
        // modutil exits 32 when any slot is empty (the other vpcd reader is), with OpenSC's module too.
        var r = ProcessRunner.Run("modutil", "-dbdir", "sql:" + db, "-list", "SharpSC");
        Assert.Contains(Module.Path, r.StdOut, StringComparison.Ordinal);
        Assert.Contains("Slot: " + card.Card.ReaderName, r.StdOut, StringComparison.Ordinal);
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
        var pinFile = card.Dir.File("pin.txt");
        File.WriteAllText(pinFile, ClientCard.Pin + "\n");
        var pem = ProcessRunner.Run("certutil", "-L", "-d", "sql:" + db, "-h", ClientCard.TokenLabel, "-n", Nickname, "-a", "-f", pinFile);
        Assert.True(pem.ExitCode == 0, pem.ToString());
        Assert.Equal(Der(File.ReadAllText(card.CertificatePem)), Der(pem.StdOut));
    }

    private static byte[] Der(string pem) =>
        System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem).RawData;

    private ProcessResult TlsClient(TlsServer server, string db, params string[] options)
    {
        var trust = ProcessRunner.Run("certutil", "-A", "-d", "sql:" + db, "-n", "test server", "-t", "P,,", "-i", server.CertificatePem);
        Assert.True(trust.ExitCode == 0, trust.ToString());
        // tstclnt keeps polling a pipe at end of file; -A sends the request from a file and ends with the reply.
        var request = card.Dir.File("request.txt");
        File.WriteAllText(request, TlsServer.Request);
        return ProcessRunner.Run("tstclnt", ["-h", "127.0.0.1", "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-a", TlsServer.ServerName, "-d", "sql:" + db, "-n", Nickname, "-w", ClientCard.Pin, "-A", request, .. options],
            timeout: TimeSpan.FromSeconds(60));
    }

    // IsoApplet v0 signs RSA with PKCS#1 v1.5 only; TLS 1.3 needs RSA-PSS, so TLS 1.2 with rsa_pkcs1_sha256.
    [Fact]
    public void Tstclnt_authenticates_with_the_card_key()
    {
        var db = NewDatabase();
        using var server = new TlsServer(card.Dir, card.CaCertificatePem);
        var r = TlsClient(server, db, "-V", "tls1.2:tls1.2", "-J", "rsa_pkcs1_sha256");
        Assert.True(r.ExitCode == 0, r + "\n--- server ---\n" + server.Log);
        Assert.Contains("Client certificate", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("Subject: CN=card-rsa2048", r.StdOut, StringComparison.Ordinal);
    }

    // Fails today: the module lists CKM_RSA_PKCS_PSS (CKF_VERIFY only) on a v0 card; NSS checks only that the
    // token lists the mechanism (PK11_DoesMechanism), picks rsa_pss_rsae_sha256 and C_SignInit answers
    // CKR_MECHANISM_INVALID ("SEC_ERROR_INVALID_ALGORITHM"). With OpenSC's module on the same card NSS picks
    // rsa_pkcs1_sha256 and the handshake succeeds; Firefox users cannot pass -J.
    [Fact]
    public void Tstclnt_authenticates_over_tls12_with_default_signature_schemes()
    {
        var db = NewDatabase();
        using var server = new TlsServer(card.Dir, card.CaCertificatePem);
        var r = TlsClient(server, db, "-V", "tls1.2:tls1.2");
        Assert.True(r.ExitCode == 0, r + "\n--- server ---\n" + server.Log);
        Assert.Contains("Subject: CN=card-rsa2048", r.StdOut, StringComparison.Ordinal);
    }
}
