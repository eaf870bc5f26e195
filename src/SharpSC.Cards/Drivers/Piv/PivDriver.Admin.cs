using System.Globalization;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Tlv;
using static SharpSC.Cards.Drivers.Piv.PivConstants;

namespace SharpSC.Cards.Drivers.Piv;

// Card management: the management key (9B) challenge-response of SP 800-73-4 Part 2 Appendix A.1 and
// Yubico's SET MANAGEMENT KEY, SET PIN RETRIES and RESET.
public sealed partial class PivDriver
{
    /// <summary>
    /// Mutual authentication with the management key: the card's witness decrypted and our challenge sent,
    /// the card's answer checked. <paramref name="algorithm"/> null: taken from GET METADATA when the card has
    /// it, else from the key length (24 bytes: 3DES, then AES-192 if the card refuses 3DES at the witness step,
    /// which costs no try). A wrong key answers 6982 (SecurityStatusNotSatisfied).
    /// </summary>
    public void AuthenticateManagementKey(ReadOnlySpan<byte> key, byte? algorithm = null)
    {
        var secret = key.ToArray();
        try
        {
            Run("AUTHENTICATE 9B", () =>
            {
                var candidates = algorithm is { } a ? [a] : ManagementKeyAlgorithms(secret.Length);
                foreach (var alg in candidates)
                {
                    if (PivConstants.ManagementKeyLength(alg) != secret.Length)
                        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A management key of algorithm {alg:X2} has {PivConstants.ManagementKeyLength(alg)} bytes, not {secret.Length}."), nameof(key));
                    var witnessAnswer = Channel.Transmit(ManagementCommand(alg, BerTlv.Encode(TagWitness, []), sensitive: false));
                    if (witnessAnswer.StatusWord is StatusWords.IncorrectData or StatusWords.IncorrectP1P2 && alg != candidates[^1]) continue;
                    witnessAnswer.EnsureSuccess("AUTHENTICATE 9B (witness)");
                    MutualAuthenticate(alg, secret, ExtractDynamic(witnessAnswer.Data, TagWitness));
                    return;
                }
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private byte[] ManagementKeyAlgorithms(int length)
    {
        if (length != 24) return length switch
        {
            16 => [AlgAes128],
            32 => [AlgAes256],
            _ => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A management key has 16, 24 or 32 bytes, not {length}.")),
        };
        if (SupportsMetadata != false && Metadata(ManagementKeyReference, out _) is { } meta && PivManagementKeyMetadata.Parse(meta).Algorithm is var alg
            && alg is Alg3Des or AlgAes192)
            return [alg];
        return [Alg3Des, AlgAes192];
    }

    private void MutualAuthenticate(byte alg, byte[] key, byte[] encryptedWitness)
    {
        var block = BlockSize(alg);
        if (encryptedWitness.Length != block)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"management key witness of {encryptedWitness.Length} bytes (expected {block})."));
        var witness = Cipher(alg, key, false, encryptedWitness);
        var challenge = new byte[block];
        SharpSC.Diagnostics.SystemRandom.Fill(challenge);
        var inner = new List<byte>();
        BerTlv.Write(inner, TagWitness, witness);
        BerTlv.Write(inner, TagChallenge, challenge);
        var answer = Channel.Transmit(ManagementCommand(alg, inner.ToArray(), sensitive: true));
        CryptographicOperations.ZeroMemory(witness);
        answer.EnsureSuccess("AUTHENTICATE 9B");
        var expected = Cipher(alg, key, true, challenge);
        if (!CryptographicOperations.FixedTimeEquals(ExtractDynamic(answer.Data, TagResponse), expected))
            throw new CardException(CardError.SecurityStatusNotSatisfied, "AUTHENTICATE 9B: the card's answer to our challenge is wrong (it does not hold this management key).");
    }

    private static CommandApdu ManagementCommand(byte alg, byte[] inner, bool sensitive) =>
        new(0x00, InsGeneralAuthenticate, alg, ManagementKeyReference, BerTlv.Encode(TagDynamicAuth, inner), CommandApdu.MaxShortNe) { SensitiveData = sensitive };

    private static byte[] ExtractDynamic(byte[] answer, byte tag)
    {
        var template = BerTlv.ParseSingle(answer, TagDynamicAuth, "AUTHENTICATE 9B answer");
        return (BerTlv.Find(BerTlv.Parse(template.Value, skipPadding: false), tag)
                ?? throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"AUTHENTICATE 9B answer without tag {tag:X2}."))).ToArray();
    }

    private static int BlockSize(byte alg) => alg == Alg3Des ? 8 : 16;

    private static byte[] Cipher(byte alg, byte[] key, bool encrypt, byte[] block)
    {
        IBlockCipher cipher = alg == Alg3Des ? new DesEdeEngine() : new AesEngine();
        cipher.Init(encrypt, new KeyParameter(key));
        var output = new byte[block.Length];
        cipher.ProcessBlock(block, 0, output, 0);
        return output;
    }

    /// <summary>Yubico SET MANAGEMENT KEY (3DES, AES-128/192/256), optionally requiring touch; needs the current management key.</summary>
    public void SetManagementKey(byte algorithm, ReadOnlySpan<byte> key, bool requireTouch = false)
    {
        var length = PivConstants.ManagementKeyLength(algorithm);
        if (length == 0 || key.Length != length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Algorithm {algorithm:X2} takes a {length}-byte management key, not {key.Length} bytes."), nameof(key));
        var data = new byte[3 + length];
        data[0] = algorithm;
        data[1] = ManagementKeyReference;
        data[2] = (byte)length;
        key.CopyTo(data.AsSpan(3));
        try
        {
            Run("SET MANAGEMENT KEY", () =>
            {
                Send("SET MANAGEMENT KEY", new CommandApdu(0x00, InsSetManagementKey, 0xFF, requireTouch ? (byte)0xFE : (byte)0xFF, data) { SensitiveData = true });
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(data);
        }
    }

    /// <summary>
    /// Yubico SET MANAGEMENT KEY with the algorithm the new key's length names: 16 bytes AES-128, 32 bytes AES-256,
    /// 24 bytes the family of the current key (AES-192 when it is one, else 3DES, as yubico-piv-tool does).
    /// </summary>
    public void ChangeManagementKey(ReadOnlySpan<byte> newKey, bool requireTouch = false)
    {
        var algorithm = newKey.Length switch
        {
            16 => AlgAes128,
            32 => AlgAes256,
            24 => GetManagementKeyMetadata()?.Algorithm == AlgAes192 ? AlgAes192 : Alg3Des,
            _ => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A management key has 16, 24 or 32 bytes, not {newKey.Length}."), nameof(newKey)),
        };
        SetManagementKey(algorithm, newKey, requireTouch);
    }

    /// <summary>Yubico SET PIN RETRIES: needs the management key and the PIN; PIN and PUK go back to their factory values.</summary>
    public void SetPinRetries(int pinTries, int pukTries)
    {
        if (pinTries is < 1 or > 255 || pukTries is < 1 or > 255)
            throw new ArgumentOutOfRangeException(nameof(pinTries), "PIN and PUK tries are 1..255.");
        Run("SET PIN RETRIES", () =>
        {
            Send("SET PIN RETRIES", new CommandApdu(0x00, InsSetPinRetries, (byte)pinTries, (byte)pukTries));
        });
    }

    /// <summary>Yubico RESET of the PIV application: the card accepts it only when PIN and PUK are both blocked (else 6985).</summary>
    public void ResetApplication() => Run("RESET", () =>
    {
        Send("RESET", new CommandApdu(0x00, InsReset, 0x00, 0x00));
        _capabilities = null;
    });
}
