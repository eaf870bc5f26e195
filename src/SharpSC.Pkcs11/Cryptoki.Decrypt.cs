using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Operations;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11;

/// <summary>Decryption on the card, padding removed by the card or here (PKCS#11 3.0 §5.9).</summary>
public static partial class Cryptoki
{
    public static ulong DecryptInit(ulong session, Mechanism mechanism, ulong key)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            if (s.Decrypt != null) return CKR_OPERATION_ACTIVE;
            s.Decrypt = DecryptOperation.Start(mechanism, KeyOf<PrivateKeyObject>(s, key), s.Token.Description);
        }
        return CKR_OK;
    }

    public static OutputResult Decrypt(ulong session, ReadOnlySpan<byte> data, OutputRequest output) => DecryptFinish(session, data.ToArray(), output, singlePart: true);

    /// <summary>RSA decrypts one block: parts are collected and the plaintext comes at C_DecryptFinal.</summary>
    public static OutputResult DecryptUpdate(ulong session, ReadOnlySpan<byte> data, OutputRequest output)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            var op = s.Decrypt ?? throw NotInitialized("decryption");
            try
            {
                op.Update(data);
            }
            catch
            {
                s.Decrypt = null;
                throw;
            }
        }
        return OutputResult.Produced([]);
    }

    public static OutputResult DecryptFinal(ulong session, OutputRequest output) => DecryptFinish(session, [], output, singlePart: false);

    private static OutputResult DecryptFinish(ulong session, byte[] lastPart, OutputRequest output, bool singlePart)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            var op = s.Decrypt ?? throw NotInitialized("decryption");
            if (singlePart && op.MultiPart)
            {
                s.Decrypt = null;
                throw SinglePartAfterUpdate("C_Decrypt");
            }
            if (op.Pending is { } pending)
            {
                if (output.IsQuery) return OutputResult.LengthOnly((ulong)pending.Length);
                if (output.Capacity < (ulong)pending.Length) return OutputResult.TooSmall((ulong)pending.Length);
                s.Decrypt = null;
                return OutputResult.Produced(pending);
            }
            if (output.IsQuery) return OutputResult.LengthOnly((ulong)op.MaxOutputLength);
            var keep = false;
            try
            {
                if (op.NeedsContextLogin)
                    throw new Pkcs11Exception(CKR_USER_NOT_LOGGED_IN, "this key needs C_Login(CKU_CONTEXT_SPECIFIC) before each use");
                var ciphertext = op.Ciphertext(lastPart);
                var answer = s.Token.WithCard(d => d.Decrypt(op.Key, op.CardKind, ciphertext), needsLogin: true);
                var plaintext = op.Plaintext(answer);
                if (output.Capacity < (ulong)plaintext.Length)
                {
                    op.Pending = plaintext;
                    keep = true;
                    return OutputResult.TooSmall((ulong)plaintext.Length);
                }
                return OutputResult.Produced(plaintext);
            }
            finally
            {
                if (!keep) s.Decrypt = null;
            }
        }
    }
}
