using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11;

/// <summary>
/// Random numbers (§5.15), and the functions no card mechanism here serves: secret-key
/// generation and wrapping (§5.14), the dual-function updates (§5.13: every mechanism here
/// is single-block RSA/EC), the legacy parallel functions (§5.16) and the 3.0 message-based functions.
/// Each still checks the session first, so callers get the spec's errors in the spec's order.
/// </summary>
public static partial class Cryptoki
{
    /// <summary>C_SeedRandom (§5.15): the seed is mixed into the token's generator (<see cref="Drbg.TokenRandom"/>).</summary>
    public static ulong SeedRandom(ulong session, ReadOnlySpan<byte> seed)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        s.Token.Random.Seed(s.Token, seed);
        return CKR_OK;
    }

    /// <summary>C_GenerateRandom (§5.15): any length, from the token's DRBG (<see cref="Drbg.TokenRandom"/>).</summary>
    public static ulong GenerateRandom(ulong session, Span<byte> output)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        if (output.IsEmpty) return CKR_OK;
        s.Token.Random.Fill(s.Token, output);
        return CKR_OK;
    }

    public static ulong LegacyParallelFunction(ulong session)
    {
        using var call = Enter();
        SessionOf(call.State, session);
        return CKR_FUNCTION_NOT_PARALLEL;
    }

    public static ulong MessageBasedFunction(ulong session)
    {
        using var call = Enter();
        SessionOf(call.State, session);
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static OutputResult DigestEncryptUpdate(ulong session, ReadOnlySpan<byte> data, OutputRequest output) => DualFunction(session);

    public static OutputResult DecryptDigestUpdate(ulong session, ReadOnlySpan<byte> data, OutputRequest output) => DualFunction(session);

    public static OutputResult SignEncryptUpdate(ulong session, ReadOnlySpan<byte> data, OutputRequest output) => DualFunction(session);

    public static OutputResult DecryptVerifyUpdate(ulong session, ReadOnlySpan<byte> data, OutputRequest output) => DualFunction(session);

    private static OutputResult DualFunction(ulong session)
    {
        using var call = Enter();
        SessionOf(call.State, session);
        return new OutputResult(CKR_FUNCTION_NOT_SUPPORTED, null, 0);
    }

    /// <summary>No secret-key mechanism: every mechanism is CKR_MECHANISM_INVALID here.</summary>
    public static ulong GenerateKey(ulong session, Mechanism mechanism, Objects.CkAttribute[] template, out ulong key)
    {
        key = 0;
        using var call = Enter();
        SessionOf(call.State, session);
        return CKR_MECHANISM_INVALID;
    }

    public static ulong WrapKey(ulong session, Mechanism mechanism, ulong wrappingKey, ulong key)
    {
        using var call = Enter();
        SessionOf(call.State, session);
        return CKR_MECHANISM_INVALID;
    }

    public static ulong UnwrapKey(ulong session, Mechanism mechanism, ulong unwrappingKey)
    {
        using var call = Enter();
        SessionOf(call.State, session);
        return CKR_MECHANISM_INVALID;
    }
}
