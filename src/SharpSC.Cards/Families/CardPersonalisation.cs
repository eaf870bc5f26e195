using SharpSC.Cards.Drivers;
using SharpSC.Cards.Pins;

namespace SharpSC.Cards.Families;

/// <summary>
/// How a card family becomes a token, in card terms: its PKCS#15 layout and the card commands that give it
/// PINs (sharpsc init, C_InitToken, C_InitPIN), prove the security officer and retire keys. One subclass per
/// writable family, in the family's driver folder, bound to its driver
/// (<see cref="CardDriver.Personalisation"/>); the PKCS#15 personaliser and the token engine call these and
/// know no family. A request the card cannot take throws <see cref="ArgumentException"/> (reported as an
/// invalid request); card failures stay <see cref="Errors.CardException"/>.
/// </summary>
public abstract class CardPersonalisation(CardDriver driver)
{
    protected CardDriver Driver { get; } = driver ?? throw new ArgumentNullException(nameof(driver));

    public abstract Pkcs15Layout Layout { get; }

    /// <summary>
    /// Gives a card without a PKCS#15 structure the PINs of a new token, before the personaliser writes the
    /// files; the user PIN given, if any, is verified afterwards, so the files can be written. Returns notes
    /// for the user (what was kept, what is still missing).
    /// </summary>
    public abstract IReadOnlyList<string> SetUpPins(PinSetup setup);

    /// <summary>The AODF entries of a token initialised with <paramref name="setup"/>. Default: the layout's.</summary>
    public virtual IReadOnlyList<PinEntry> PinEntries(PinSetup setup) => Layout.Pins;

    /// <summary>After the files of a new token are written (a card that must be activated does it here).</summary>
    public virtual void FinishInitialisation()
    {
    }

    /// <summary>
    /// C_InitToken on a card that carries a token: proves <paramref name="soSecret"/> to the card before anything
    /// is erased (a wrong secret fails here, with the card's counter, and the card stays as it was) and leaves
    /// the card ready to be erased (whatever erasing needs verified is verified).
    /// </summary>
    public abstract void ProveSecurityOfficer(PinReference userPin, PinReference? puk, ReadOnlySpan<byte> soSecret);

    /// <summary>C_InitToken: the PINs the new token gets from the SO's secret (<paramref name="erased"/>: the card carried a token, erased since).</summary>
    public abstract PinSetup InitTokenSetup(ReadOnlyMemory<byte> soSecret, bool erased);

    /// <summary>
    /// C_InitPIN, the SO logged in with <paramref name="soSecret"/>: gives the token the user PIN
    /// <paramref name="newPin"/>, whether the card has one yet or not.
    /// </summary>
    public abstract void InitUserPin(PinReference userPin, PinReference? puk, ReadOnlySpan<byte> soSecret, ReadOnlySpan<byte> newPin);

    /// <summary>
    /// Makes the key in a slot unusable after its PrKDF entry went (<see cref="KeyStorage.Slots"/> cards, whose
    /// slots cannot be deleted). Default: nothing (keys in files go with their file).
    /// </summary>
    public virtual void DestroyKey(int keyReference)
    {
    }
}
