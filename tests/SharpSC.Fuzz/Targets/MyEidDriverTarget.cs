using SharpSC.Cards.Drivers.MyEid;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Registry;
using SharpSC.Cards.Security;
using SharpSC.Cards.Transport;

namespace SharpSC.Fuzz.Targets;

/// <summary>
/// The MyEID driver's own parsers on untrusted answers: card information and capabilities at detection, FCIs
/// and ACLs of SELECT, key generation (the modulus and EC point of GET DATA), ECDH, key loading and erase,
/// over a link the input corrupts; then the parsers on the raw input. Only card errors (CardException), the
/// transport's failures and refusals of bad arguments may come out.
/// </summary>
public sealed class MyEidDriverTarget : FuzzTarget
{
    private static readonly byte[] PeerPoint = Convert.FromHexString(
        "04B43C1115B748C184708CE1ED38D99A137398E45E1B59DD9A831170ABD09A47F11B46F1FF04E9D6751E45BFD400DBAB5073E61BE34998F1943DA8B18CDBEB08CF");

    public override string Name => "myeid-driver";

    protected override void Execute(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        Parsers(bytes);
        var card = EmulatedMyEidCard.Fresh();
        var transport = new MutatingTransport(c => card.Process(c), card.Atr, bytes);
        if (DriverRegistry.Default.Match(transport).Driver is not MyEidDriver driver) return;
        foreach (var path in new[] { "3F00", "3F005015", "3F0050155031", "3F0050154B01", "3F0050155502" })
            Try(() => driver.SelectFile(CardPath.Parse(path)));
        Try(() => driver.VerifyPin(MyEidDriver.UserPin, "123456"u8));
        Try(() => driver.GenerateKeyPair(5, KeySpec.Ec(EcCurves.Secp256r1)));
        Try(() => driver.GenerateKeyPair(6, KeySpec.Rsa(1024)));
        Try(() => driver.DeriveSharedSecret(new CardKey(2, 256), PeerPoint));
        Try(() => driver.Sign(new CardKey(2, 256), SignatureAlgorithm.Ecdsa, new byte[32]));
        Try(() => driver.ImportPrivateKey(7, new EcPrivateKeyImport(EcCurves.Secp256r1, Convert.FromHexString("0102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F20"))));
        Try(() => driver.IsOperational());
        Try(() => driver.ReadCardInfo());
        Try(() => driver.GetChallenge(300));
    }

    private static void Parsers(byte[] input)
    {
        MyEidAtr.Family(input);
        Try(() => MyEidCardInfo.Parse(input));
        Try(() => MyEidCapabilities.Parse(input));
        Try(() => CardFileInfo.Parse(CardPath.MasterFile, input));
    }

    private static void Try(Action action)
    {
        try
        {
            action();
        }
        catch (CardException)
        {
        }
        catch (CardTransportException)
        {
        }
    }

    private static void Try<T>(Func<T> action) => Try(() => { action(); });

    protected override bool IsPromisedFailure(Exception e) => e is CardException or CardTransportException;

    public override IEnumerable<byte[]> Seeds()
    {
        yield return [];
        foreach (var answer in EmulatedMyEidCard.TranscriptAnswers().Take(40)) yield return answer;
        yield return [5, 3, 11, 0x01, 0x00, 0x0F, 0xFF, 0xFF, 0x00, 0xC0, 0x01, 0x00, 0x02, 0x09];
    }
}
