using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.Piv;

// VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER (SP 800-73-4 Part 2 §3.2.1–§3.2.3) and Yubico's
// SET PIN RETRIES and RESET.
internal sealed partial class PivApplet
{
    private const ushort AuthenticationBlocked = 0x6983;

    private PivPin PinFor(byte reference) => reference switch
    {
        PivSpec.PinReference => _state.Pin,
        PivSpec.PukReference => _state.Puk,
        _ => throw IsoException.Of(StatusWords.ReferencedDataNotFound),
    };

    /// <summary>
    /// P1 00 with 8 bytes: verify. P1 00 without data: 9000 when verified, else 63Cx (tries left) or 6983.
    /// P1 FF without data: the PIN is no longer verified (§3.2.1).
    /// </summary>
    private Response Verify(CommandApdu c, byte[] data)
    {
        var pin = PinFor(c.P2);
        if (c.P1 == 0xFF)
        {
            if (data.Length != 0) throw IsoException.Of(StatusWords.WrongData);
            if (c.P2 == PivSpec.PinReference) _pinVerified = _pinFresh = false;
            return Response.Success;
        }
        if (c.P1 != 0x00) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (data.Length == 0)
        {
            if (pin.Blocked) throw IsoException.Of(AuthenticationBlocked);
            if (c.P2 == PivSpec.PinReference && _pinVerified) return Response.Success;
            throw IsoException.Of((ushort)(StatusWords.PinTriesRemaining | pin.TriesLeft));
        }
        if (c.P2 == PivSpec.PinReference) _pinVerified = _pinFresh = false;
        pin.Check(data, Persist);
        if (c.P2 == PivSpec.PinReference) _pinVerified = _pinFresh = true;
        return Response.Success;
    }

    /// <summary>Old value (8 bytes) then new value (8 bytes), both FF-padded; the new one must be 6–8 bytes.</summary>
    private Response ChangeReference(CommandApdu c, byte[] data)
    {
        if (c.P1 != 0x00) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var pin = PinFor(c.P2);
        if (data.Length != 2 * PivSpec.PinBlockLength) throw IsoException.Of(StatusWords.WrongData);
        if (!PivPin.IsWellFormed(data.AsSpan(PivSpec.PinBlockLength))) throw IsoException.Of(StatusWords.WrongData);
        pin.Check(data.AsSpan(0, PivSpec.PinBlockLength), Persist);
        pin.Set(data.AsSpan(PivSpec.PinBlockLength));
        Persist();
        return Response.Success;
    }

    /// <summary>PUK (8 bytes) then the new PIN (8 bytes): a right PUK sets the PIN and its tries; a wrong one costs a PUK try.</summary>
    private Response ResetRetryCounter(CommandApdu c, byte[] data)
    {
        if (c.P1 != 0x00 || c.P2 != PivSpec.PinReference) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (data.Length != 2 * PivSpec.PinBlockLength) throw IsoException.Of(StatusWords.WrongData);
        if (!PivPin.IsWellFormed(data.AsSpan(PivSpec.PinBlockLength))) throw IsoException.Of(StatusWords.WrongData);
        _state.Puk.Check(data.AsSpan(0, PivSpec.PinBlockLength), Persist);
        _state.Pin.Set(data.AsSpan(PivSpec.PinBlockLength));
        Persist();
        return Response.Success;
    }

    /// <summary>
    /// Yubico SET PIN RETRIES (P1 PIN tries, P2 PUK tries, 1..255): needs the management key and the PIN, and
    /// sets both back to their factory values.
    /// </summary>
    private Response SetPinRetries(CommandApdu c)
    {
        RequireManagementKey();
        RequirePin();
        if (c.P1 == 0 || c.P2 == 0) throw IsoException.Of(StatusWords.WrongData);
        _state.Pin.Reset(PivSpec.DefaultPin, c.P1);
        _state.Puk.Reset(PivSpec.DefaultPuk, c.P2);
        _pinVerified = _pinFresh = false;
        Persist();
        return Response.Success;
    }

    /// <summary>Yubico RESET: only when PIN and PUK are both blocked (else 6985); everything back to factory, serial kept.</summary>
    private Response Reset(CommandApdu c)
    {
        if (c.P1 != 0x00 || c.P2 != 0x00) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (!_state.Pin.Blocked || !_state.Puk.Blocked) throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
        var attestationKey = _state.Keys.GetValueOrDefault(PivSpec.SlotAttestation);
        var attestationCertificate = _state.Objects.GetValueOrDefault(PivSpec.ObjAttestationCert);
        _state = new PivCardState(_state.Serial, PivPin.Factory(PivSpec.DefaultPin), PivPin.Factory(PivSpec.DefaultPuk), PivManagementKey.FactoryDefault());
        if (attestationKey != null) _state.Keys[PivSpec.SlotAttestation] = attestationKey;
        if (attestationCertificate != null) _state.Objects[PivSpec.ObjAttestationCert] = attestationCertificate;
        Deselect();
        Persist();
        return Response.Success;
    }
}
