using System.Text;
using SharpSC.Pkcs11.Tokens;

namespace SharpSC.Pkcs11.Tests.Support;

/// <summary>
/// The state of a card emulated in software for engine tests: its keys, its PIN and SO secret (a PIV-style
/// management key given as hex), what it can do, and a record of what the engine asked it. It outlives the
/// token device, as a card outlives a connection.
/// </summary>
internal sealed class SoftwareCard
{
    /// <summary>A YubiKey's factory PIV management key (3DES), in the hex form ykcs11 takes for CKU_SO.</summary>
    public const string DefaultManagementKeyHex = "010203040506070801020304050607080102030405060708";

    public List<SoftwareKey> Keys { get; } = [];

    public string Pin { get; set; } = "123456";

    public string ManagementKeyHex { get; set; } = DefaultManagementKeyHex;

    public int PinTriesLeft { get; set; } = 3;

    public required DeviceCapabilities Capabilities { get; init; }

    public UserRole WriteAuthority { get; init; } = UserRole.User;

    public bool UserVerified { get; set; }

    public bool SoVerified { get; set; }

    /// <summary>Keys whose next use was authorised by a context-specific login (consumed by that use).</summary>
    public HashSet<SoftwareKey> VerifiedForNextUse { get; } = [];

    public List<(CardSignature Kind, byte[] Input)> Signatures { get; } = [];

    public List<(CardDecryption Kind, byte[] Input)> Decryptions { get; } = [];

    public List<byte[]> PeerValues { get; } = [];

    public List<KeyGenerationRequest> Generated { get; } = [];

    /// <summary>Every secret the engine handed to VerifyPin(SO), as bytes, to check the engine passes them unchanged.</summary>
    public List<byte[]> SoSecrets { get; } = [];

    public List<string> ContextLogins { get; } = [];

    public SoftwareKey Key(byte id) => Keys.Single(k => k.Id[0] == id);

    public TokenDescription Description => new()
    {
        Label = "Software card",
        Manufacturer = "SharpSC tests",
        Model = "software",
        SerialNumber = "0001",
        Initialized = true,
        UserPinInitialized = true,
        HasSecurityOfficer = true,
        MinPinLength = 6,
        MaxPinLength = 8,
        WriteAuthority = WriteAuthority,
        Capabilities = Capabilities,
    };

    public static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);
}
