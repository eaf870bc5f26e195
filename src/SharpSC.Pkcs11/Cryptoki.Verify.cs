using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Operations;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11;

/// <summary>Verification in software with the public key (PKCS#11 3.0 §5.12).</summary>
public static partial class Cryptoki
{
    public static ulong VerifyInit(ulong session, Mechanism mechanism, ulong key)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            if (s.Verify != null) return CKR_OPERATION_ACTIVE;
            s.Verify = VerifyOperation.Start(mechanism, KeyOf<PublicKeyObject>(s, key), s.Token.Description);
        }
        return CKR_OK;
    }

    public static ulong Verify(ulong session, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        VerifyFinish(session, data.ToArray(), signature.ToArray(), singlePart: true);

    public static ulong VerifyUpdate(ulong session, ReadOnlySpan<byte> data)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            var op = s.Verify ?? throw NotInitialized("verification");
            try
            {
                op.Update(data);
            }
            catch
            {
                s.Verify = null;
                throw;
            }
        }
        return CKR_OK;
    }

    public static ulong VerifyFinal(ulong session, ReadOnlySpan<byte> signature) => VerifyFinish(session, [], signature.ToArray(), singlePart: false);

    private static ulong VerifyFinish(ulong session, byte[] lastPart, byte[] signature, bool singlePart)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            var op = s.Verify ?? throw NotInitialized("verification");
            if (singlePart && op.MultiPart)
            {
                s.Verify = null;
                throw SinglePartAfterUpdate("C_Verify");
            }
            try
            {
                return op.Finish(lastPart, signature);
            }
            finally
            {
                s.Verify = null;
            }
        }
    }

    /// <summary>No mechanism here verifies with recovery (none has CKF_VERIFY_RECOVER).</summary>
    public static ulong VerifyRecoverInit(ulong session, Mechanism mechanism, ulong key)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        KeyOf<PublicKeyObject>(s, key);
        return CKR_MECHANISM_INVALID;
    }

    public static OutputResult VerifyRecover(ulong session, ReadOnlySpan<byte> signature, OutputRequest output)
    {
        using var call = Enter();
        SessionOf(call.State, session);
        return new OutputResult(CKR_OPERATION_NOT_INITIALIZED, null, 0);
    }
}
