using SharpSC.Pkcs11.Tokens;
using SharpSC.Pkcs11.Tokens.Card;

namespace SharpSC.Fuzz.Targets;

/// <summary>
/// The module's card path on a MyEID card personalised by OpenSC (driver match by ATR and GET DATA, PKCS#15
/// reading, objects, PIN status, VERIFY, RSA and ECDSA signatures, GET CHALLENGE) over a link whose answers the
/// input corrupts. Only PKCS#11 errors with a specific code, and the reset signal, may come out.
/// </summary>
public sealed class MyEidCardTarget : FuzzTarget
{
    public override string Name => "myeid-card";

    protected override void Execute(ReadOnlySpan<byte> input)
    {
        // The host's commands reach the card unchanged (only answers are corrupted), so one card serves every run.
        var card = EmulatedMyEidCard.Shared;
        lock (card)
        {
            card.Reset();
            var transport = new MutatingTransport(c => card.Process(c), card.Atr, input.ToArray());
            using var device = CardTokenDevice.Open(() => transport);
            CardTarget.Exercise(device, EmulatedMyEidCard.Pin);
        }
    }

    protected override bool IsPromisedFailure(Exception e) => IsSpecError(e) || e is TokenResetException;

    public override IEnumerable<byte[]> Seeds()
    {
        yield return [];
        for (var i = 0; i < 30; i += 5) yield return [.. Enumerable.Repeat((byte)5, i), 0, 3];
        yield return [5, 3, 20, 0x4F, 0x73, 0x45, 0x49, 0x44, 0x09, 0x09, 0x09];
        yield return [5, 5, 2, 0x6A, 0x82];
        yield return [5, 5, 5, 5, 5, 5, 5, 5, 1, 7, 0xFF];
    }
}
