using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CK;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11;

/// <summary>Token information and mechanisms (PKCS#11 3.0 §5.5).</summary>
public static partial class Cryptoki
{
    public static ulong GetTokenInfo(ulong slotId, out TokenInfo info)
    {
        using var call = Enter();
        var token = call.State.Tokens.RequireToken(FindSlot(call.State, slotId));
        var d = token.Description;
        // Every token has a generator: the module's DRBG, seeded from the card's where it has one (Drbg/TokenRandom).
        var flags = CKF_RNG
            | (d.ReadOnly ? CKF_WRITE_PROTECTED : 0)
            | (d.Initialized ? CKF_TOKEN_INITIALIZED : 0)
            | (d.UserPinInitialized ? CKF_USER_PIN_INITIALIZED | (d.LoginRequired ? CKF_LOGIN_REQUIRED : 0) : 0)
            | (d.ProtectedAuthenticationPath ? CKF_PROTECTED_AUTHENTICATION_PATH : 0);
        if (d.UserPinInitialized)
        {
            var pin = token.UserPinStatus();
            flags = pin.IsSet ? flags | PinFlags(pin) : flags & ~(CKF_USER_PIN_INITIALIZED | CKF_LOGIN_REQUIRED);
        }

        var sessions = call.State.Sessions.OfToken(token);
        info = new TokenInfo
        {
            Label = d.Label,
            ManufacturerId = d.Manufacturer,
            Model = d.Model,
            SerialNumber = d.SerialNumber,
            Flags = flags,
            MaxSessionCount = CK_EFFECTIVELY_INFINITE,
            SessionCount = (ulong)sessions.Count,
            MaxRwSessionCount = CK_EFFECTIVELY_INFINITE,
            RwSessionCount = (ulong)sessions.Count(s => s.ReadWrite),
            MaxPinLen = (ulong)d.MaxPinLength,
            MinPinLen = (ulong)d.MinPinLength,
            TotalPublicMemory = Unavailable,
            FreePublicMemory = Unavailable,
            TotalPrivateMemory = Unavailable,
            FreePrivateMemory = Unavailable,
            HardwareVersion = new CkVersion(d.Versions.HardwareMajor, d.Versions.HardwareMinor),
            FirmwareVersion = new CkVersion(d.Versions.FirmwareMajor, d.Versions.FirmwareMinor),
        };
        return CKR_OK;
    }

    /// <summary>CKF_USER_PIN_COUNT_LOW / FINAL_TRY / LOCKED from the card's retry counter.</summary>
    private static ulong PinFlags(PinStatus pin)
    {
        if (pin.Blocked) return CKF_USER_PIN_LOCKED;
        if (pin.TriesLeft is not { } left) return 0;
        var flags = 0UL;
        if (pin.MaxTries is { } max && left < max) flags |= CKF_USER_PIN_COUNT_LOW;
        if (left == 1) flags |= CKF_USER_PIN_FINAL_TRY;
        return flags;
    }

    public static ulong GetMechanismList(ulong slotId, out ulong[] mechanisms)
    {
        using var call = Enter();
        var token = call.State.Tokens.RequireToken(FindSlot(call.State, slotId));
        mechanisms = MechanismCatalog.For(token.Description).Keys.Order().ToArray();
        return CKR_OK;
    }

    public static ulong GetMechanismInfo(ulong slotId, ulong type, out MechanismInfo info)
    {
        using var call = Enter();
        var token = call.State.Tokens.RequireToken(FindSlot(call.State, slotId));
        if (!MechanismCatalog.For(token.Description).TryGetValue(type, out info))
            return CKR_MECHANISM_INVALID;
        return CKR_OK;
    }
}
