using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Operations;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11;

/// <summary>Message digests in software (PKCS#11 3.0 §5.10).</summary>
public static partial class Cryptoki
{
    public static ulong DigestInit(ulong session, Mechanism mechanism)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            if (s.Digest != null) return CKR_OPERATION_ACTIVE;
            var spec = MechanismRules.Require(mechanism, s.Token.Description, CKF_DIGEST);
            MechanismRules.RequireNoParameters(mechanism);
            s.Digest = new DigestOperation(spec.Hash);
        }
        return CKR_OK;
    }

    public static OutputResult Digest(ulong session, ReadOnlySpan<byte> data, OutputRequest output)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            var op = s.Digest ?? throw NotInitialized("digest");
            if (op.MultiPart)
            {
                s.Digest = null;
                throw SinglePartAfterUpdate("C_Digest");
            }
            var length = (ulong)op.Length;
            if (output.IsQuery) return OutputResult.LengthOnly(length);
            if (output.Capacity < length) return OutputResult.TooSmall(length);
            s.Digest = null;
            return OutputResult.Produced(op.Once(data));
        }
    }

    public static ulong DigestUpdate(ulong session, ReadOnlySpan<byte> data)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            var op = s.Digest ?? throw NotInitialized("digest");
            op.Update(data);
        }
        return CKR_OK;
    }

    /// <summary>C_DigestKey digests secret keys; the keys here are public or on the card.</summary>
    public static ulong DigestKey(ulong session, ulong key)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            if (s.Digest == null) return CKR_OPERATION_NOT_INITIALIZED;
            if (!s.Token.Published.Any(o => o.Handle == key)) return CKR_KEY_HANDLE_INVALID;
            s.Digest = null;
            return CKR_KEY_INDIGESTIBLE;
        }
    }

    public static OutputResult DigestFinal(ulong session, OutputRequest output)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            var op = s.Digest ?? throw NotInitialized("digest");
            var length = (ulong)op.Length;
            if (output.IsQuery) return OutputResult.LengthOnly(length);
            if (output.Capacity < length) return OutputResult.TooSmall(length);
            s.Digest = null;
            return OutputResult.Produced(op.Final());
        }
    }
}
