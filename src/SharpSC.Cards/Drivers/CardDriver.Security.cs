using System.Globalization;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;

namespace SharpSC.Cards.Drivers;

// ISO 7816-4 §7.5.11 MANAGE SECURITY ENVIRONMENT, ISO 7816-8 §11 PERFORM SECURITY OPERATION, §7.5.3 GET CHALLENGE.
public abstract partial class CardDriver
{
    protected const byte InsManageSecurityEnvironment = 0x22;
    protected const byte InsPerformSecurityOperation = 0x2A;
    protected const byte InsGetChallenge = 0x84;
    protected const byte MseSetComputation = 0x41;

    /// <summary>
    /// Signs <paramref name="input"/> with a card key (MSE SET only when the environment differs from the one in
    /// force, then PSO COMPUTE DIGITAL SIGNATURE) and returns the card's answer as is (DER for ECDSA; see
    /// <see cref="EcdsaSignature.DerToRaw"/>).
    /// </summary>
    public byte[] Sign(CardKey key, SignatureAlgorithm algorithm, ReadOnlySpan<byte> input)
    {
        var data = input.ToArray();
        return Run("SIGN", () => ComputeSignature(key, algorithm, data));
    }

    /// <summary>Deciphers with a card key (MSE SET when needed, then PSO DECIPHER with padding indicator 00).</summary>
    public byte[] Decipher(CardKey key, DecipherAlgorithm algorithm, ReadOnlySpan<byte> ciphertext)
    {
        var data = ciphertext.ToArray();
        return Run("DECIPHER", () => ComputeDecipher(key, algorithm, data));
    }

    /// <summary>
    /// ECDH with a card key: <paramref name="peerPoint"/> is the other party's uncompressed point (04‖X‖Y); the
    /// answer is the shared secret (the x-coordinate; some cards answer the whole point). Not an ISO default.
    /// </summary>
    public byte[] DeriveSharedSecret(CardKey key, ReadOnlySpan<byte> peerPoint)
    {
        var data = peerPoint.ToArray();
        return Run("ECDH", () => ComputeSharedSecret(key, data));
    }

    /// <summary>Card-specific (MyEID: GENERAL AUTHENTICATE; PIV: GENERAL AUTHENTICATE 85); none by default.</summary>
    protected virtual byte[] ComputeSharedSecret(CardKey key, byte[] peerPoint) => throw NotSupported("ECDH");

    /// <summary>Random bytes from the card (GET CHALLENGE in chunks of at most 256).</summary>
    public virtual byte[] GetChallenge(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        return Run("GET CHALLENGE", () =>
        {
            var output = new byte[length];
            for (var done = 0; done < length;)
            {
                var n = Math.Min(CommandApdu.MaxShortNe, length - done);
                var response = Send("GET CHALLENGE", new CommandApdu(0x00, InsGetChallenge, 0x00, 0x00, ne: n));
                if (response.Data.Length != n)
                    throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"GET CHALLENGE returned {response.Data.Length} bytes for Le={n}."));
                response.Data.CopyTo(output, done);
                done += n;
            }
            return output;
        });
    }

    /// <summary>Generates a key pair in a key slot and returns the public key. Not part of ISO defaults (formats are card-specific).</summary>
    public virtual PublicKeyInfo GenerateKeyPair(byte keyReference, KeySpec spec) => throw NotSupported("GENERATE KEY PAIR");

    /// <summary>Imports a private key into a key slot. Not part of ISO defaults.</summary>
    public virtual void ImportPrivateKey(byte keyReference, PrivateKeyImport key) => throw NotSupported("IMPORT PRIVATE KEY");

    /// <summary>ISO default: MSE SET B6 with the key's algorithm reference, PSO 9E 9A with the input as given.</summary>
    protected virtual byte[] ComputeSignature(CardKey key, SignatureAlgorithm algorithm, byte[] input)
    {
        SetSecurityEnvironment(new SecurityEnvironment(SecurityEnvironment.DigitalSignature, key.AlgorithmReference, key.Reference));
        var ne = ExpectedSignatureLength(key, algorithm);
        return Send("PSO COMPUTE DIGITAL SIGNATURE", new CommandApdu(0x00, InsPerformSecurityOperation, 0x9E, 0x9A, input, ne)).Data;
    }

    /// <summary>ISO default: MSE SET B8, PSO 80 86 with 00 || ciphertext; the plaintext is redacted in traces.</summary>
    protected virtual byte[] ComputeDecipher(CardKey key, DecipherAlgorithm algorithm, byte[] ciphertext)
    {
        SetSecurityEnvironment(new SecurityEnvironment(SecurityEnvironment.Confidentiality, key.AlgorithmReference, key.Reference));
        return Send("PSO DECIPHER", DecipherCommand(ciphertext, CommandApdu.MaxShortNe)).Data;
    }

    protected static CommandApdu DecipherCommand(byte[] ciphertext, int ne) =>
        new(0x00, InsPerformSecurityOperation, 0x80, 0x86, (byte[])[0x00, .. ciphertext], ne) { SensitiveResponse = true };

    /// <summary>RSA: the modulus size; ECDSA: 256 (a DER signature of any curve up to 521 bits fits).</summary>
    protected static int ExpectedSignatureLength(CardKey key, SignatureAlgorithm algorithm) =>
        algorithm is SignatureAlgorithm.RsaPkcs1 or SignatureAlgorithm.RsaPss or SignatureAlgorithm.RsaRaw && key.SizeBits > 0
            ? Math.Max(1, key.SizeBits / 8)
            : CommandApdu.MaxShortNe;

    /// <summary>MSE SET (P1 41) unless <paramref name="environment"/> is already in force.</summary>
    protected void SetSecurityEnvironment(SecurityEnvironment environment)
    {
        if (CurrentSecurityEnvironment == environment)
            return;
        CurrentSecurityEnvironment = null;
        var data = new List<byte>(6);
        if (environment.Algorithm is byte alg)
            data.AddRange([0x80, 0x01, alg]);
        data.AddRange([0x84, 0x01, environment.KeyReference]);
        Send(string.Create(CultureInfo.InvariantCulture, $"MSE SET {environment.Template:X2} key {environment.KeyReference}"),
            new CommandApdu(0x00, InsManageSecurityEnvironment, MseSetComputation, environment.Template, data.ToArray()));
        CurrentSecurityEnvironment = environment;
    }
}
