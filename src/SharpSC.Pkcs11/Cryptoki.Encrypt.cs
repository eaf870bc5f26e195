using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Operations;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11;

/// <summary>Encryption in software with an RSA public key (PKCS#11 3.0 §5.8).</summary>
public static partial class Cryptoki
{
    public static ulong EncryptInit(ulong session, Mechanism mechanism, ulong key)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            if (s.Encrypt != null) return CKR_OPERATION_ACTIVE;
            s.Encrypt = EncryptOperation.Start(mechanism, KeyOf<PublicKeyObject>(s, key), s.Token.Description);
        }
        return CKR_OK;
    }

    public static OutputResult Encrypt(ulong session, ReadOnlySpan<byte> data, OutputRequest output) => EncryptFinish(session, data.ToArray(), output, singlePart: true);

    /// <summary>RSA encrypts one block: parts are collected and the ciphertext comes at C_EncryptFinal.</summary>
    public static OutputResult EncryptUpdate(ulong session, ReadOnlySpan<byte> data, OutputRequest output)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            var op = s.Encrypt ?? throw NotInitialized("encryption");
            try
            {
                op.Update(data);
            }
            catch
            {
                s.Encrypt = null;
                throw;
            }
        }
        return OutputResult.Produced([]);
    }

    public static OutputResult EncryptFinal(ulong session, OutputRequest output) => EncryptFinish(session, [], output, singlePart: false);

    private static OutputResult EncryptFinish(ulong session, byte[] lastPart, OutputRequest output, bool singlePart)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            var op = s.Encrypt ?? throw NotInitialized("encryption");
            if (singlePart && op.MultiPart)
            {
                s.Encrypt = null;
                throw SinglePartAfterUpdate("C_Encrypt");
            }
            var length = (ulong)op.OutputLength;
            if (output.IsQuery) return OutputResult.LengthOnly(length);
            if (output.Capacity < length) return OutputResult.TooSmall(length);
            try
            {
                return OutputResult.Produced(op.Finish(lastPart));
            }
            finally
            {
                s.Encrypt = null;
            }
        }
    }
}
