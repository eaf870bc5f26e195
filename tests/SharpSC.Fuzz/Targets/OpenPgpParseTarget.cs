using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Cards.Errors;

namespace SharpSC.Fuzz.Targets;

/// <summary>
/// The OpenPGP parsers on arbitrary card answers: application related data (6E), cardholder data (65), PW status
/// (C4), algorithm attributes, historical bytes, extended capabilities, and public keys (7F49) against each kind of
/// attributes. The first input byte picks the public key's attributes; all parsers see the rest. Only
/// <see cref="CardException"/> may come out.
/// </summary>
public sealed class OpenPgpParseTarget : FuzzTarget
{
    private static readonly AlgorithmAttributes[] KeyKinds =
    [
        AlgorithmAttributes.Rsa(2048), AlgorithmAttributes.Rsa(4096),
        AlgorithmAttributes.FromName("nistp256", OpenPgpKeyRef.Signature)!, AlgorithmAttributes.FromName("nistp521", OpenPgpKeyRef.Decryption)!,
        AlgorithmAttributes.FromName("ed25519", OpenPgpKeyRef.Signature)!, AlgorithmAttributes.FromName("cv25519", OpenPgpKeyRef.Decryption)!,
    ];

    public override string Name => "openpgp-parse";

    protected override void Execute(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        var attributes = KeyKinds[input[0] % KeyKinds.Length];
        var data = input[1..].ToArray();
        Each(() => ApplicationRelatedData.Parse(data));
        Each(() => CardholderData.Parse(data).DisplayName);
        Each(() => PwStatus.Parse(data));
        Each(() => AlgorithmAttributes.Parse(data).ToString());
        Each(() => CardCapabilityBytes.Parse(data));
        Each(() => ExtendedCapabilities.Parse(data, 0x0304));
        Each(() =>
        {
            var key = OpenPgpPublicKey.Parse(data, attributes, OpenPgpKeyRef.Signature);
            return OpenPgpFingerprint.Compute(key, 0x5F000000);
        });
    }

    /// <summary>Each parser on its own: a promised failure of one does not hide the others.</summary>
    private static void Each(Func<object> parse)
    {
        try
        {
            parse();
        }
        catch (CardException)
        {
        }
    }

    protected override bool IsPromisedFailure(Exception e) => e is CardException;

    public override IEnumerable<byte[]> Seeds()
    {
        foreach (var name in new[] { "gnupg.apdu", "personalise.apdu", "opensc-misc.apdu" })
        {
            foreach (var answer in Fixtures.OpenPgpAnswers(name))
                yield return [(byte)(answer.Length % KeyKinds.Length), .. answer];
        }
    }
}
