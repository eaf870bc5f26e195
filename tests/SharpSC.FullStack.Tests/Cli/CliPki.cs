using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Cli;

/// <summary>Certificates and PKCS#12 files made with the openssl tool for the CLI tests.</summary>
internal static class CliPki
{
    /// <summary>A PKCS#12 file: a fresh key (RSA-2048 or P-256), its certificate from the test CA, and the CA certificate.</summary>
    public static string Pkcs12(TempDir dir, string name, string passphrase, bool ec = false)
    {
        var caKey = dir.File("ca.key");
        var caCert = dir.File("ca.pem");
        if (!File.Exists(caCert))
        {
            // The same CA TestCa.Issue makes: the p12 chain and the card certificates share it.
            TestCa.Issue(dir, PublicKeyOf(dir, "seed"), "/CN=seed", dir.File("seed.pem"));
        }
        var key = dir.File(name + ".key");
        if (ec)
            ProcessRunner.RunChecked("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key);
        else
            ProcessRunner.RunChecked("openssl", "genrsa", "-out", key, "2048");
        var csr = dir.File(name + ".csr");
        var cert = dir.File(name + ".pem");
        ProcessRunner.RunChecked("openssl", "req", "-new", "-key", key, "-subj", "/CN=" + name, "-out", csr);
        ProcessRunner.RunChecked("openssl", "x509", "-req", "-in", csr, "-CA", caCert, "-CAkey", caKey, "-CAcreateserial", "-days", "30", "-out", cert);
        var p12 = dir.File(name + ".p12");
        ProcessRunner.RunChecked("openssl", "pkcs12", "-export", "-inkey", key, "-in", cert, "-certfile", caCert, "-name", name,
            "-passout", "pass:" + passphrase, "-out", p12);
        return p12;
    }

    /// <summary>A throwaway public key (PEM) to seed the CA with.</summary>
    private static string PublicKeyOf(TempDir dir, string name)
    {
        var key = dir.File(name + ".seed.key");
        var pub = dir.File(name + ".seed.pub");
        ProcessRunner.RunChecked("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key);
        ProcessRunner.RunChecked("openssl", "pkey", "-in", key, "-pubout", "-out", pub);
        return pub;
    }
}
