using SharpSC.Cards.Families;
using SharpSC.Cards.Pins;
using SharpSC.Cards.Registry;

namespace SharpSC.Cards.Drivers.OpenPgp;

// What an OpenPGP token says about itself (CK_TOKEN_INFO) and the ATRs that name a standalone OpenPGP card.
public sealed partial class OpenPgpDriver
{
    private TokenFacts? _facts;

    /// <summary>
    /// Model "OpenPGP 3.4" and the application version as firmware (from the AID); PW1 (verified as 82) is the one
    /// user PIN, three tries, 6 to 127 UTF-8 bytes; the resetting code is the unblocking code; PW3 (83) is the SO.
    /// The maximum lengths are the card's own (C4).
    /// </summary>
    public override TokenFacts Facts => _facts ??= BuildFacts();

    private TokenFacts BuildFacts()
    {
        var version = _data is { } d ? new CardVersion(Bcd(d.Aid.VersionMajor), Bcd(d.Aid.VersionMinor)) : default;
        var (pw1Min, pw1Max) = LengthLimits(OpenPgpPassword.Pw1);
        var (rcMin, rcMax) = LengthLimits(OpenPgpPassword.ResettingCode);
        var (pw3Min, pw3Max) = LengthLimits(OpenPgpPassword.Pw3);
        return new TokenFacts
        {
            Model = _data is { } data ? "OpenPGP " + data.Aid.VersionText : "OpenPGP",
            Firmware = version,
            Hardware = version,
            Pins = new PinFacts
            {
                UserPin = new PinReference(OpenPgpSpec.Pw.Pw1, Utf8(pw1Min, pw1Max), "PIN (PW1)"),
                UserPinFixed = true,
                UserPinTries = OpenPgpSpec.DefaultTries,
                Puk = new UnblockingCode(Utf8(rcMin, rcMax), "resetting code") { Tries = OpenPgpSpec.DefaultTries },
                SecurityOfficer = SecurityOfficer.WithPin(new PinReference(OpenPgpSpec.Pw.Pw3, Utf8(pw3Min, pw3Max), "admin PIN (PW3)")),
            },
        };

        static PinFormat Utf8(int min, int max) => new(min, max, 0, 0x00, NeedsPadding: false);
        static byte Bcd(byte b) => (byte)((b >> 4) * 10 + (b & 0x0F));
    }

    /// <summary>
    /// ATRs of standalone OpenPGP cards: the ATR layout of the OpenPGP card v2/v3 family (ZeitControl cards,
    /// CryptoStick, Nitrokey Pro/Storage, Gnuk, SharpSC's virtual card: TA1, TC1 FF, T=1, historical bytes
    /// 00 31 xx 73 xx 01 xx xx 90 00) and the OpenPGP card v1.x (as OpenSC's card-openpgp.c lists them). A card
    /// with one of them holds an OpenPGP application and nothing else we look for; YubiKeys (PIV beside it) have
    /// their own ATRs and are found by the AID probe.
    /// </summary>
    public static IReadOnlyList<AtrPattern> StandaloneCardAtrs { get; } =
    [
        AtrPattern.Parse("3B DA 00 FF 81 B1 FE 00 1F 03 00 31 00 73 00 01 00 00 90 00 00",
                         "FF FF 00 FF FF FF FF 00 FF FF FF FF 00 FF 00 FF 00 00 FF FF 00"),
        AtrPattern.Parse("3B FA 13 00 FF 81 31 80 45 00 31 C1 73 C0 01 00 00 90 00 B1"),
    ];
}
