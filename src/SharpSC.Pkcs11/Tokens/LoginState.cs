using System.Security.Cryptography;

namespace SharpSC.Pkcs11.Tokens;

/// <summary>
/// Who is logged in to a token (shared by all its sessions, PKCS#11 3.0 §5.6), and the PIN kept in
/// pinned memory so it can be presented again after another process reset or re-selected the card.
/// The copy is zeroed on logout, on token removal and at C_Finalize.
/// </summary>
internal sealed class LoginState : IDisposable
{
    private byte[]? _pin;

    public UserRole? Role { get; private set; }

    public bool IsUser => Role == UserRole.User;

    public bool IsSecurityOfficer => Role == UserRole.SecurityOfficer;

    public void LoggedIn(UserRole role, ReadOnlySpan<byte> pin)
    {
        Clear();
        Role = role;
        _pin = GC.AllocateArray<byte>(pin.Length, pinned: true);
        pin.CopyTo(_pin);
    }

    /// <summary>The remembered PIN; empty when none.</summary>
    public ReadOnlySpan<byte> Pin => _pin;

    public bool HasPin => _pin != null;

    public void Clear()
    {
        if (_pin != null) CryptographicOperations.ZeroMemory(_pin);
        _pin = null;
        Role = null;
    }

    public void Dispose() => Clear();
}
