using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cards.Registry;
using SharpSC.Pkcs11.Objects;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tokens.Piv;

/// <summary>
/// The card authentication token (<see cref="PivCardAuthenticationToken"/>): the PIV token of the same card
/// narrowed to the 9E objects (private key, public key, certificate, with the PIV token's CKA_ID 04 and labels),
/// read-only, and without CKF_LOGIN_REQUIRED since none of its functions needs a login (SP 800-73-4 Part 1
/// §3.1.4: 9E's PIN policy is "never"). The token still has a user PIN, the card's (CKF_USER_PIN_INITIALIZED):
/// PKCS#11 3.0 §5.6 C_Login lets a user log in to a token that does not require it, and C_Login(CKU_USER)
/// verifies the PIV PIN as the PIV token does; the SO (management key) belongs to the PIV token only.
/// </summary>
internal sealed class PivCardAuthenticationDevice : ITokenDevice
{
    /// <summary>CK_TOKEN_INFO's label field is 32 characters: the PIV token's label is shortened to keep the suffix.</summary>
    public const string LabelSuffix = " Card Auth";
    private const int LabelLength = 32;

    private static readonly byte[] Id = [PivSlot.CardAuthentication.OpenScId];

    private readonly ITokenDevice _piv;

    public PivCardAuthenticationDevice(ITokenDevice piv)
    {
        _piv = piv;
        var d = piv.Description;
        var label = d.Label.Length + LabelSuffix.Length > LabelLength ? d.Label[..(LabelLength - LabelSuffix.Length)] : d.Label;
        Description = d with
        {
            Label = label + LabelSuffix,
            ReadOnly = true,
            HasSecurityOfficer = false,
            LoginRequired = false,
            KeysWithoutPin = true,
        };
    }

    public static ITokenDevice Open(CardApplication application) => new PivCardAuthenticationDevice(PivTokenDevice.Open(application));

    public TokenDescription Description { get; }

    public IReadOnlyList<P11Object> LoadObjects(ObjectKind kind) =>
        kind == ObjectKind.Data ? [] : [.. _piv.LoadObjects(kind).Where(IsCardAuthentication)];

    private static bool IsCardAuthentication(P11Object o) => o.Get(CKA_ID).Value is { } id && id.AsSpan().SequenceEqual(Id);

    public bool IsComplete(ObjectKind kind) => _piv.IsComplete(kind);

    public PinStatus QueryPin(UserRole role) => _piv.QueryPin(role);

    public void VerifyPin(UserRole role, ReadOnlySpan<byte> pin)
    {
        if (role != UserRole.User) throw SoOnly();
        _piv.VerifyPin(role, pin);
    }

    public void Logout() => _piv.Logout();

    public void ChangePin(UserRole role, ReadOnlySpan<byte> oldPin, ReadOnlySpan<byte> newPin)
    {
        if (role != UserRole.User) throw SoOnly();
        _piv.ChangePin(role, oldPin, newPin);
    }

    public void UnblockPin(ReadOnlySpan<byte> unblockingCode, ReadOnlySpan<byte> newPin) => throw SoOnly();

    public byte[] Sign(PrivateKeyObject key, CardSignature kind, ReadOnlySpan<byte> input) => _piv.Sign(key, kind, input);

    public byte[] Decrypt(PrivateKeyObject key, CardDecryption kind, ReadOnlySpan<byte> ciphertext) => _piv.Decrypt(key, kind, ciphertext);

    public byte[] DeriveSharedSecret(PrivateKeyObject key, ReadOnlySpan<byte> peerPublic) => _piv.DeriveSharedSecret(key, peerPublic);

    public byte[] GetRandom(int length) => _piv.GetRandom(length);

    public (P11Object PrivateKey, P11Object PublicKey) GenerateKeyPair(KeyGenerationRequest request) => throw WriteProtected();

    public P11Object Store(object request) => throw WriteProtected();

    public void Destroy(P11Object o) => throw WriteProtected();

    public bool IsStale(P11Object o) => _piv.IsStale(o);

    public void Update(P11Object o, ObjectUpdate update) => throw WriteProtected();

    public void Initialize(ReadOnlySpan<byte> soPin, string label) => throw WriteProtected();

    public void Reestablish() => _piv.Reestablish();

    public IDisposable? HoldCard() => _piv.HoldCard();

    public void EndCall(bool succeeded) => _piv.EndCall(succeeded);

    public void Dispose() => _piv.Dispose();

    private static Pkcs11Exception WriteProtected() =>
        new(CKR_TOKEN_WRITE_PROTECTED, "the card authentication token is read-only; the PIV token of the same card writes");

    private static Pkcs11Exception SoOnly() =>
        new(CKR_USER_TYPE_INVALID, "the card's management key and PUK belong to its PIV token");
}
