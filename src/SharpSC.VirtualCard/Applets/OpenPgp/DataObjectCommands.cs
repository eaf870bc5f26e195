using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>GET DATA, GET NEXT DATA, SELECT DATA and PUT DATA of the simple data objects (§7.2.5-7.2.8).</summary>
internal sealed class DataObjectCommands(OpenPgpState state, SessionState session, ChangeTracker changes)
{
    /// <summary>
    /// GET DATA: P1-P2 is the tag. Absent optional objects answer empty; unknown tags 6A88. The application related
    /// data come with their own tag 6E around them, cardholder related data and the security support template
    /// without (as SmartPGP and YubiKeys answer, and GnuPG and OpenSC read).
    /// </summary>
    public Response GetData(CommandApdu c)
    {
        if (c.Lc != 0) throw IsoException.Of(StatusWords.WrongLength);
        var tag = c.P1P2;
        var s = state;
        byte[] value = tag switch
        {
            PgpSpec.Tag.Aid => s.Aid(),
            PgpSpec.Tag.LoginData => s.LoginData,
            PgpSpec.Tag.Url => s.Url,
            PgpSpec.Tag.HistoricalBytes => CardProfile.HistoricalBytes,
            PgpSpec.Tag.CardholderRelatedData => DataObjects.CardholderRelatedData(s),
            PgpSpec.Tag.Name => s.Name,
            PgpSpec.Tag.LanguagePreference => s.Language,
            PgpSpec.Tag.Salutation => s.Salutation,
            PgpSpec.Tag.ApplicationRelatedData => PgpTlv.Encode(PgpSpec.Tag.ApplicationRelatedData, DataObjects.ApplicationRelatedData(s)),
            PgpSpec.Tag.ExtendedCapabilities => CardProfile.ExtendedCapabilities(),
            >= PgpSpec.Tag.AlgorithmAttributesSignature and <= PgpSpec.Tag.AlgorithmAttributesAuthentication =>
                s.Keys[tag - PgpSpec.Tag.AlgorithmAttributesSignature].Attributes.Raw,
            PgpSpec.Tag.PwStatusBytes => DataObjects.PwStatusBytes(s),
            PgpSpec.Tag.Fingerprints => DataObjects.Fingerprints(s),
            PgpSpec.Tag.CaFingerprints => DataObjects.CaFingerprints(s),
            PgpSpec.Tag.GenerationTimes => DataObjects.GenerationTimes(s),
            PgpSpec.Tag.KeyInformation => DataObjects.KeyInformation(s),
            PgpSpec.Tag.AlgorithmInformation => DataObjects.AlgorithmInformation(),
            PgpSpec.Tag.KdfDataObject => CardProfile.KdfNotUsed,
            PgpSpec.Tag.SecuritySupportTemplate => DataObjects.SecuritySupportTemplate(s),
            PgpSpec.Tag.SignatureCounter => DataObjects.SignatureCounter(s),
            PgpSpec.Tag.CardholderCertificate => s.Certificates[session.CertificateOccurrence],
            >= PgpSpec.Tag.PrivateUse1 and <= PgpSpec.Tag.PrivateUse4 => ReadPrivateDo(tag - PgpSpec.Tag.PrivateUse1),
            _ => throw IsoException.Of(StatusWords.ReferencedDataNotFound),
        };
        return Response.Ok((byte[])value.Clone());
    }

    /// <summary>GET NEXT DATA (§7.2.7): the next occurrence of the cardholder certificate.</summary>
    public Response GetNextData(CommandApdu c)
    {
        if (c.P1P2 != PgpSpec.Tag.CardholderCertificate) throw IsoException.Of(StatusWords.ReferencedDataNotFound);
        if (session.CertificateOccurrence >= state.Certificates.Length - 1) throw IsoException.Of(StatusWords.ReferencedDataNotFound);
        session.CertificateOccurrence++;
        return Response.Ok((byte[])state.Certificates[session.CertificateOccurrence].Clone());
    }

    /// <summary>
    /// SELECT DATA (§7.2.5): P1 occurrence, P2 04, data 60 { 5C { 7F 21 } }. The length byte of 60 is not checked
    /// (a 3.4 note: some hosts send 60 03 instead of 60 04); the tag list must name 7F21.
    /// </summary>
    public Response SelectData(CommandApdu c)
    {
        if (c.P2 != 0x04) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (c.P1 > 2) throw IsoException.Of(StatusWords.ReferencedDataNotFound);
        var d = c.Data;
        var named = d.Length >= 6 && d[0] == 0x60 && d[2] == 0x5C && d[3] == 0x02 && d[4] == 0x7F && d[5] == 0x21;
        if (!named) throw IsoException.Of(StatusWords.WrongData);
        session.CertificateOccurrence = c.P1;
        return Response.Success;
    }

    /// <summary>PUT DATA (INS DA) of a simple data object: the access rule and length limit of each tag (§4.4.1).</summary>
    public Response PutData(CommandApdu c)
    {
        var tag = c.P1P2;
        var value = c.Data;
        var s = state;
        switch (tag)
        {
            case 0x0101 or 0x0103:
                RequirePw1Other();
                WritePrivateDo(tag - PgpSpec.Tag.PrivateUse1, value);
                break;
            case 0x0102 or 0x0104:
                RequirePw3();
                WritePrivateDo(tag - PgpSpec.Tag.PrivateUse1, value);
                break;
            case PgpSpec.Tag.Name:
                RequirePw3();
                s.Name = Limit(value, OpenPgpState.MaxNameLength);
                break;
            case PgpSpec.Tag.LanguagePreference:
                RequirePw3();
                s.Language = Limit(value, OpenPgpState.MaxLanguageLength);
                break;
            case PgpSpec.Tag.Salutation:
                RequirePw3();
                s.Salutation = Limit(value, 1);
                break;
            case PgpSpec.Tag.Url:
                RequirePw3();
                s.Url = Limit(value, OpenPgpState.MaxSpecialDoLength);
                break;
            case PgpSpec.Tag.LoginData:
                RequirePw3();
                s.LoginData = Limit(value, OpenPgpState.MaxSpecialDoLength);
                break;
            case PgpSpec.Tag.CardholderCertificate:
                RequirePw3();
                s.Certificates[session.CertificateOccurrence] = Limit(value, OpenPgpState.MaxCertificateLength);
                break;
            case >= PgpSpec.Tag.AlgorithmAttributesSignature and <= PgpSpec.Tag.AlgorithmAttributesAuthentication:
                RequirePw3();
                ChangeAttributes((KeySlot)(tag - PgpSpec.Tag.AlgorithmAttributesSignature), value);
                break;
            case PgpSpec.Tag.PwStatusBytes:
                RequirePw3();
                if (value.Length == 0) throw IsoException.Of(StatusWords.WrongLength);
                if (value[0] > 1) throw IsoException.Of(StatusWords.WrongData);
                s.Pw1ValidForSeveralSignatures = value[0] == 1;
                break;
            case >= PgpSpec.Tag.FingerprintSignature and <= PgpSpec.Tag.FingerprintSignature + 2:
                RequirePw3();
                s.Keys[tag - PgpSpec.Tag.FingerprintSignature].Fingerprint = Exactly(value, 20);
                break;
            case >= PgpSpec.Tag.CaFingerprint1 and <= PgpSpec.Tag.CaFingerprint1 + 2:
                RequirePw3();
                s.Keys[tag - PgpSpec.Tag.CaFingerprint1].CaFingerprint = Exactly(value, 20);
                break;
            case >= PgpSpec.Tag.GenerationTimeSignature and <= PgpSpec.Tag.GenerationTimeSignature + 2:
                RequirePw3();
                s.Keys[tag - PgpSpec.Tag.GenerationTimeSignature].GenerationTime = Exactly(value, 4);
                break;
            case PgpSpec.Tag.ResettingCode:
                RequirePw3();
                if (value.Length != 0 && value.Length is < PgpSpec.ResettingCodeMinLength or > 0x7F) throw IsoException.Of(StatusWords.WrongLength);
                s.ResettingCode.Set((byte[])value.Clone());
                break;
            default:
                throw IsoException.Of(StatusWords.ReferencedDataNotFound);
        }
        changes.Mark();
        return Response.Success;
    }

    /// <summary>
    /// New attributes for a key. Attributes of another algorithm or size make the key in the slot invalid: it is
    /// deleted with its fingerprint and time (§4.4.3.10). The same key type with other details keeps the key.
    /// </summary>
    private void ChangeAttributes(KeySlot slot, byte[] value)
    {
        var attributes = AlgorithmAttributes.Parse(value, slot);
        var k = state[slot];
        if (!attributes.SameKeyType(k.Attributes))
        {
            k.Replace(null, KeyOrigin.None);
            if (slot == KeySlot.Signature) state.SignatureCounter = 0;
        }
        k.Attributes = attributes;
    }

    private byte[] ReadPrivateDo(int index)
    {
        if (index == 2) RequirePw1Other();
        if (index == 3) RequirePw3();
        return state.PrivateDos[index];
    }

    private void WritePrivateDo(int index, byte[] value) => state.PrivateDos[index] = Limit(value, OpenPgpState.MaxSpecialDoLength);

    private void RequirePw1Other()
    {
        if (!session.Pw1Other) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
    }

    private void RequirePw3()
    {
        if (!session.Pw3) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
    }

    private static byte[] Limit(byte[] value, int max) =>
        value.Length <= max ? (byte[])value.Clone() : throw IsoException.Of(StatusWords.WrongLength);

    private static byte[] Exactly(byte[] value, int length) =>
        value.Length == length ? (byte[])value.Clone() : throw IsoException.Of(StatusWords.WrongLength);
}
