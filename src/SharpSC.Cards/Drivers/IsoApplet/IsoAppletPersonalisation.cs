using SharpSC.Cards.Errors;
using SharpSC.Cards.Families;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Pins;

namespace SharpSC.Cards.Drivers.IsoApplet;

/// <summary>
/// Personalising IsoApplet. The applet has one user PIN and one PUK, each set once on a blank applet (PUK
/// first) and never reset but by reinstalling it; its PUK acts as the security officer. Keys live in 16 slots
/// that cannot be deleted, only overwritten.
/// </summary>
internal sealed class IsoAppletPersonalisation(IsoAppletDriver driver) : CardPersonalisation(driver)
{
    public override Pkcs15Layout Layout => IsoAppletLayout.Instance;

    /// <summary>
    /// A blank applet gets the PUK (once) and the PIN; an applet that already has a PIN keeps it (it cannot be
    /// reset without reinstalling the applet) and needs it, or the PUK to set a new one.
    /// </summary>
    public override IReadOnlyList<string> SetUpPins(PinSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var notes = new List<string>();
        var userPin = IsoAppletDriver.UserPin;
        var status = driver.GetPinStatus(userPin);
        if (!status.VerificationRequired)
        {
            if (setup.Puk is { } newPuk)
                SetPuk(newPuk.Span, notes);
            else
                notes.Add("no PUK was set: a blocked PIN cannot be unblocked");
            if (setup.UserPin is { } newPin)
                driver.SetInitialPin(newPin.Span);
            else
                notes.Add("the user PIN is not set yet (C_InitPIN sets it)");
        }
        else if (setup.UserPin is not { } currentPin)
        {
            throw new ArgumentException(
                "this applet already has a user PIN (IsoApplet cannot reset it): initialise with that PIN, or with the PUK and a new PIN");
        }
        else if (setup.Puk is { } existingPuk)
        {
            driver.UnblockPin(userPin, IsoAppletDriver.Puk, existingPuk.Span, currentPin.Span);
            notes.Add("the applet already had a PIN and PUK: the PUK was accepted and the PIN set anew (the PUK cannot be changed)");
        }
        else if (status.Blocked)
        {
            throw new CardException(CardError.AuthenticationBlocked,
                "the applet's PIN (set when it was first personalised) is blocked: give the PUK to set a new PIN");
        }
        else
        {
            notes.Add("the applet already had a PIN (IsoApplet cannot reset it): it was verified and kept, as was the PUK");
        }
        if (setup.UserPin is { } pin)
        {
            try
            {
                driver.VerifyPin(userPin, pin.Span);
            }
            catch (CardException e) when (e.Error == CardError.PinIncorrect && status.VerificationRequired && setup.Puk is null)
            {
                throw new CardException(CardError.PinIncorrect,
                    $"the applet already has a PIN (IsoApplet cannot reset it): give that PIN, or the PUK to set a new one; {e.Message}",
                    e.StatusWord, e.TriesLeft, e);
            }
        }
        return notes;
    }

    private void SetPuk(ReadOnlySpan<byte> puk, List<string> notes)
    {
        try
        {
            driver.SetPuk(puk);
        }
        catch (CardException e) when (e.Error == CardError.WrongParameters)
        {
            // IsoApplet answers 6A86 to a second PUK: an interrupted personalisation set it already.
            notes.Add("the PUK had been set by an earlier, interrupted initialisation and was kept");
        }
    }

    /// <summary>
    /// The SO's secret is the PUK. RESET RETRY COUNTER sets the user PIN to it (a wrong PUK fails here with its
    /// counter, the card unchanged); verifying that PIN then lets the erase overwrite the key slots.
    /// </summary>
    public override void ProveSecurityOfficer(PinReference userPin, PinReference? puk, ReadOnlySpan<byte> soSecret)
    {
        driver.UnblockPin(userPin, puk ?? IsoAppletDriver.Puk, soSecret, soSecret);
        driver.VerifyPin(userPin, soSecret);
    }

    /// <summary>
    /// A blank applet takes the SO's secret as its PUK and waits for its user PIN (C_InitPIN). An erased applet
    /// keeps its PUK; its user PIN, set to the PUK by <see cref="ProveSecurityOfficer"/>, stays until C_InitPIN.
    /// </summary>
    public override PinSetup InitTokenSetup(ReadOnlyMemory<byte> soSecret, bool erased) =>
        erased ? new PinSetup { UserPin = soSecret } : new PinSetup { Puk = soSecret };

    /// <summary>After C_InitToken on a blank applet the applet waits for its first PIN; otherwise the PUK sets a new one.</summary>
    public override void InitUserPin(PinReference userPin, PinReference? puk, ReadOnlySpan<byte> soSecret, ReadOnlySpan<byte> newPin)
    {
        if (!driver.GetPinStatus(userPin).VerificationRequired)
            driver.SetInitialPin(newPin);
        else
            driver.UnblockPin(userPin, puk ?? IsoAppletDriver.Puk, soSecret, newPin);
    }

    /// <summary>
    /// The applet cannot delete a key, and the old one would stay usable with the PIN through raw APDUs: the
    /// slot gets a fresh throwaway key (EC P-256 when the applet has ECC: fast).
    /// </summary>
    public override void DestroyKey(int keyReference)
    {
        var spec = driver.Capabilities.Has(CardFeatures.Ecc) ? KeySpec.Ec(EcCurves.Secp256r1) : KeySpec.Rsa(2048);
        driver.GenerateKeyPair((byte)keyReference, spec);
    }
}
