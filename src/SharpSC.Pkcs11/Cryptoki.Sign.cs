using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Operations;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11;

/// <summary>Signing on the card (PKCS#11 3.0 §5.11).</summary>
public static partial class Cryptoki
{
    public static ulong SignInit(ulong session, Mechanism mechanism, ulong key)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            if (s.Sign != null) return CKR_OPERATION_ACTIVE;
            s.Sign = SignOperation.Start(mechanism, KeyOf<PrivateKeyObject>(s, key), s.Token.Description);
        }
        return CKR_OK;
    }

    public static OutputResult Sign(ulong session, ReadOnlySpan<byte> data, OutputRequest output) => SignFinish(session, data.ToArray(), output, singlePart: true);

    public static ulong SignUpdate(ulong session, ReadOnlySpan<byte> data)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            var op = s.Sign ?? throw NotInitialized("signature");
            try
            {
                op.Update(data);
            }
            catch
            {
                s.Sign = null;
                throw;
            }
        }
        return CKR_OK;
    }

    public static OutputResult SignFinal(ulong session, OutputRequest output) => SignFinish(session, [], output, singlePart: false);

    /// <summary>
    /// C_Sign / C_SignFinal: a length query or a short buffer keeps the operation and costs no APDU;
    /// anything else ends it (PKCS#11 3.0 §5.2).
    /// </summary>
    private static OutputResult SignFinish(ulong session, byte[] lastPart, OutputRequest output, bool singlePart)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            var op = s.Sign ?? throw NotInitialized("signature");
            if (singlePart && op.MultiPart)
            {
                s.Sign = null;
                throw SinglePartAfterUpdate("C_Sign");
            }
            var length = (ulong)op.SignatureLength;
            if (output.IsQuery) return OutputResult.LengthOnly(length);
            if (output.Capacity < length) return OutputResult.TooSmall(length);
            try
            {
                if (op.NeedsContextLogin)
                    throw new Pkcs11Exception(CKR_USER_NOT_LOGGED_IN, "this key needs C_Login(CKU_CONTEXT_SPECIFIC) before each use");
                var input = op.CardInput(lastPart);
                var signature = s.Token.WithCard(d =>
                {
                    op.CheckBlock(input);
                    return d.Sign(op.Key, op.CardKind, input);
                }, needsLogin: true);
                return OutputResult.Produced(op.Finish(signature));
            }
            finally
            {
                s.Sign = null;
            }
        }
    }

    /// <summary>No mechanism of a card here signs with message recovery (none has CKF_SIGN_RECOVER).</summary>
    public static ulong SignRecoverInit(ulong session, Mechanism mechanism, ulong key)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        KeyOf<PrivateKeyObject>(s, key);
        return CKR_MECHANISM_INVALID;
    }

    public static OutputResult SignRecover(ulong session, ReadOnlySpan<byte> data, OutputRequest output)
    {
        using var call = Enter();
        SessionOf(call.State, session);
        return new OutputResult(CKR_OPERATION_NOT_INITIALIZED, null, 0);
    }

    private static Pkcs11Exception NotInitialized(string what) => new(CKR_OPERATION_NOT_INITIALIZED, $"no {what} operation is active");

    /// <summary>
    /// PKCS#11 3.0 §5.9–5.12: C_Encrypt, C_Decrypt, C_Digest, C_Sign and C_Verify cannot finish an operation
    /// continued with the *Update function. The operation ends, as after any other failure.
    /// </summary>
    private static Pkcs11Exception SinglePartAfterUpdate(string function) =>
        new(CKR_OPERATION_ACTIVE, $"{function} cannot finish a multi-part operation; use {function}Final");
}
