using System.Security.Cryptography;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.Applets.IsoApplet;

/// <summary>
/// javacard.framework.OwnerPIN: a persistent value and try counter, and a transient "validated" flag.
/// check() decrements the counter before comparing and restores it on success; a blocked PIN (0 tries)
/// never validates.
/// </summary>
internal sealed class OwnerPin(int tryLimit, ChangeTracker changes)
{
    private byte[]? _value;

    public int TryLimit { get; } = tryLimit;
    public int TriesRemaining { get; private set; } = tryLimit;
    public bool IsValidated { get; private set; }
    public bool IsSet => _value != null;

    public bool Check(ReadOnlySpan<byte> candidate)
    {
        IsValidated = false;
        if (TriesRemaining == 0) return false;
        TriesRemaining--;
        changes.Mark();
        if (_value == null || !CryptographicOperations.FixedTimeEquals(_value, candidate)) return false;
        TriesRemaining = TryLimit;
        IsValidated = true;
        return true;
    }

    /// <summary>Sets a new value; resets the try counter and the validated flag.</summary>
    public void Update(ReadOnlySpan<byte> value)
    {
        _value = value.ToArray();
        TriesRemaining = TryLimit;
        IsValidated = false;
        changes.Mark();
    }

    public void ResetAndUnblock()
    {
        TriesRemaining = TryLimit;
        IsValidated = false;
        changes.Mark();
    }

    /// <summary>Clears the validated flag (on deselect); a validated PIN also gets its counter back.</summary>
    public void Reset()
    {
        if (!IsValidated) return;
        IsValidated = false;
        TriesRemaining = TryLimit;
    }

    /// <summary>The stored value, for the state file only.</summary>
    public byte[]? ExportValue() => _value?.ToArray();

    public void Restore(byte[]? value, int triesRemaining)
    {
        _value = value;
        TriesRemaining = Math.Clamp(triesRemaining, 0, TryLimit);
        IsValidated = false;
    }
}
