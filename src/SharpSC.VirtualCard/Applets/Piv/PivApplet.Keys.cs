using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.Piv;

// GENERATE ASYMMETRIC KEY PAIR (SP 800-73-4 Part 2 §3.3.2) and Yubico's IMPORT KEY, GET METADATA, ATTEST
// and SET MANAGEMENT KEY.
internal sealed partial class PivApplet
{
    /// <summary>P2 slot, data AC { 80 algorithm, [AA PIN policy], [AB touch policy] }; answers 7F49 with the public key.</summary>
    private Response Generate(CommandApdu c, byte[] data)
    {
        if (c.P1 != 0x00) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var slot = c.P2;
        if (!PivSpec.IsKeySlot(slot) || slot == PivSpec.SlotAttestation) throw IsoException.Of(StatusWords.IncorrectP1P2);
        RequireManagementKey();
        var template = PivTlv.Parse(PivTlv.Single(data, PivSpec.TagControlReference));
        var alg = PivTlv.Find(template, PivSpec.TagAlgorithm) is [var a] ? a : throw IsoException.Of(StatusWords.WrongData);
        if (!PivSpec.IsAsymmetric(alg)) throw IsoException.Of(StatusWords.WrongData);
        var (pinPolicy, touchPolicy) = Policies(slot, template);
        var key = PivKey.Generate(alg, pinPolicy, touchPolicy);
        _state.Keys[slot] = key;
        Persist();
        return Response.Ok(PivTlv.Encode(PivSpec.TagPublicKey, key.PublicKeyObjects()));
    }

    /// <summary>
    /// P1 algorithm, P2 slot; data RSA 01 p, 02 q, 03 dp, 04 dq, 05 qinv or EC 06 d, then [AA] [AB]. Any slot
    /// including F9 (a custom attestation key), with the management key.
    /// </summary>
    private Response ImportKey(CommandApdu c, byte[] data)
    {
        var alg = c.P1;
        var slot = c.P2;
        if (!PivSpec.IsKeySlot(slot)) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (!PivSpec.IsAsymmetric(alg)) throw IsoException.Of(StatusWords.IncorrectP1P2);
        RequireManagementKey();
        var elements = PivTlv.Parse(data);
        var (pinPolicy, touchPolicy) = Policies(slot, elements);
        PivKey key;
        if (alg is PivSpec.AlgRsa1024 or PivSpec.AlgRsa2048)
        {
            byte[] Part(int tag) => PivTlv.Find(elements, tag) ?? throw IsoException.Of(StatusWords.WrongData);
            key = PivRsaKey.FromCrt(alg, Part(1), Part(2), Part(3), Part(4), Part(5), pinPolicy, touchPolicy);
        }
        else
        {
            key = PivEcKey.FromScalar(alg, PivTlv.Find(elements, 6) ?? throw IsoException.Of(StatusWords.WrongData), pinPolicy, touchPolicy);
        }
        _state.Keys[slot] = key;
        Persist();
        return Response.Success;
    }

    private static (byte Pin, byte Touch) Policies(byte slot, List<PivTlv.Element> elements)
    {
        var pin = PivTlv.Find(elements, PivSpec.TagPinPolicy) is [var p] ? p : PivSpec.PinPolicyDefault;
        var touch = PivTlv.Find(elements, PivSpec.TagTouchPolicy) is [var t] ? t : PivSpec.TouchPolicyDefault;
        if (pin > PivSpec.PinPolicyAlways || touch > PivSpec.TouchPolicyCached) throw IsoException.Of(StatusWords.WrongData);
        return (pin == PivSpec.PinPolicyDefault ? PivSpec.DefaultPinPolicy(slot) : pin,
            touch == PivSpec.TouchPolicyDefault ? PivSpec.DefaultTouchPolicy : touch);
    }

    /// <summary>
    /// GET METADATA (firmware 5.3+), P2 = 80/81: 01 FF, 05 default?, 06 total/left; 9B: 01 algorithm, 02 00 touch,
    /// 05 default?; a key slot: 01 algorithm, 02 PIN/touch policy, 03 origin, 04 public key objects. An empty
    /// slot answers 6A88.
    /// </summary>
    private Response GetMetadata(CommandApdu c)
    {
        if (c.P1 != 0x00) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var list = new List<byte>();
        switch (c.P2)
        {
            case PivSpec.PinReference or PivSpec.PukReference:
                var pin = PinFor(c.P2);
                PivTlv.Write(list, PivSpec.MetaAlgorithm, [PivSpec.AlgPin]);
                PivTlv.Write(list, PivSpec.MetaPolicy, [0x00, 0x00]);
                PivTlv.Write(list, PivSpec.MetaIsDefault, [(byte)(pin.IsDefault ? 1 : 0)]);
                PivTlv.Write(list, PivSpec.MetaRetries, [(byte)pin.MaxTries, (byte)pin.TriesLeft]);
                break;
            case PivSpec.SlotManagement:
                var mgm = _state.ManagementKey;
                PivTlv.Write(list, PivSpec.MetaAlgorithm, [mgm.Algorithm]);
                PivTlv.Write(list, PivSpec.MetaPolicy, [0x00, mgm.TouchPolicy]);
                PivTlv.Write(list, PivSpec.MetaIsDefault, [(byte)(mgm.IsDefault ? 1 : 0)]);
                break;
            default:
                if (!PivSpec.IsKeySlot(c.P2)) throw IsoException.Of(StatusWords.IncorrectP1P2);
                if (!_state.Keys.TryGetValue(c.P2, out var key)) throw IsoException.Of(StatusWords.ReferencedDataNotFound);
                PivTlv.Write(list, PivSpec.MetaAlgorithm, [key.Algorithm]);
                PivTlv.Write(list, PivSpec.MetaPolicy, [key.PinPolicy, key.TouchPolicy]);
                PivTlv.Write(list, PivSpec.MetaOrigin, [key.Origin]);
                PivTlv.Write(list, PivSpec.MetaPublicKey, key.PublicKeyObjects());
                break;
        }
        return Response.Ok(list.ToArray());
    }

    /// <summary>ATTEST (P1 slot): a certificate for a generated key signed by F9; an empty slot 6A88, an imported key 6A80.</summary>
    private Response Attest(CommandApdu c)
    {
        var slot = c.P1;
        if (!PivSpec.IsKeySlot(slot) || slot == PivSpec.SlotAttestation || c.P2 != 0x00) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (!_state.Keys.TryGetValue(slot, out var key)) throw IsoException.Of(StatusWords.ReferencedDataNotFound);
        if (key.Origin != PivSpec.OriginGenerated) throw IsoException.Of(StatusWords.WrongData);
        if (!_state.Keys.TryGetValue(PivSpec.SlotAttestation, out var attestationKey)) throw IsoException.Of(StatusWords.ReferencedDataNotFound);
        var container = _state.Objects.GetValueOrDefault(PivSpec.ObjAttestationCert);
        var certificate = container == null ? null : PivTlv.Find(SafeParse(container), 0x70);
        return Response.Ok(PivAttestation.Attest(slot, key, attestationKey, certificate, _state.Serial));
    }

    private static List<PivTlv.Element> SafeParse(byte[] container)
    {
        try
        {
            return PivTlv.Parse(container);
        }
        catch (IsoException)
        {
            return [];
        }
    }

    /// <summary>SET MANAGEMENT KEY: P1 FF, P2 FF (no touch) or FE (touch); data algorithm, 9B, length, key.</summary>
    private Response SetManagementKey(CommandApdu c, byte[] data)
    {
        if (c.P1 != 0xFF || c.P2 is not (0xFF or 0xFE)) throw IsoException.Of(StatusWords.IncorrectP1P2);
        RequireManagementKey();
        if (data.Length < 3 || data[1] != PivSpec.SlotManagement) throw IsoException.Of(StatusWords.WrongData);
        var alg = data[0];
        var length = PivSpec.ManagementKeyLength(alg);
        if (length == 0 || data[2] != length || data.Length != 3 + length) throw IsoException.Of(StatusWords.WrongData);
        var touch = c.P2 == 0xFE ? PivSpec.TouchPolicyAlways : PivSpec.TouchPolicyNever;
        _state.ManagementKey = new PivManagementKey(alg, data[3..], touch);
        Persist();
        return Response.Success;
    }
}
