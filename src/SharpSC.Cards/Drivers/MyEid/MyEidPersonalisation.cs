using System.Security.Cryptography;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Families;
using SharpSC.Cards.Pins;

namespace SharpSC.Cards.Drivers.MyEid;

/// <summary>
/// Personalising MyEID as OpenSC's pkcs15-init does: PIN objects are created by the card (PUT DATA) while it is
/// in creation state, each with its own PUK; the files follow; ACTIVATE makes the access rules apply. Erasing is
/// one card command (PUT DATA "initialise applet") that needs the MF's delete right: the SO PIN, or the user
/// PIN on a card without SO PIN.
/// </summary>
internal sealed class MyEidPersonalisation(MyEidDriver driver) : CardPersonalisation(driver)
{
    /// <summary>Tries of a new PIN and of its PUK (OpenSC's myeid profile: attempts 3 and 10).</summary>
    public const int PinTries = 3;
    public const int PukTries = 10;

    /// <summary>MF: create with the user PIN, delete (erase) with the SO PIN or, without one, the user PIN.</summary>
    private static readonly byte[] TwoPinMfAcl = [0x11, 0x3F, 0xFF];
    private static readonly byte[] OnePinMfAcl = [0x11, 0x1F, 0xFF];
    private static readonly byte[] ApplicationDfAcl = [0x11, 0x1F, 0xFF];

    private bool _userPinCreated;

    public override Pkcs15Layout Layout => MyEidLayout.Instance;

    /// <summary>
    /// Starts from a clean card (the initialise-applet command, which a card in creation state takes without a
    /// PIN), then creates the SO PIN (reference 3, with its PUK) when one is given and the user PIN (reference 1,
    /// with its PUK). An activated card must be erased first.
    /// </summary>
    public override IReadOnlyList<string> SetUpPins(PinSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (driver.IsOperational())
            throw new ArgumentException("this MyEID card is activated: erase it first (sharpsc erase, with the SO PIN, or the user PIN on a card without one)");
        var notes = new List<string>();
        var onePin = setup.SoPin is null;
        driver.EraseCard(onePin ? OnePinMfAcl : TwoPinMfAcl, ApplicationDfAcl);
        driver.SecurityOfficerReference = onePin ? MyEidDriver.UserPin.Reference : MyEidDriver.SoPin.Reference;
        if (setup.SoPin is { } soPin)
            Create(MyEidDriver.SoPin.Reference, soPin, setup.SoPuk, notes, "no SO PUK was given: a blocked SO PIN cannot be unblocked");
        if (setup.UserPin is { } userPin)
        {
            Create(MyEidDriver.UserPin.Reference, userPin, setup.Puk, notes, "no PUK was set: a blocked PIN cannot be unblocked");
            _userPinCreated = true;
            driver.VerifyPin(MyEidDriver.UserPin, userPin.Span);
        }
        else
        {
            notes.Add("the user PIN is not set yet (C_InitPIN sets it)");
        }
        if (onePin) notes.Add("no SO PIN: the user PIN also guards the token's structure and the erase");
        return notes;
    }

    /// <summary>The SO PIN's entry only when an SO PIN is set; the user PIN's only when it is.</summary>
    public override IReadOnlyList<PinEntry> PinEntries(PinSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var entries = new List<PinEntry>();
        if (setup.SoPin is not null) entries.Add(MyEidLayout.SoPinEntry);
        if (setup.UserPin is not null) entries.Add(MyEidLayout.UserPinEntry);
        return entries;
    }

    /// <summary>ACTIVATE once the user PIN exists; a token without one stays in creation state until C_InitPIN.</summary>
    public override void FinishInitialisation()
    {
        if (_userPinCreated) driver.Activate();
    }

    /// <summary>Verifies the SO PIN (reference 3), or the user PIN on a card without SO PIN: both grant the erase.</summary>
    public override void ProveSecurityOfficer(PinReference userPin, PinReference? puk, ReadOnlySpan<byte> soSecret)
    {
        try
        {
            driver.VerifyPin(MyEidDriver.SoPin, soSecret);
        }
        catch (CardException e) when (e.Error == CardError.ReferencedDataNotFound)
        {
            driver.VerifyPin(userPin, soSecret);
        }
    }

    /// <summary>C_InitToken: the SO's secret becomes the SO PIN and its PUK; the user PIN comes with C_InitPIN.</summary>
    public override PinSetup InitTokenSetup(ReadOnlyMemory<byte> soSecret, bool erased) => new() { SoPin = soSecret, SoPuk = soSecret };

    /// <summary>
    /// C_InitPIN: a card still in creation state gets the user PIN with the SO's secret as its PUK, then is
    /// activated; an activated card resets the user PIN with its PUK, which C_InitPIN made the SO's secret.
    /// </summary>
    public override void InitUserPin(PinReference userPin, PinReference? puk, ReadOnlySpan<byte> soSecret, ReadOnlySpan<byte> newPin)
    {
        if (!driver.IsOperational())
        {
            driver.CreatePin(userPin.Reference, newPin, soSecret, PinTries, PukTries);
            driver.Activate();
            return;
        }
        driver.UnblockPin(userPin, puk ?? new PinReference(userPin.Reference, MyEidDriver.Format, "PUK"), soSecret, newPin);
    }

    /// <summary>PUT DATA "initialise applet" with the ACLs of a two-PIN token; the MF's delete right must be verified.</summary>
    public override IReadOnlyList<string> EraseCard()
    {
        driver.EraseCard(TwoPinMfAcl, ApplicationDfAcl);
        driver.SecurityOfficerReference = MyEidDriver.SoPin.Reference;
        return ["erased the card (initialise applet): files, keys and PINs; it is back in creation state"];
    }

    /// <summary>Creates a PIN with its PUK; MyEID wants a PUK with every PIN: without one, a random one nobody knows.</summary>
    private void Create(byte reference, ReadOnlyMemory<byte> pin, ReadOnlyMemory<byte>? puk, List<string> notes, string withoutPuk)
    {
        if (puk is { } given)
        {
            driver.CreatePin(reference, pin.Span, given.Span, PinTries, PukTries);
            return;
        }
        Span<byte> random = stackalloc byte[MyEidConstants.PinStoredLength];
        RandomNumberGenerator.Fill(random);
        for (var i = 0; i < random.Length; i++) random[i] = (byte)('0' + random[i] % 10);
        try
        {
            driver.CreatePin(reference, pin.Span, random, PinTries, PukTries);
            notes.Add(withoutPuk);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(random);
        }
    }
}
