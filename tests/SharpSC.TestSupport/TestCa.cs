namespace SharpSC.TestSupport;

/// <summary>A throwaway certificate authority made with the openssl tool, to certify card keys in tests.</summary>
public static class TestCa
{
    /// <summary>Issues a certificate for <paramref name="publicKeyPem"/> (PEM) and writes it as PEM.</summary>
    public static void Issue(TempDir dir, string publicKeyPem, string subject, string certificatePem)
    {
        var caKey = dir.File("ca.key");
        var caCert = dir.File("ca.pem");
        if (!File.Exists(caCert))
        {
            ProcessRunner.RunChecked("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", caKey, "-subj", "/CN=Throwaway Test CA", "-days", "30", "-out", caCert);
        }
        // A request signed by the CA key stands in; -force_pubkey puts the card's key in the certificate.
        var csr = dir.File("req.csr");
        ProcessRunner.RunChecked("openssl", "req", "-new", "-key", caKey, "-subj", subject, "-out", csr);
        ProcessRunner.RunChecked("openssl", "x509", "-req", "-in", csr, "-CA", caCert, "-CAkey", caKey, "-CAcreateserial",
            "-force_pubkey", publicKeyPem, "-days", "30", "-out", certificatePem);
    }
}
