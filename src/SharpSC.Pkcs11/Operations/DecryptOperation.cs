using System.Security.Cryptography;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Operations;

/// <summary>
/// C_Decrypt* on the card: RSA PKCS#1 v1.5 unpadded by the card where it can, else raw RSA on the card and
/// the padding (PKCS#1 v1.5, OAEP) removed here; CKM_RSA_X_509 gives the raw block. The plaintext length is
/// known only after the card answered, so a too-small buffer keeps the answer for the caller's next try
/// instead of asking the card twice (PKCS#11 3.0 §5.2: the operation stays active after CKR_BUFFER_TOO_SMALL).
/// </summary>
internal sealed class DecryptOperation
{
    private readonly MemoryStream _buffer = new();
    private readonly Unpadding _unpadding;
    private readonly OaepParameters? _oaep;

    /// <summary>What the host removes from the raw block the card answers.</summary>
    private enum Unpadding
    {
        None,
        Pkcs1Type2,
        Oaep,
    }

    private DecryptOperation(PrivateKeyObject key, CardDecryption cardKind, Unpadding unpadding, OaepParameters? oaep = null)
    {
        Key = key;
        CardKind = cardKind;
        _unpadding = unpadding;
        _oaep = oaep;
    }

    public PrivateKeyObject Key { get; }

    public CardDecryption CardKind { get; }

    public bool MultiPart { get; private set; }

    public bool NeedsContextLogin { get; set; }

    /// <summary>The plaintext the card returned, while the caller's buffer was too small.</summary>
    public byte[]? Pending { get; set; }

    /// <summary>An upper bound of the plaintext length for size queries.</summary>
    public int MaxOutputLength => MechanismRules.KeyBytes(Key);

    public static DecryptOperation Start(Mechanism mechanism, PrivateKeyObject key, TokenDescription token)
    {
        var spec = MechanismRules.Require(mechanism, token, CKF_DECRYPT);
        MechanismRules.RequireKeyKind(spec, key);
        MechanismRules.RequireUsage(key, key.Usage.HasFlag(KeyUsage.Decrypt) || key.Usage.HasFlag(KeyUsage.Unwrap), "decryption");
        var can = key.AbilitiesOn(token.Capabilities).Decryptions;
        DecryptOperation op;
        switch (spec.Family)
        {
            case MechanismFamily.RsaPkcs:
                MechanismRules.RequireNoParameters(mechanism);
                op = can.Contains(CardDecryption.RsaPkcs1)
                    ? new DecryptOperation(key, CardDecryption.RsaPkcs1, Unpadding.None)
                    : new DecryptOperation(key, Raw(can, spec), Unpadding.Pkcs1Type2);
                break;
            case MechanismFamily.RsaOaep:
            {
                var p = MechanismRules.RequireOaep(mechanism);
                // RFC 8017 §7.1.2 step 1: k >= 2 hLen + 2.
                if (MechanismRules.KeyBytes(key) < 2 * Digests.Length(p.HashAlgorithm) + 2)
                    throw new Pkcs11Exception(CKR_KEY_SIZE_RANGE, "the key is too small for OAEP with this hash");
                op = new DecryptOperation(key, Raw(can, spec), Unpadding.Oaep, p);
                break;
            }
            case MechanismFamily.RsaX509:
                MechanismRules.RequireNoParameters(mechanism);
                op = new DecryptOperation(key, Raw(can, spec), Unpadding.None);
                break;
            default:
                throw new Pkcs11Exception(CKR_MECHANISM_INVALID, $"mechanism 0x{mechanism.Type:X} does not decrypt");
        }
        op.NeedsContextLogin = key.AlwaysAuthenticate;
        return op;
    }

    private static CardDecryption Raw(IReadOnlySet<CardDecryption> can, MechanismSpec spec) =>
        can.Contains(CardDecryption.RsaRaw) ? CardDecryption.RsaRaw : throw MechanismRules.KeyCannot(spec);

    public void Update(ReadOnlySpan<byte> data)
    {
        MultiPart = true;
        Append(data);
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_buffer.Length + data.Length > MechanismRules.KeyBytes(Key))
            throw new Pkcs11Exception(CKR_ENCRYPTED_DATA_LEN_RANGE, $"the ciphertext of this key is {MechanismRules.KeyBytes(Key)} bytes");
        _buffer.Write(data);
    }

    /// <summary>The full ciphertext, checked for length (RSA: exactly the modulus length).</summary>
    public byte[] Ciphertext(ReadOnlySpan<byte> lastPart)
    {
        Append(lastPart);
        if (_buffer.Length != MechanismRules.KeyBytes(Key))
            throw new Pkcs11Exception(CKR_ENCRYPTED_DATA_LEN_RANGE, $"the ciphertext must be {MechanismRules.KeyBytes(Key)} bytes, not {_buffer.Length}");
        return _buffer.ToArray();
    }

    /// <summary>The plaintext from the card's answer; the raw block is cleared after use.</summary>
    public byte[] Plaintext(byte[] cardOutput)
    {
        if (CardKind == CardDecryption.RsaPkcs1) return cardOutput;
        var k = MechanismRules.KeyBytes(Key);
        if (cardOutput.Length > k || cardOutput.Length == 0)
        {
            CryptographicOperations.ZeroMemory(cardOutput);
            throw new Pkcs11Exception(CKR_DEVICE_ERROR, $"the card answered a {cardOutput.Length}-byte block for a {k}-byte modulus");
        }
        // Some cards drop the leading zero bytes of the block.
        var block = new byte[k];
        cardOutput.CopyTo(block, k - cardOutput.Length);
        CryptographicOperations.ZeroMemory(cardOutput);
        try
        {
            return _unpadding switch
            {
                Unpadding.Pkcs1Type2 => RsaEncoding.RemovePkcs1Type2(block),
                Unpadding.Oaep => RsaEncoding.RemoveOaep(block, _oaep!.HashAlgorithm, Digests.HashForMgf1(_oaep.Mgf), _oaep.SourceData),
                _ => (byte[])block.Clone(),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
        }
    }
}
