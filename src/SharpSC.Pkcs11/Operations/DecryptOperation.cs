using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Operations;

/// <summary>
/// C_Decrypt* on the card (RSA PKCS#1 v1.5). The plaintext length is known only after the card
/// answered, so a too-small buffer keeps the answer for the caller's next try instead of asking the
/// card twice (PKCS#11 3.0 §5.2: the operation stays active after CKR_BUFFER_TOO_SMALL).
/// </summary>
internal sealed class DecryptOperation
{
    private readonly MemoryStream _buffer = new();

    private DecryptOperation(PrivateKeyObject key) => Key = key;

    public PrivateKeyObject Key { get; }

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
        MechanismRules.RequireNoParameters(mechanism);
        return new DecryptOperation(key) { NeedsContextLogin = key.AlwaysAuthenticate };
    }

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
}
