using SharpSC.Pkcs11.Objects;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tokens.Card;

// The write side of the card device, over the PKCS#15 personaliser (lands with the personaliser).
internal sealed partial class CardTokenDevice
{
    public (P11Object PrivateKey, P11Object PublicKey) GenerateKeyPair(KeyGenerationRequest request) => throw NotYet();

    public P11Object Store(object request) => throw NotYet();

    public void Destroy(P11Object o) => throw NotYet();

    public void Update(P11Object o, ObjectUpdate update) => throw NotYet();

    public void Initialize(ReadOnlySpan<byte> soPin, string label) => throw NotYet();

    private static Pkcs11Exception NotYet() => new(CKR_FUNCTION_NOT_SUPPORTED, "writing to the card is not available yet");
}
