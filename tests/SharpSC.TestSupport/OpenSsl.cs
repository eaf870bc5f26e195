using System.Numerics;

namespace SharpSC.TestSupport;

/// <summary>Checks made with the openssl tool, the independent judge of our signatures and ciphertexts.</summary>
public static class OpenSsl
{
    /// <summary>Verifies a signature over <paramref name="data"/> with openssl dgst; returns openssl's output on failure.</summary>
    public static ProcessResult VerifySignature(TempDir dir, string publicKeyPem, byte[] data, byte[] signature, string digest, bool pss = false)
    {
        var dataFile = dir.File($"data-{Guid.NewGuid():N}.bin");
        var sigFile = dir.File($"sig-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(dataFile, data);
        File.WriteAllBytes(sigFile, signature);
        var args = new List<string> { "dgst", "-" + digest, "-verify", publicKeyPem, "-signature", sigFile };
        if (pss) args.AddRange(["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:-1"]);
        args.Add(dataFile);
        return ProcessRunner.Run("openssl", args);
    }

    /// <summary>PKCS#11 ECDSA signatures are r‖s; openssl wants a DER ECDSA-Sig-Value.</summary>
    public static byte[] EcdsaRawToDer(byte[] raw)
    {
        var half = raw.Length / 2;
        var r = Integer(raw.AsSpan(0, half));
        var s = Integer(raw.AsSpan(half));
        var body = r.Concat(s).ToArray();
        return [0x30, .. Length(body.Length), .. body];
    }

    private static byte[] Integer(ReadOnlySpan<byte> unsigned)
    {
        var value = new BigInteger(unsigned, isUnsigned: true, isBigEndian: true);
        var bytes = value.ToByteArray(isUnsigned: false, isBigEndian: true);
        return [0x02, .. Length(bytes.Length), .. bytes];
    }

    private static byte[] Length(int n) => n < 128 ? [(byte)n] : [0x81, (byte)n];

    /// <summary>Encrypts with RSA PKCS#1 v1.5 to the public key, as a host application would.</summary>
    public static byte[] EncryptPkcs1(TempDir dir, string publicKeyPem, byte[] plaintext)
    {
        var input = dir.File($"pt-{Guid.NewGuid():N}.bin");
        var output = dir.File($"ct-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(input, plaintext);
        ProcessRunner.RunChecked("openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", publicKeyPem, "-in", input, "-out", output);
        return File.ReadAllBytes(output);
    }
}
