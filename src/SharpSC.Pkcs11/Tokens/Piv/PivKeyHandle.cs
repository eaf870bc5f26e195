using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cards.Keys;

namespace SharpSC.Pkcs11.Tokens.Piv;

/// <summary>What the PIV device needs to use a private key: its slot and its type (RSA modulus or EC curve).</summary>
internal sealed record PivKeyHandle(PivSlot Slot, KeySpec Spec);
