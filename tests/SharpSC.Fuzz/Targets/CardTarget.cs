using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens;
using SharpSC.Pkcs11.Tokens.Card;

namespace SharpSC.Fuzz.Targets;

/// <summary>
/// The module's card path (driver matching, PKCS#15 reading, objects, PIN status, VERIFY, signature,
/// GET CHALLENGE through ApduChannel and the IsoApplet driver) over a link whose answers the input
/// corrupts (<see cref="MutatingTransport"/>). Only PKCS#11 errors with a specific code, and the
/// reset signal the token handles, may come out.
/// </summary>
public sealed class CardTarget : FuzzTarget
{
    private static readonly byte[] DigestInfo = Convert.FromHexString("3031300D060960864801650304020105000420" + new string('A', 64));

    public override string Name => "card";

    protected override void Execute(ReadOnlySpan<byte> input)
    {
        var card = EmulatedCard.Instance;
        lock (card)
        {
            card.Reset();
            var transport = new MutatingTransport(card, input.ToArray());
            using var device = CardTokenDevice.Open(() => transport);
            Exercise(device, EmulatedCard.Pin);
        }
    }

    /// <summary>What a host does with a token: every object and attribute, PIN status, login, a signature per key, random.</summary>
    internal static void Exercise(ITokenDevice device, string pin)
    {
        var objects = Enum.GetValues<ObjectKind>().SelectMany(device.LoadObjects).ToList();
        foreach (var o in objects)
        {
            foreach (var type in AttributeTarget.AttributeTypes) o.Get(type);
            _ = o.Size;
        }
        device.QueryPin(UserRole.User);
        device.VerifyPin(UserRole.User, System.Text.Encoding.ASCII.GetBytes(pin));
        foreach (var key in objects.OfType<PrivateKeyObject>())
            device.Sign(key, key.Material.Kind == KeyKind.Rsa ? CardSignature.RsaPkcs1 : CardSignature.EcdsaPrehashed,
                key.Material.Kind == KeyKind.Rsa ? DigestInfo : DigestInfo[^32..]);
        device.GetRandom(16);
    }

    protected override bool IsPromisedFailure(Exception e) => IsSpecError(e) || e is TokenResetException;

    public override IEnumerable<byte[]> Seeds()
    {
        yield return []; // every answer as the card gave it
        for (var i = 0; i < 40; i += 7) yield return [.. Enumerable.Repeat((byte)5, i), 0, 3]; // a truncated answer, later each time
        yield return [5, 5, 5, 2, 0x6F, 0x00];
        yield return [5, 5, 5, 5, 5, 5, 1, 0, 0xFF];
        yield return [5, 5, 5, 5, 4, 0];
    }
}
