using SharpSC.Cards.Apdu;
using SharpSC.Cards.Transport;

namespace SharpSC.Cards.Drivers.OpenPgp;

// Which application the card has selected, checked without SELECT: a SELECT of the OpenPGP application clears
// the passwords verified on it (§7.2.1), those another program sharing the card (scdaemon with pcsc-shared)
// verified included, so the driver selects only when the check says another application is selected.
public sealed partial class OpenPgpDriver
{
    /// <summary>The answer of this transaction's selection check (empty VERIFY 82), while no command since changed PW1's state.</summary>
    private ushort? _checkedPw1;

    /// <summary>
    /// A standalone OpenPGP card (its ATR, <see cref="StandaloneCardAtrs"/>) holds no other application that a program
    /// could select between our transactions: nothing is checked. On other cards (a YubiKey, a JavaCard with
    /// SmartPGP beside other applets) each outermost transaction that sends a command starts with the check.
    /// </summary>
    private bool Standalone { get; }

    protected override bool SelectsAtEveryTransaction => !Standalone;

    private static bool IsStandaloneCard(ApduChannel channel)
    {
        var atr = channel.Transport.Atr.Span;
        foreach (var pattern in StandaloneCardAtrs)
        {
            if (pattern.Matches(atr)) return true;
        }
        return false;
    }

    /// <summary>
    /// At the start of a transaction on a card where our application was selected when the last one ended: an empty
    /// VERIFY 82 (v2.0 and later: 63Cx, 9000 or 6983 only the OpenPGP application answers, consuming no try), or
    /// GET DATA 4F on older cards (its AID). Anything else means another application is selected: false.
    /// </summary>
    private bool StillSelected()
    {
        if (_data is not { } data) return false;
        if (data.Aid.Version >= 0x0200)
        {
            var sw = Channel.Transmit(new CommandApdu(0x00, OpenPgpSpec.Ins.Verify, 0x00, OpenPgpSpec.Pw.Pw1)).StatusWord;
            if (sw is not (StatusWords.Success or StatusWords.AuthenticationMethodBlocked) && !StatusWords.IsCounter(sw)) return false;
            _checkedPw1 = sw;
            return true;
        }
        var aid = Channel.Transmit(GetDataCommand(OpenPgpSpec.Tag.Aid));
        return aid.IsSuccess && aid.Data.AsSpan().StartsWith(OpenPgpSpec.AidPrefix);
    }

    /// <summary>The selection check's answer for PW1 (82) when this transaction made one and nothing changed PW1 since.</summary>
    private ushort? TakeCheckedPw1()
    {
        var sw = _checkedPw1;
        _checkedPw1 = null;
        return sw;
    }
}
