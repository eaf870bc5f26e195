using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Keys;
using SharpSC.Diagnostics;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens.Card;
using SharpSC.Pkcs15.Personalisation;

namespace SharpSC.Pkcs11.Tokens.Piv;

/// <summary>
/// A PIV card's contents as PKCS#11 objects: for each slot holding a key, the private key, its public key and
/// (when the card has one) its certificate, with OpenSC's IDs and labels (<see cref="PivObjectNames"/>); the
/// readable data objects as CKO_DATA. Keys come from <see cref="PivCardContents"/> (GET METADATA where the card
/// has it, so no certificate is read to list keys); certificates are read when the certificate group is asked for.
/// A slot whose answer is malformed is left out with a log line; the other slots are unaffected.
/// </summary>
/// <param name="stamp">What a slot's key (false) or certificate (true) objects carry as CardEntry (see PivTokenDevice.IsStale).</param>
internal sealed class PivTokenObjects(PivCardContents contents, Func<PivSlot, bool, object> stamp)
{
    private const string TraceComponent = "token";

    // The key and certificate objects made so far, by group and slot: a search by CKA_ID and a later whole-group load
    // give the same instances (each is published once); a write to the slot changes its stamp and makes new ones.
    private readonly Dictionary<(ObjectKind Kind, byte Slot), P11Object> _made = [];

    public IReadOnlyList<P11Object> Load(ObjectKind kind) => kind switch
    {
        ObjectKind.PrivateKeys => contents.Keys().Select(k => Made(kind, k.Slot, () => PrivateKey(k))).ToList(),
        ObjectKind.PublicKeys => contents.Keys().Select(k => Made(kind, k.Slot, () => PublicKey(k))).ToList(),
        ObjectKind.Certificates => Certificates(contents.Keys()),
        _ => DataObjects(),
    };

    /// <summary>
    /// The objects of one group in the slot CKA_ID <paramref name="id"/> names, reading only that slot (a retired one
    /// only when the key history counts it). Data objects have no CKA_ID: none.
    /// </summary>
    public IReadOnlyList<P11Object> Load(ObjectKind kind, byte[] id)
    {
        if (SlotOf(id) is not { } slot || kind == ObjectKind.Data || (slot.IsRetired && !contents.CandidateSlots.Contains(slot))) return [];
        if (contents.KeyOf(slot) is not { } key) return [];
        return kind switch
        {
            ObjectKind.PrivateKeys => [Made(kind, slot, () => PrivateKey(key))],
            ObjectKind.PublicKeys => [Made(kind, slot, () => PublicKey(key))],
            _ => Certificates([key]),
        };
    }

    private P11Object Made(ObjectKind kind, PivSlot slot, Func<P11Object> make)
    {
        var current = stamp(slot, kind == ObjectKind.Certificates);
        if (_made.TryGetValue((kind, slot.Reference), out var made) && made is StorageObject { CardEntry: var entry } && Equals(entry, current))
            return made;
        made = make();
        _made[(kind, slot.Reference)] = made;
        return made;
    }

    /// <summary>The key's private half. A key the card uses without the PIN (PIN policy "never", 9E) is no private object.</summary>
    public PrivateKeyObject PrivateKey(PivSlotKey key)
    {
        var kind = KindOf(key.Spec);
        return new PrivateKeyObject(PivObjectNames.PrivateKey(key.Slot), IdOf(key.Slot), modifiable: false, kind, key.Spec.SizeBits,
            () => Material(key), PivObjectNames.PrivateUsage(key.Slot, kind), key.Generated ?? false,
            alwaysAuthenticate: key.PinPolicy == PivPinPolicy.Always, new PivKeyHandle(key.Slot, key.Spec), Abilities(kind),
            isPrivate: key.PinPolicy != PivPinPolicy.Never)
        {
            CardEntry = stamp(key.Slot, false),
            Subject = Guarded(() => CertificateOf(key.Slot) is { } der ? X509CertificateStructure.GetInstance(der).Subject.GetEncoded() : null),
        };
    }

    public PublicKeyObject PublicKey(PivSlotKey key)
    {
        var kind = KindOf(key.Spec);
        return new PublicKeyObject(PivObjectNames.PublicKey(key.Slot), IdOf(key.Slot), modifiable: false, kind, key.Spec.SizeBits,
            () => Material(key), PivObjectNames.PublicUsage(key.Slot, kind), key.Generated ?? false)
        {
            CardEntry = stamp(key.Slot, false),
            Subject = Guarded(() => CertificateOf(key.Slot) is { } der ? X509CertificateStructure.GetInstance(der).Subject.GetEncoded() : null),
        };
    }

    /// <summary>A certificate known to be on the card (its value read or about to be read by the caller).</summary>
    public CertificateObject Certificate(PivSlot slot, Func<byte[]> value) =>
        new(PivObjectNames.Certificate(slot), IdOf(slot), isAuthority: false, isPrivate: false, modifiable: true, Guarded(value))
        {
            CardEntry = stamp(slot, true),
        };

    public static byte[] IdOf(PivSlot slot) => [slot.OpenScId];

    /// <summary>The slot a CKA_ID names (OpenSC's 01..18), or null.</summary>
    public static PivSlot? SlotOf(byte[]? id) => id is [var b] ? PivSlot.FromOpenScId(b) : null;

    /// <summary>
    /// What the card computes with a key: raw RSA (the host pads PKCS#1 v1.5 or PSS and unpads PKCS#1 or OAEP),
    /// ECDSA on the host's hash, ECDH (SP 800-73-4 Part 2 Appendix A.3–A.5). The key's usage says which it may.
    /// </summary>
    public static KeyAbilities Abilities(KeyKind kind) => kind == KeyKind.Rsa
        ? new KeyAbilities { Signatures = new HashSet<CardSignature> { CardSignature.RsaRaw }, Decryptions = new HashSet<CardDecryption> { CardDecryption.RsaRaw } }
        : new KeyAbilities { Signatures = new HashSet<CardSignature> { CardSignature.EcdsaPrehashed }, KeyAgreement = true };

    public static KeyKind KindOf(KeySpec spec) => spec.Algorithm == KeyAlgorithm.Rsa ? KeyKind.Rsa : KeyKind.Ec;

    public static KeyMaterial MaterialOf(PublicKeyInfo publicKey) =>
        KeyMaterialFactory.FromSubjectPublicKeyInfo(SubjectPublicKeyInfo.GetInstance(PublicKeyEncoding.SubjectPublicKeyInfo(publicKey)));

    /// <summary>The public half: from GET METADATA or GENERATE when the card said it, else from the slot's certificate.</summary>
    private KeyMaterial Material(PivSlotKey key)
    {
        if (key.PublicKey is { } known) return MaterialOf(known);
        if (CertificateOf(key.Slot) is { } der) return MaterialOf(PivCardContents.PublicKeyOfCertificate(der, key.Slot).PublicKey);
        // The card named the key's type but not its value (a YubiKey before 5.3 without a certificate in the slot).
        return new KeyMaterial(KindOf(key.Spec), key.Spec.SizeBits, null, null, key.Spec.Curve is { } c ? c.OidDer : null, null, []);
    }

    private byte[]? CertificateOf(PivSlot slot) => contents.CertificateOf(slot);

    /// <summary>The certificates of the slots that hold a key; each read once. One that does not parse is left out.</summary>
    private List<P11Object> Certificates(IEnumerable<PivSlotKey> keys)
    {
        var result = new List<P11Object>();
        foreach (var key in keys)
        {
            byte[]? der;
            try
            {
                der = CertificateOf(key.Slot);
            }
            catch (CardException e) when (e.Error == CardError.UnexpectedResponse)
            {
                Log.Error(TraceComponent, $"PIV: the certificate of slot {key.Slot} is left out: {e.Message}");
                continue;
            }
            if (der != null) result.Add(Made(ObjectKind.Certificates, key.Slot, () => Certificate(key.Slot, () => der)));
        }
        return result;
    }

    private List<P11Object> DataObjects()
    {
        var result = new List<P11Object>();
        foreach (var name in PivObjectNames.DataObjects)
        {
            // The key history was read to list the keys: its presence is known, its bytes are read when asked for.
            Func<byte[]> value;
            if (name.Tag == PivObjectNames.KeyHistoryTag)
            {
                if (contents.KeyHistory == null) continue;
                value = () => contents.Driver.ReadObject(name.Tag) ?? [];
            }
            else
            {
                if (contents.Driver.ReadObject(name.Tag) is not { } read) continue;
                value = () => read;
            }
            result.Add(new DataObject(name.Label, name.Label, new DerObjectIdentifier(name.Oid).GetDerEncoded(), isPrivate: false, modifiable: false,
                Guarded(value)));
        }
        return result;
    }

    private static Func<T> Guarded<T>(Func<T> read) => () =>
    {
        try
        {
            return read();
        }
        catch (Exception e)
        {
            var mapped = CardErrorMapping.Map(e);
            if (mapped == e) throw;
            throw mapped;
        }
    };
}
