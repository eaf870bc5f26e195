using System.Security.Cryptography;

namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>
/// One password of the card (PW1, PW3 or the resetting code, §4.3) with its retry counter. A value that is not
/// set (the resetting code at delivery) has no tries. Comparison is constant-time over the stored value.
/// </summary>
internal sealed class Password(byte[] value, int tries)
{
    public const int MaxTries = PgpSpec.DefaultTries;

    public byte[] Value { get; private set; } = value;
    public int Tries { get; private set; } = tries;

    public bool IsSet => Value.Length > 0;
    public bool IsBlocked => Tries == 0;

    public static Password Unset() => new([], 0);

    /// <summary>Compares <paramref name="candidate"/> and counts a failure; false also when blocked or not set.</summary>
    public bool Check(ReadOnlySpan<byte> candidate)
    {
        if (!IsSet || IsBlocked) return false;
        if (candidate.Length == Value.Length && CryptographicOperations.FixedTimeEquals(candidate, Value))
        {
            Tries = MaxTries;
            return true;
        }
        Tries--;
        return false;
    }

    public void Set(byte[] value)
    {
        Value = value;
        Tries = value.Length > 0 ? MaxTries : 0;
    }
}
