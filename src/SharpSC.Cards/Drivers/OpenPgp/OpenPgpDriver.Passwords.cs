using System.Globalization;
using System.Security.Cryptography;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Pins;

namespace SharpSC.Cards.Drivers.OpenPgp;

// VERIFY (§7.2.2), CHANGE REFERENCE DATA (§7.2.3), RESET RETRY COUNTER (§7.2.4), resetting code (PUT DATA D3).
// Passwords are sent once (a failed VERIFY is never retried), traced redacted, and their buffers cleared.
public sealed partial class OpenPgpDriver
{
    /// <summary>
    /// VERIFY 81, 82 or 83. A wrong password (6982 on OpenPGP cards, or 63Cx) is
    /// <see cref="CardError.PinIncorrect"/> with the tries left; a blocked one <see cref="CardError.AuthenticationBlocked"/>.
    /// </summary>
    public void Verify(OpenPgpPassword password, ReadOnlySpan<byte> value)
    {
        var reference = Reference(password);
        CheckLength(password, value);
        var data = value.ToArray();
        try
        {
            Run("VERIFY " + password, () =>
            {
                _checkedPw1 = null;
                var answer = Channel.Transmit(new CommandApdu(0x00, OpenPgpSpec.Ins.Verify, 0x00, reference, data) { SensitiveData = true });
                if (!answer.IsSuccess) throw PasswordError("VERIFY " + password, answer.StatusWord, password);
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(data);
        }
    }

    /// <summary>
    /// Empty VERIFY: verified already (9000), or the tries left (63Cx); consumes no try. For PW1 (82) the answer of
    /// the transaction's selection check serves when nothing changed PW1 since (no second APDU).
    /// </summary>
    public PinStatus GetStatus(OpenPgpPassword password)
    {
        var reference = Reference(password);
        return Run("VERIFY status " + password, () =>
        {
            var sw = password == OpenPgpPassword.Pw1 && TakeCheckedPw1() is { } checkedSw
                ? checkedSw
                : Channel.Transmit(new CommandApdu(0x00, OpenPgpSpec.Ins.Verify, 0x00, reference)).StatusWord;
            if (sw == StatusWords.Success) return new PinStatus(null, false, false);
            if (StatusWords.IsCounter(sw)) return new PinStatus(sw & 0x0F, (sw & 0x0F) == 0, true);
            if (sw == StatusWords.AuthenticationMethodBlocked) return new PinStatus(0, true, true);
            // Cards before 2.0 do not answer an empty VERIFY: the PW status bytes tell the tries.
            var tries = TriesLeft(password);
            return new PinStatus(tries, tries == 0, true);
        });
    }

    /// <summary>Tries left from the PW status bytes (one GET DATA C4).</summary>
    public int TriesLeft(OpenPgpPassword password)
    {
        var status = ReadPwStatus();
        return password switch
        {
            OpenPgpPassword.Pw3 => status.Pw3Tries,
            OpenPgpPassword.ResettingCode => status.ResettingCodeTries,
            _ => status.Pw1Tries,
        };
    }

    /// <summary>CHANGE REFERENCE DATA of PW1 (P2 81) or PW3 (P2 83): old value followed by the new one.</summary>
    public void ChangePassword(OpenPgpPassword password, ReadOnlySpan<byte> oldValue, ReadOnlySpan<byte> newValue)
    {
        if (password is not (OpenPgpPassword.Pw1 or OpenPgpPassword.Pw1Signature or OpenPgpPassword.Pw3))
            throw new ArgumentOutOfRangeException(nameof(password), password, "Only PW1 and PW3 are changed this way.");
        CheckLength(password, oldValue);
        CheckLength(password, newValue);
        var p2 = password == OpenPgpPassword.Pw3 ? OpenPgpSpec.Pw.Pw3 : OpenPgpSpec.Pw.Pw1Signature;
        SendSecret("CHANGE " + password, OpenPgpSpec.Ins.ChangeReferenceData, 0x00, p2, Concat(oldValue, newValue), password);
    }

    /// <summary>RESET RETRY COUNTER with the resetting code (P1 00): a new PW1 without PW3.</summary>
    public void ResetPw1WithResettingCode(ReadOnlySpan<byte> resettingCode, ReadOnlySpan<byte> newPw1)
    {
        CheckLength(OpenPgpPassword.ResettingCode, resettingCode);
        CheckLength(OpenPgpPassword.Pw1, newPw1);
        SendSecret("RESET RETRY COUNTER (resetting code)", OpenPgpSpec.Ins.ResetRetryCounter, OpenPgpSpec.P1P2.ResetWithResettingCode,
            OpenPgpSpec.Pw.Pw1Signature, Concat(resettingCode, newPw1), OpenPgpPassword.ResettingCode);
    }

    /// <summary>RESET RETRY COUNTER with PW3 verified (P1 02): a new PW1.</summary>
    public void ResetPw1WithPw3(ReadOnlySpan<byte> newPw1)
    {
        CheckLength(OpenPgpPassword.Pw1, newPw1);
        SendSecret("RESET RETRY COUNTER (PW3)", OpenPgpSpec.Ins.ResetRetryCounter, OpenPgpSpec.P1P2.ResetWithPw3,
            OpenPgpSpec.Pw.Pw1Signature, newPw1.ToArray(), OpenPgpPassword.Pw3);
    }

    /// <summary>Sets (or with an empty value, removes) the resetting code: PUT DATA D3 with PW3 verified.</summary>
    public void SetResettingCode(ReadOnlySpan<byte> resettingCode)
    {
        if (resettingCode.Length > 0) CheckLength(OpenPgpPassword.ResettingCode, resettingCode);
        SendSecret("PUT DATA D3", OpenPgpSpec.Ins.PutData, 0x00, (byte)OpenPgpSpec.Tag.ResettingCode, resettingCode.ToArray(), OpenPgpPassword.Pw3);
    }

    /// <summary>
    /// PW1 policy (first byte of C4, PW3 verified): false = PW1 (81) is good for one PSO:CDS only (the usual
    /// setting, GnuPG's "forced signature PIN"), true = for several.
    /// </summary>
    public void SetSignaturePinPolicy(bool validForSeveralSignatures) => Run("PUT DATA C4", () =>
    {
        if (!ApplicationData.ExtendedCapabilities.PwStatusChangeable)
            throw new CardException(CardError.NotSupportedByDriver, "This card does not let the PW1 policy change (extended capabilities).");
        PutDataInRun(OpenPgpSpec.Tag.PwStatusBytes, [validForSeveralSignatures ? (byte)1 : (byte)0]);
        RefreshApplicationDataInRun();
    });

    /// <summary>Minimum and maximum length of a password (maximum from C4, 127 when the card says nothing sensible).</summary>
    public (int Min, int Max) LengthLimits(OpenPgpPassword password)
    {
        var status = _data?.PwStatus;
        return password switch
        {
            OpenPgpPassword.Pw3 => (OpenPgpSpec.Pw3MinLength, Max(status?.Pw3MaxLength)),
            OpenPgpPassword.ResettingCode => (OpenPgpSpec.ResettingCodeMinLength, Max(status?.ResettingCodeMaxLength)),
            _ => (OpenPgpSpec.Pw1MinLength, Max(status?.Pw1MaxLength)),
        };

        static int Max(int? fromCard) => fromCard is { } m and >= 8 ? m : 127;
    }

    private void CheckLength(OpenPgpPassword password, ReadOnlySpan<byte> value)
    {
        var (min, max) = LengthLimits(password);
        if (value.Length < min || value.Length > max)
            throw new CardException(CardError.PinLengthInvalid, string.Create(CultureInfo.InvariantCulture,
                $"The {Describe(password)} has {value.Length} characters; this card takes {min}..{max}."));
    }

    private void SendSecret(string operation, byte ins, byte p1, byte p2, byte[] secret, OpenPgpPassword checkedPassword)
    {
        try
        {
            Run(operation, () =>
            {
                _checkedPw1 = null;
                var answer = Channel.Transmit(new CommandApdu(0x00, ins, p1, p2, secret) { SensitiveData = true });
                if (!answer.IsSuccess) throw PasswordError(operation, answer.StatusWord, checkedPassword);
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>6982 after a password was checked means "wrong" on OpenPGP cards; the tries come from an empty VERIFY or C4.</summary>
    private CardException PasswordError(string operation, ushort sw, OpenPgpPassword password)
    {
        if (sw != OpenPgpSpec.WrongPassword) return CardException.FromStatusWord(sw, operation);
        int? tries = null;
        try
        {
            tries = password == OpenPgpPassword.ResettingCode ? ReadPwStatus().ResettingCodeTries : GetStatus(password).TriesLeft;
        }
        catch (CardException)
        {
            // The tries are a courtesy; the error stands without them.
        }
        return tries == 0
            ? new CardException(CardError.AuthenticationBlocked, $"{operation}: wrong {Describe(password)}, now blocked (SW 6982).", sw, 0)
            : new CardException(CardError.PinIncorrect, string.Create(CultureInfo.InvariantCulture,
                $"{operation}: wrong {Describe(password)}{(tries is { } t ? $", {t} {(t == 1 ? "try" : "tries")} left" : "")} (SW 6982)."), sw, tries);
    }

    private static string Describe(OpenPgpPassword password) => password switch
    {
        OpenPgpPassword.Pw3 => "admin PIN (PW3)",
        OpenPgpPassword.ResettingCode => "resetting code",
        _ => "PIN (PW1)",
    };

    private static byte Reference(OpenPgpPassword password) => password switch
    {
        OpenPgpPassword.Pw1Signature => OpenPgpSpec.Pw.Pw1Signature,
        OpenPgpPassword.Pw1 => OpenPgpSpec.Pw.Pw1,
        OpenPgpPassword.Pw3 => OpenPgpSpec.Pw.Pw3,
        _ => throw new ArgumentOutOfRangeException(nameof(password), password, "The resetting code is not verified on its own."),
    };

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var r = new byte[a.Length + b.Length];
        a.CopyTo(r);
        b.CopyTo(r.AsSpan(a.Length));
        return r;
    }
}
