using SharpSC.Cards.Families;

namespace SharpSC.Cards.Drivers;

// What a family says about its cards: the facts a token needs and how the card is personalised. The token
// engine and the PKCS#15 layer ask these instead of the driver's type.
public abstract partial class CardDriver
{
    private TokenFacts? _defaultFacts;

    /// <summary>How a token on this card describes itself and what its PINs are. Default: the driver's name, PINs from the AODF.</summary>
    public virtual TokenFacts Facts => _defaultFacts ??= TokenFacts.Default(Name);

    /// <summary>How this card is personalised (layout, PIN set-up, initialisation); null when it cannot be (read-only drivers).</summary>
    public virtual CardPersonalisation? Personalisation => null;
}
