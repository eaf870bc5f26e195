using SharpSC.FullStack.Tests.Clients;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Token;

/// <summary>
/// The seed guide's "Option 3" through NSS, the way Firefox enrols a card: certutil -R generates the key
/// pair on the token (C_GenerateKeyPair, then C_SetAttributeValue of NSS's CKA_ID) and signs a request
/// with it; a local CA (openssl) issues the certificate; certutil -A stores it on the token
/// (C_CreateObject). certutil -L -h all lists it afterwards, and OpenSC's dump sees key and certificate.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class NssEnrolmentTests(OpenScCard card) : IClassFixture<OpenScCard>
{
    private const string Nickname = "nss-enrolled";

    [Fact]
    public void Certutil_generates_a_key_on_the_card_and_stores_the_issued_certificate_there()
    {
        var dir = card.Dir;
        var db = dir.File("nss-enrol-db");
        ProcessRunner.RunChecked("sh", Samples.PathOf("nss", "modutil.sh"), db, Module.Path);
        var token = TokenLabel();
        var pinFile = dir.File("nss-enrol-pin.txt");
        File.WriteAllText(pinFile, TokenReader.Pin + "\n");
        var noise = dir.File("nss-enrol-noise.bin");
        File.WriteAllBytes(noise, System.Security.Cryptography.RandomNumberGenerator.GetBytes(2048));

        // 1. Key pair on the token and a request signed by it.
        var csrDer = dir.File("nss-enrol-request.der");
        var request = ProcessRunner.Run("certutil", "-R", "-d", "sql:" + db, "-h", token, "-k", "rsa", "-g", "2048",
            "-s", "CN=nss-enrolled,O=SharpSC", "-f", pinFile, "-z", noise, "-o", csrDer);
        Assert.True(request.ExitCode == 0, request.ToString());
        var csrPem = dir.File("nss-enrol-request.pem");
        var verified = ProcessRunner.Run("openssl", "req", "-inform", "DER", "-in", csrDer, "-verify", "-noout", "-out", csrPem);
        Assert.True(verified.ExitCode == 0, verified.ToString());
        ProcessRunner.RunChecked("openssl", "req", "-inform", "DER", "-in", csrDer, "-out", csrPem);

        // 2. A local CA issues the certificate.
        var caKey = dir.File("nss-enrol-ca.key");
        var caCert = dir.File("nss-enrol-ca.pem");
        ProcessRunner.RunChecked("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", caKey, "-subj", "/CN=Local Enrolment CA", "-days", "30", "-out", caCert);
        var certificate = dir.File("nss-enrol-issued.pem");
        ProcessRunner.RunChecked("openssl", "x509", "-req", "-in", csrPem, "-CA", caCert, "-CAkey", caKey, "-CAcreateserial",
            "-days", "30", "-out", certificate);

        // 3. Back onto the card through NSS, next to its key.
        var import = ProcessRunner.Run("certutil", "-A", "-d", "sql:" + db, "-h", token, "-n", Nickname, "-t", ",,", "-f", pinFile,
            "-i", certificate);
        Assert.True(import.ExitCode == 0, import.ToString());

        var list = ProcessRunner.Run("certutil", "-L", "-d", "sql:" + db, "-h", "all", "-f", pinFile);
        Assert.Contains($"{token}:{Nickname}", list.StdOut, StringComparison.Ordinal);

        // OpenSC sees the certificate with the ID of the key NSS generated (NSS's CKA_ID: SHA-1 of the modulus),
        // and NSS lists that key on the token under the same ID.
        var dump = OpenScDump.Objects(TokenReader.OpenScIndex);
        var cert = Assert.Single(dump, o => o.StartsWith($"X.509 Certificate [{Nickname}] ", StringComparison.Ordinal));
        var id = cert.Split(' ')[^1];
        Assert.Equal(40, id.Length);
        Assert.Contains(dump, o => o.StartsWith("Private RSA Key [", StringComparison.Ordinal) && o.EndsWith(" " + id, StringComparison.Ordinal));
        var keys = ProcessRunner.Run("certutil", "-K", "-d", "sql:" + db, "-h", token, "-f", pinFile);
        Assert.True(keys.ExitCode == 0, keys.ToString());
        Assert.Matches($@"> rsa\s+{id}\s", keys.StdOut);
    }

    private static string TokenLabel()
    {
        using var library = Module.Load();
        return Module.Slot(library, TokenReader.Name).GetTokenInfo().Label.TrimEnd();
    }
}
