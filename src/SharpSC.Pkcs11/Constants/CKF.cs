// Values of the PKCS#11 2.40 headers (as shipped by p11-kit) plus the PKCS#11 3.0 additions;
// SpecConstantsTests checks them against the installed pkcs11.h.
namespace SharpSC.Pkcs11.Constants;

/// <summary>Flags of every CK_FLAGS field (token, slot, session, mechanism, initialize args, interface); names are unique, values are not.</summary>
#pragma warning disable CA1707 // spec names, kept as the standard spells them
public static class CKF
{
    public const ulong CKF_TOKEN_PRESENT = 0x1UL;
    public const ulong CKF_REMOVABLE_DEVICE = 0x2UL;
    public const ulong CKF_HW_SLOT = 0x4UL;
    public const ulong CKF_ARRAY_ATTRIBUTE = 0x40000000UL;
    public const ulong CKF_RNG = 0x1UL;
    public const ulong CKF_WRITE_PROTECTED = 0x2UL;
    public const ulong CKF_LOGIN_REQUIRED = 0x4UL;
    public const ulong CKF_USER_PIN_INITIALIZED = 0x8UL;
    public const ulong CKF_RESTORE_KEY_NOT_NEEDED = 0x20UL;
    public const ulong CKF_CLOCK_ON_TOKEN = 0x40UL;
    public const ulong CKF_PROTECTED_AUTHENTICATION_PATH = 0x100UL;
    public const ulong CKF_DUAL_CRYPTO_OPERATIONS = 0x200UL;
    public const ulong CKF_TOKEN_INITIALIZED = 0x400UL;
    public const ulong CKF_SECONDARY_AUTHENTICATION = 0x800UL;
    public const ulong CKF_USER_PIN_COUNT_LOW = 0x10000UL;
    public const ulong CKF_USER_PIN_FINAL_TRY = 0x20000UL;
    public const ulong CKF_USER_PIN_LOCKED = 0x40000UL;
    public const ulong CKF_USER_PIN_TO_BE_CHANGED = 0x80000UL;
    public const ulong CKF_SO_PIN_COUNT_LOW = 0x100000UL;
    public const ulong CKF_SO_PIN_FINAL_TRY = 0x200000UL;
    public const ulong CKF_SO_PIN_LOCKED = 0x400000UL;
    public const ulong CKF_SO_PIN_TO_BE_CHANGED = 0x800000UL;
    public const ulong CKF_RW_SESSION = 0x2UL;
    public const ulong CKF_SERIAL_SESSION = 0x4UL;
    public const ulong CKF_NEXT_OTP = 0x1UL;
    public const ulong CKF_EXCLUDE_TIME = 0x2UL;
    public const ulong CKF_EXCLUDE_COUNTER = 0x4UL;
    public const ulong CKF_EXCLUDE_CHALLENGE = 0x8UL;
    public const ulong CKF_EXCLUDE_PIN = 0x10UL;
    public const ulong CKF_USER_FRIENDLY_OTP = 0x20UL;
    public const ulong CKF_HW = 0x1UL;
    public const ulong CKF_ENCRYPT = 0x100UL;
    public const ulong CKF_DECRYPT = 0x200UL;
    public const ulong CKF_DIGEST = 0x400UL;
    public const ulong CKF_SIGN = 0x800UL;
    public const ulong CKF_SIGN_RECOVER = 0x1000UL;
    public const ulong CKF_VERIFY = 0x2000UL;
    public const ulong CKF_VERIFY_RECOVER = 0x4000UL;
    public const ulong CKF_GENERATE = 0x8000UL;
    public const ulong CKF_GENERATE_KEY_PAIR = 0x10000UL;
    public const ulong CKF_WRAP = 0x20000UL;
    public const ulong CKF_UNWRAP = 0x40000UL;
    public const ulong CKF_DERIVE = 0x80000UL;
    public const ulong CKF_EXTENSION = 0x80000000UL;
    public const ulong CKF_EC_F_P = 0x100000UL;
    public const ulong CKF_EC_NAMEDCURVE = 0x800000UL;
    public const ulong CKF_EC_UNCOMPRESS = 0x1000000UL;
    public const ulong CKF_EC_COMPRESS = 0x2000000UL;
    public const ulong CKF_DONT_BLOCK = 0x1UL;
    public const ulong CKF_LIBRARY_CANT_CREATE_OS_THREADS = 0x1UL;
    public const ulong CKF_OS_LOCKING_OK = 0x2UL;
    public const ulong CKF_INTERFACE_FORK_SAFE = 0x1UL;
    public const ulong CKF_END_OF_MESSAGE = 0x1UL;
    public const ulong CKF_MESSAGE_ENCRYPT = 0x2UL;
    public const ulong CKF_MESSAGE_DECRYPT = 0x4UL;
    public const ulong CKF_MESSAGE_SIGN = 0x8UL;
    public const ulong CKF_MESSAGE_VERIFY = 0x10UL;
    public const ulong CKF_MULTI_MESSAGE = 0x20UL;
    public const ulong CKF_FIND_OBJECTS = 0x40UL;
}
