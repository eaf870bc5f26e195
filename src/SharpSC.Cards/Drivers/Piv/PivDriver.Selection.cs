using SharpSC.Cards.Apdu;
using SharpSC.Cards.Pins;
using SharpSC.Diagnostics;
using static SharpSC.Cards.Drivers.Piv.PivConstants;

namespace SharpSC.Cards.Drivers.Piv;

// Selection on a card PIV shares with other programs (ykcs11, yubico-piv-tool, OpenSC, scdaemon's OpenPGP on a
// YubiKey): any of them may select another application between two of our transactions. Each outermost
// transaction therefore starts by making sure PIV is selected, without losing its security status: an empty
// VERIFY of the PIN (SP 800-73-4 Part 2 §3.2.1) answers 9000 or 63Cx only from the PIV application and changes
// nothing, where a SELECT would clear the verified PIN and the management-key authentication. Only when it
// answers something else (another application is selected), or when another of our applications on the card
// selected itself, is PIV selected again. After a probe of another application that found nothing (the OpenPGP
// probe on a PIV-only YubiKey) the selection is unknown to this process but still PIV's on the card: a SELECT by
// an AID no applet has leaves the selected applet selected (Java Card 2.2.2 JCRE §4.5.1: the command goes to the
// selected applet instead; the virtual card does the same), so the VERIFY check comes first there too, and a
// wrong guess costs only the SELECT that follows it. yubico-piv-tool's libykpiv checks the selection the same way.
public sealed partial class PivDriver
{
    private (long AtCommand, PinStatus Status)? _probed;

    protected override bool SelectsAtEveryTransaction => true;

    protected override void SelectApplication()
    {
        if (Channel.Card.IsSelectedBy(this) || Channel.Card.SelectionUnknown)
        {
            var answer = Channel.Transmit(PinStatusCommand());
            if (ToPinStatus(answer.StatusWord) is { } status)
            {
                _probed = (Channel.Statistics.Commands, status);
                ApplicationSelected = true;
                return;
            }
            Log.Info(TraceComponent, $"PIV: VERIFY answered {answer.StatusWord:X4}: another application is selected; selecting PIV again");
        }
        _probed = null;
        Send("SELECT PIV", SelectCommand());
        ApplicationSelected = true;
    }

    /// <summary>
    /// The PIN's tries left and whether it is verified now: what the transaction's opening check answered when
    /// nothing was sent since, else one empty VERIFY (which costs no try).
    /// </summary>
    public PinStatus PinTries() => Run("PIN status", () =>
    {
        if (_probed is { } p && p.AtCommand == Channel.Statistics.Commands) return p.Status;
        var answer = Channel.Transmit(PinStatusCommand());
        return ToPinStatus(answer.StatusWord) ?? throw Errors.CardException.FromStatusWord(answer.StatusWord, "PIN status");
    });

    /// <summary>
    /// Ends the session's security status (PIN, management key) with a SELECT, as SP 800-73-4 Part 2 §3.1.1 says it
    /// does: one APDU, with no check of the selection first (the SELECT selects PIV whatever was selected).
    /// </summary>
    public override void Logout()
    {
        using var transaction = BeginTransaction();
        ApplicationSelected = true;
        try
        {
            Run("LOGOUT", () =>
            {
                InvalidateState();
                _probed = null;
                Send("SELECT PIV", SelectCommand());
            });
        }
        catch
        {
            ApplicationSelected = false;
            throw;
        }
    }

    private static CommandApdu PinStatusCommand() => new(0x00, InsVerify, 0x00, PivConstants.PinReference);

    private static PinStatus? ToPinStatus(ushort sw) => sw switch
    {
        StatusWords.Success => new PinStatus(null, false, false),
        StatusWords.AuthenticationMethodBlocked => new PinStatus(0, true, true),
        _ when StatusWords.IsCounter(sw) => new PinStatus(sw & 0x0F, (sw & 0x0F) == 0, true),
        _ => null,
    };
}
