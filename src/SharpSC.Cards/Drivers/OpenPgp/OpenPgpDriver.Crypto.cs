using System.Globalization;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Cards.Tlv;

namespace SharpSC.Cards.Drivers.OpenPgp;

// PSO:COMPUTE DIGITAL SIGNATURE (§7.2.10), PSO:DECIPHER (§7.2.11), INTERNAL AUTHENTICATE (§7.2.13), MSE (§7.2.18),
// GET CHALLENGE (§7.2.15). The card pads: RSA takes a DigestInfo (or up to 40 % of the modulus for INTERNAL
// AUTHENTICATE), ECDSA the hash, EdDSA the message.
public sealed partial class OpenPgpDriver
{
    /// <summary>
    /// Signs with a key: the signature key by PSO:CDS (after VERIFY 81), the authentication key by INTERNAL
    /// AUTHENTICATE (after VERIFY 82), the decryption key by INTERNAL AUTHENTICATE after MSE where the card offers
    /// it. The answer is checked against the key's attributes; ECDSA comes back as r || s.
    /// </summary>
    public byte[] Sign(OpenPgpKeyRef key, ReadOnlySpan<byte> input)
    {
        var data = input.ToArray();
        return Run("SIGN " + key.ShortName(), () =>
        {
            var attributes = KnownAttributes(key);
            if (attributes.Algorithm is not (OpenPgpAlgorithm.Rsa or OpenPgpAlgorithm.Ecdsa or OpenPgpAlgorithm.EdDsa))
                throw new CardException(CardError.FunctionNotSupported, $"The {key.Label().ToLowerInvariant()} ({attributes}) does not sign.");
            var ne = ExpectedNe(attributes.SignatureLength);
            if (key == OpenPgpKeyRef.Signature)
                return CheckSignature(key, attributes, Send("PSO:CDS", new CommandApdu(0x00, OpenPgpSpec.Ins.PerformSecurityOperation, 0x9E, 0x9A, data, ne)).Data);
            var authenticate = new CommandApdu(0x00, OpenPgpSpec.Ins.InternalAuthenticate, 0x00, 0x00, data, ne);
            var signature = key == OpenPgpKeyRef.Decryption
                ? WithKeyFor(0xA4, key, OpenPgpKeyRef.Authentication, () => Send("INTERNAL AUTHENTICATE", authenticate).Data)
                : Send("INTERNAL AUTHENTICATE", authenticate).Data;
            return CheckSignature(key, attributes, signature);
        });
    }

    /// <summary>
    /// Deciphers with the decryption key (after VERIFY 82; the authentication key after MSE where offered). RSA:
    /// the cryptogram (left-padded to the modulus); ECDH: the other party's public point (04 || X || Y) or X25519
    /// value (32 bytes, a 0x40 prefix is dropped). Answers the plaintext or the shared secret (X coordinate).
    /// </summary>
    public byte[] Decipher(OpenPgpKeyRef key, ReadOnlySpan<byte> input)
    {
        var data = input.ToArray();
        return Run("DECIPHER " + key.ShortName(), () =>
        {
            var attributes = KnownAttributes(key);
            byte[] body = attributes.Algorithm switch
            {
                OpenPgpAlgorithm.Rsa => [0x00, .. LeftPad(data, (attributes.ModulusBits + 7) / 8)],
                OpenPgpAlgorithm.Ecdh => CipherTemplate(attributes.Curve!, data),
                _ => throw new CardException(CardError.FunctionNotSupported, $"The {key.Label().ToLowerInvariant()} ({attributes}) does not decipher."),
            };
            var ne = ExpectedNe(attributes.IsRsa ? (attributes.ModulusBits + 7) / 8 : 2 * attributes.Curve!.FieldBytes + 1);
            var command = new CommandApdu(0x00, OpenPgpSpec.Ins.PerformSecurityOperation, 0x80, 0x86, body, ne) { SensitiveResponse = true };
            var answer = key == OpenPgpKeyRef.Authentication
                ? WithKeyFor(0xB8, key, OpenPgpKeyRef.Decryption, () => Send("PSO:DECIPHER", command).Data)
                : Send("PSO:DECIPHER", command).Data;
            return attributes.IsRsa ? answer : SharedSecret(attributes.Curve!, answer);
        });
    }

    /// <summary>Random bytes from GET CHALLENGE, in pieces no longer than the card announces.</summary>
    public override byte[] GetChallenge(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        return Run("GET CHALLENGE", () =>
        {
            var caps = ApplicationData.ExtendedCapabilities;
            if (!caps.GetChallenge) throw NotSupported("GET CHALLENGE (extended capabilities)");
            var chunk = Math.Min(ResponseLimit, caps.MaxChallengeLength > 0 ? caps.MaxChallengeLength : CommandApdu.MaxShortNe);
            var output = new byte[length];
            for (var done = 0; done < length;)
            {
                var n = Math.Min(chunk, length - done);
                var answer = Send("GET CHALLENGE", new CommandApdu(0x00, OpenPgpSpec.Ins.GetChallenge, 0x00, 0x00, ne: n)).Data;
                if (answer.Length != n)
                    throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"GET CHALLENGE returned {answer.Length} bytes for Le={n}."));
                answer.CopyTo(output, done);
                done += n;
            }
            return output;
        });
    }

    /// <summary>The generic path (CardKey with reference 1-3): RSA PKCS#1 and ECDSA on a hash.</summary>
    protected override byte[] ComputeSignature(CardKey key, SignatureAlgorithm algorithm, byte[] input) =>
        Sign(KeyRef(key), input);

    protected override byte[] ComputeDecipher(CardKey key, DecipherAlgorithm algorithm, byte[] ciphertext) =>
        Decipher(KeyRef(key), ciphertext);

    private static OpenPgpKeyRef KeyRef(CardKey key) => key.Reference is >= 1 and <= 3
        ? (OpenPgpKeyRef)key.Reference
        : throw new ArgumentOutOfRangeException(nameof(key), key.Reference, "OpenPGP keys are 1, 2 and 3.");

    /// <summary>
    /// Runs <paramref name="body"/> with MSE SET (§7.2.18) pointing INTERNAL AUTHENTICATE (A4) or PSO:DECIPHER (B8) at
    /// <paramref name="key"/>, and points it back at <paramref name="usual"/> afterwards, also on failure.
    /// </summary>
    private byte[] WithKeyFor(byte template, OpenPgpKeyRef key, OpenPgpKeyRef usual, Func<byte[]> body)
    {
        if (!ApplicationData.ExtendedCapabilities.ManageSecurityEnvironment)
            throw new CardException(CardError.FunctionNotSupported, $"This card uses its {key.Label().ToLowerInvariant()} only for its own purpose (no MSE).");
        SetKeyFor(template, key);
        try
        {
            return body();
        }
        finally
        {
            SetKeyFor(template, usual);
        }
    }

    private void SetKeyFor(byte template, OpenPgpKeyRef key) =>
        Send("MSE SET", new CommandApdu(0x00, OpenPgpSpec.Ins.ManageSecurityEnvironment, OpenPgpSpec.P1P2.MseSet, template, (byte[])[0x83, 0x01, (byte)key]));

    /// <summary>A6 { 7F49 { 86 point } } (§7.2.11).</summary>
    private static byte[] CipherTemplate(OpenPgpCurve curve, byte[] point)
    {
        if (curve.Kind == OpenPgpCurveKind.X25519 && point.Length == 33 && point[0] == OpenPgpSpec.NativePointPrefix) point = point[1..];
        var fits = curve.Kind == OpenPgpCurveKind.Weierstrass ? point.Length == 1 + 2 * curve.FieldBytes && point[0] == 0x04 : point.Length == 32;
        if (!fits)
            throw new CardException(CardError.IncorrectData, string.Create(CultureInfo.InvariantCulture,
                $"An ECDH public value of {point.Length} bytes does not fit {curve}."));
        var inner = BerTlv.Encode(OpenPgpSpec.Tag.EcPublicKey, point);
        return BerTlv.Encode(OpenPgpSpec.Tag.CipherTemplate, BerTlv.Encode(OpenPgpSpec.Tag.PublicKey, inner));
    }

    /// <summary>The shared secret: X (cards answer X, or the whole point 04 || X || Y), or the 32 X25519 bytes.</summary>
    private static byte[] SharedSecret(OpenPgpCurve curve, byte[] answer)
    {
        if (curve.Kind == OpenPgpCurveKind.X25519)
        {
            if (answer.Length == 33 && answer[0] == OpenPgpSpec.NativePointPrefix) answer = answer[1..];
            return answer.Length == 32 ? answer : throw CardException.Malformed($"X25519 result of {answer.Length} bytes.");
        }
        var size = curve.FieldBytes;
        if (answer.Length == size) return answer;
        if (answer.Length == 1 + 2 * size && answer[0] == 0x04) return answer[1..(1 + size)];
        throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"ECDH result of {answer.Length} bytes on {curve}."));
    }

    private static byte[] CheckSignature(OpenPgpKeyRef key, AlgorithmAttributes attributes, byte[] signature)
    {
        var expected = attributes.SignatureLength;
        if (signature.Length == expected) return signature;
        // A few cards answer ECDSA as DER; hosts want r || s.
        if (attributes.Algorithm == OpenPgpAlgorithm.Ecdsa && signature.Length > 0 && signature[0] == 0x30)
            return EcdsaSignature.DerToRaw(signature, attributes.Curve!.FieldBytes);
        throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture,
            $"a signature of {signature.Length} bytes from the {key.Label().ToLowerInvariant()} ({attributes}), {expected} expected."));
    }

    private static byte[] LeftPad(byte[] value, int length)
    {
        if (value.Length >= length) return value;
        var padded = new byte[length];
        value.CopyTo(padded, length - value.Length);
        return padded;
    }
}
