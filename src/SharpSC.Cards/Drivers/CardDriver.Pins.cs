using System.Security.Cryptography;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Pins;

namespace SharpSC.Cards.Drivers;

// ISO 7816-4 §11.5: VERIFY (20), CHANGE REFERENCE DATA (24), RESET RETRY COUNTER (2C). PIN bytes are encoded by
// the caller's PinFormat, sent once (a failed VERIFY is never retried) and the buffers are cleared.
public abstract partial class CardDriver
{
    protected const byte InsVerify = 0x20;
    protected const byte InsChangeReferenceData = 0x24;
    protected const byte InsResetRetryCounter = 0x2C;

    /// <summary>VERIFY. Wrong PIN: <see cref="CardException"/> PinIncorrect with TriesLeft (or AuthenticationBlocked).</summary>
    public void VerifyPin(PinReference pin, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(pin);
        SendSecret("VERIFY " + pin.Name, InsVerify, 0x00, pin.Reference, pin.Format.Encode(value));
    }

    /// <summary>VERIFY without data: tries left, blocked, or no verification needed. Consumes no try.</summary>
    public PinStatus GetPinStatus(PinReference pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        return Run("PIN status " + pin.Name, () =>
        {
            var response = Channel.Transmit(new CommandApdu(0x00, InsVerify, 0x00, pin.Reference));
            var sw = response.StatusWord;
            if (sw == StatusWords.Success)
                return new PinStatus(null, false, false);
            if (StatusWords.IsCounter(sw))
                return new PinStatus(sw & 0x0F, (sw & 0x0F) == 0, true);
            if (sw == StatusWords.AuthenticationMethodBlocked)
                return new PinStatus(0, true, true);
            throw CardException.FromStatusWord(sw, "PIN status " + pin.Name);
        });
    }

    /// <summary>CHANGE REFERENCE DATA with old and new value (P1 00), each encoded by the PIN's format.</summary>
    public void ChangePin(PinReference pin, ReadOnlySpan<byte> oldValue, ReadOnlySpan<byte> newValue)
    {
        ArgumentNullException.ThrowIfNull(pin);
        SendSecret("CHANGE " + pin.Name, InsChangeReferenceData, 0x00, pin.Reference, EncodePair(pin.Format, oldValue, pin.Format, newValue));
    }

    /// <summary>CHANGE REFERENCE DATA with the new value only (P1 01): sets a PIN/PUK where the card allows it (IsoApplet personalisation).</summary>
    public void SetPin(PinReference pin, ReadOnlySpan<byte> newValue)
    {
        ArgumentNullException.ThrowIfNull(pin);
        RequireWritable("SET PIN");
        SendSecret("SET " + pin.Name, InsChangeReferenceData, 0x01, pin.Reference, pin.Format.Encode(newValue));
    }

    /// <summary>RESET RETRY COUNTER with the unblocking code and a new PIN (P1 00).</summary>
    public void UnblockPin(PinReference pin, PinReference puk, ReadOnlySpan<byte> pukValue, ReadOnlySpan<byte> newPin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        ArgumentNullException.ThrowIfNull(puk);
        SendSecret("UNBLOCK " + pin.Name, InsResetRetryCounter, 0x00, pin.Reference, EncodePair(puk.Format, pukValue, pin.Format, newPin));
    }

    /// <summary>
    /// Drops the verified PIN state. Default: select the application again, which resets the security status
    /// of its DF on ISO cards; the cached file and security environment are forgotten with it.
    /// </summary>
    public virtual void Logout() => Run("LOGOUT", () =>
    {
        InvalidateState();
        SelectApplication();
    });

    /// <summary>Sends a command whose data is a secret once (never retried) and clears the buffer.</summary>
    private void SendSecret(string operation, byte ins, byte p1, byte p2, byte[] secret)
    {
        try
        {
            Run(operation, () =>
            {
                Send(operation, new CommandApdu(0x00, ins, p1, p2, secret) { SensitiveData = true });
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Encodes two values back to back; every intermediate buffer is cleared, also on failure.</summary>
    private static byte[] EncodePair(PinFormat firstFormat, ReadOnlySpan<byte> first, PinFormat secondFormat, ReadOnlySpan<byte> second)
    {
        var a = firstFormat.Encode(first);
        byte[]? b = null;
        try
        {
            b = secondFormat.Encode(second);
            var data = new byte[a.Length + b.Length];
            a.CopyTo(data, 0);
            b.CopyTo(data, a.Length);
            return data;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(a);
            if (b != null) CryptographicOperations.ZeroMemory(b);
        }
    }
}
