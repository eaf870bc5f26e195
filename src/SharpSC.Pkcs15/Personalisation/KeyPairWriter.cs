using SharpSC.Cards.Drivers;
using SharpSC.Cards.Keys;
using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Objects;
using CardKeyAlgorithm = SharpSC.Cards.Keys.KeyAlgorithm;
using KeyAlgorithm = SharpSC.Pkcs15.Objects.KeyAlgorithm;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>
/// Generates or imports a key pair and records it the way OpenSC's pkcs15-init does: the private key lives in
/// a key slot (IsoApplet: PrKDF entry with the slot as keyReference and the application DF as path) or a key
/// file (PrKDF path to it), the public key in a file of the layout's (IsoApplet 33xx) with a PuKDF entry. Order: slot, public key file, PuKDF entry, PrKDF entry (the
/// commit), TokenInfo lastUpdate.
/// </summary>
internal static class KeyPairWriter
{
    private const int IntrinsicIdLength = 20;

    /// <summary>Everything decided before the card is touched.</summary>
    private sealed record Plan(KeySpec Spec, int Slot, Pkcs15Id? Id, KeyIdStyle IdStyle, string Label, string PublicLabel,
        KeyUsageFlags Usage, KeyUsageFlags PublicUsage, Pkcs15Id AuthId, int? UserConsent);

    public static KeyPairResult Generate(WriteSession s, KeyGenerationRequest r, Func<Pkcs15Application, Pkcs15Card> snapshot)
    {
        RequireCapability(s.Driver, r.Spec, generate: true);
        var plan = MakePlan(s, r.Spec, r);
        var publicKey = s.Driver.GenerateKeyPair((byte)plan.Slot, plan.Spec);
        return Store(s, plan, publicKey, generated: true, subject: null, snapshot);
    }

    public static KeyPairResult Import(WriteSession s, KeyImportRequest r, Func<Pkcs15Application, Pkcs15Card> snapshot)
    {
        var spec = r.Key switch
        {
            RsaPrivateKeyImport rsa => KeySpec.Rsa(rsa.ModulusBits),
            EcPrivateKeyImport ec => KeySpec.Ec(ec.Curve),
            _ => throw new PersonalisationException(PersonalisationError.InvalidRequest, "unknown private key type"),
        };
        var publicKey = r.PublicKey ?? (r.Key is EcPrivateKeyImport ecKey ? PublicKeyEncoding.DeriveEcPublicKey(ecKey)
            : throw new PersonalisationException(PersonalisationError.InvalidRequest, "an RSA key to import needs its public key (modulus and exponent)"));
        if (PublicKeyEncoding.SizeBits(publicKey) != spec.SizeBits || (publicKey is EcPublicKeyInfo ec2 && ec2.Curve != spec.Curve))
            throw new PersonalisationException(PersonalisationError.InvalidRequest, "the public key does not belong to the private key");
        RequireCapability(s.Driver, spec, generate: false);
        var plan = MakePlan(s, spec, r);
        if (r.Id is null)
            RequireUnusedId(s.Application, KeyIds.Derive(publicKey, r.IdStyle, s.Application));
        s.Driver.ImportPrivateKey((byte)plan.Slot, r.Key);
        return Store(s, plan, publicKey, generated: false, r.Subject, snapshot);
    }

    /// <summary>The key reference a new key would take (null when all are used).</summary>
    public static int? FreeSlot(Pkcs15Application app, CardDriver driver, Cards.Families.Pkcs15Layout layout)
    {
        var (first, last) = KeyReferences(driver, layout);
        return app.NextFreeKeyReference(first, last);
    }

    /// <summary>The card's key references: the layout's first one and the number of slots the driver found (16 when it does not say).</summary>
    private static (int First, int Last) KeyReferences(CardDriver driver, Cards.Families.Pkcs15Layout layout) =>
        (layout.FirstKeyReference, layout.FirstKeyReference + (driver.Capabilities.KeySlots ?? 16) - 1);

    /// <summary>Where a private key's PrKDF path points: its key file, or the application DF its slot belongs to.</summary>
    private static Pkcs15Path KeyPath(WriteSession s, int keyReference) => s.Profile.Layout.Keys == Cards.Families.KeyStorage.Files
        ? s.Application.ApplicationPath.Append((ushort)(s.Profile.Layout.PrivateKeyFileBase + keyReference))
        : s.Application.ApplicationPath;

    private static Plan MakePlan(WriteSession s, KeySpec spec, KeyEntryRequest r)
    {
        var (id, style, label, usage, authId, slot) = (r.Id, r.IdStyle, r.Label, r.Usage, r.AuthId, r.KeyReference);
        var app = s.Application;
        var algorithm = spec.Algorithm == CardKeyAlgorithm.Rsa ? KeyAlgorithm.Rsa : KeyAlgorithm.Ec;
        var keyUsage = KeyUsages.CheckFor(algorithm, usage ?? KeyUsages.DefaultFor(algorithm));
        var pin = authId ?? Pkcs15Pins.FindUserPin(app)?.AuthId ?? s.Profile.UserPinAuthId;
        if (app.FindPin(pin) is null)
            throw new PersonalisationException(PersonalisationError.InvalidRequest, $"the card has no PIN with auth-id {pin}");
        var (first, last) = KeyReferences(s.Driver, s.Profile.Layout);
        var slots = last - first + 1;
        if (slot is int wanted)
        {
            if (wanted < first || wanted > last)
                throw new PersonalisationException(PersonalisationError.InvalidRequest, $"key references of this card are {first}..{last}");
            if (app.PrivateKeys.Any(k => k.Key.KeyReference == wanted))
                throw new PersonalisationException(PersonalisationError.IdInUse, $"key slot {wanted} holds the key '{app.PrivateKeys.First(k => k.Key.KeyReference == wanted).Label}'");
        }
        var chosen = slot ?? FreeSlot(app, s.Driver, s.Profile.Layout)
            ?? throw new PersonalisationException(PersonalisationError.NoFreeKeySlot, $"card is full: all {slots} key slots are in use (delete a key first)");
        if (id is { } given)
            RequireUnusedId(app, given);
        var publicUsage = r.PublicUsage ?? KeyUsages.PublicFor(keyUsage);
        var plan = new Plan(spec, chosen, id, style, label ?? "Private Key", r.PublicLabel ?? label ?? "Public Key", keyUsage, publicUsage, pin, r.UserConsent);
        // Room for both entries, checked with an id of the final length before the slot is overwritten.
        var placeholder = id ?? new Pkcs15Id(new byte[style == KeyIdStyle.Native ? 1 : IntrinsicIdLength]);
        var filePath = s.Application.ApplicationPath.Append(s.Profile.Layout.PublicKeys.FirstFileId);
        s.RequireRoom(DirectoryKind.PublicKeys, Pkcs15Codec.EncodeObject(PublicEntry(plan, placeholder, filePath)).Length);
        s.RequireRoom(DirectoryKind.PrivateKeys, Pkcs15Codec.EncodeObject(PrivateEntry(plan, placeholder, KeyPath(s, chosen), true, null)).Length);
        return plan;
    }

    private static KeyPairResult Store(WriteSession s, Plan plan, PublicKeyInfo publicKey, bool generated, byte[]? subject,
        Func<Pkcs15Application, Pkcs15Card> snapshot)
    {
        var id = plan.Id ?? KeyIds.Derive(publicKey, plan.IdStyle, s.Application);
        RequireUnusedId(s.Application, id);
        var file = s.CreateObjectFile(s.Profile.Layout.PublicKeys.FirstFileId, PublicKeyEncoding.FileContent(publicKey), s.Profile.Layout.PublicKeys.Acl);
        var pub = s.Append(DirectoryKind.PublicKeys, PublicEntry(plan, id, file, PublicKeyEncoding.SizeBits(publicKey)), undoable: true);
        var prv = s.Append(DirectoryKind.PrivateKeys, PrivateEntry(plan, id, KeyPath(s, plan.Slot), generated, subject, PublicKeyEncoding.SizeBits(publicKey)), undoable: false);
        s.CommitAndTouch($"the key '{plan.Label}'", snapshot);
        return new KeyPairResult(snapshot(s.Application), prv, pub, publicKey);
    }

    private static PublicKeyObject PublicEntry(Plan plan, Pkcs15Id id, Pkcs15Path file, int bits = 0) => new()
    {
        Common = new CommonObjectAttributes { Label = plan.PublicLabel, Flags = ObjectFlags.Modifiable },
        Algorithm = plan.Spec.Algorithm == CardKeyAlgorithm.Rsa ? KeyAlgorithm.Rsa : KeyAlgorithm.Ec,
        // As OpenSC: native FALSE and keyReference 0 on public keys.
        Key = new CommonKeyAttributes { Id = id, Usage = plan.PublicUsage, Native = false, KeyReference = 0 },
        Value = ObjectValue.FromPath(file),
        ModulusLength = plan.Spec.Algorithm == CardKeyAlgorithm.Rsa ? (bits > 0 ? bits : plan.Spec.SizeBits) : null,
    };

    private static PrivateKeyObject PrivateEntry(Plan plan, Pkcs15Id id, Pkcs15Path keyPath, bool generated, byte[]? subject, int bits = 0)
    {
        var rsa = plan.Spec.Algorithm == CardKeyAlgorithm.Rsa;
        return new PrivateKeyObject
        {
            Common = new CommonObjectAttributes
            {
                Label = plan.Label, Flags = ObjectFlags.Private | ObjectFlags.Modifiable, AuthId = plan.AuthId, UserConsent = plan.UserConsent,
            },
            Algorithm = rsa ? KeyAlgorithm.Rsa : KeyAlgorithm.Ec,
            Key = new CommonKeyAttributes
            {
                Id = id,
                Usage = plan.Usage,
                // Generated on the card: sensitive, always sensitive, never extractable, local (OpenSC's 0x1D).
                AccessFlags = generated
                    ? KeyAccessFlags.Sensitive | KeyAccessFlags.AlwaysSensitive | KeyAccessFlags.NeverExtractable | KeyAccessFlags.Local
                    : KeyAccessFlags.Sensitive,
                KeyReference = plan.Slot,
            },
            PrivateKey = subject is null ? null : new CommonPrivateKeyAttributes { SubjectName = RawElement.Parse(subject, "subject name") },
            Value = ObjectValue.FromPath(keyPath),
            ModulusLength = rsa ? (bits > 0 ? bits : plan.Spec.SizeBits) : null,
            FieldLength = rsa ? null : plan.Spec.SizeBits,
        };
    }

    /// <summary>A public key without a private key: its file and PuKDF entry (the entry is the commit).</summary>
    public static ObjectResult<PublicKeyObject> StorePublicKey(WriteSession s, PublicKeyStoreRequest r, Func<Pkcs15Application, Pkcs15Card> snapshot)
    {
        var rsa = r.Key is RsaPublicKeyInfo;
        var algorithm = rsa ? KeyAlgorithm.Rsa : KeyAlgorithm.Ec;
        var id = r.Id ?? KeyIds.Derive(r.Key, r.IdStyle, s.Application, forPrivateKey: false);
        if (s.Application.FindPublicKey(id) is { } existing)
            throw new PersonalisationException(PersonalisationError.IdInUse, $"the public key '{existing.Label}' already has the id {id}");
        var entry = new PublicKeyObject
        {
            Common = new CommonObjectAttributes { Label = r.Label ?? "Public Key", Flags = ObjectFlags.Modifiable },
            Algorithm = algorithm,
            Key = new CommonKeyAttributes { Id = id, Usage = r.Usage ?? KeyUsages.PublicFor(KeyUsages.DefaultFor(algorithm)), Native = false, KeyReference = 0 },
            Value = ObjectValue.FromPath(s.Application.ApplicationPath.Append(s.Profile.Layout.PublicKeys.FirstFileId)),
            ModulusLength = rsa ? PublicKeyEncoding.SizeBits(r.Key) : null,
        };
        s.RequireRoom(DirectoryKind.PublicKeys, Pkcs15Codec.EncodeObject(entry).Length);
        var file = s.CreateObjectFile(s.Profile.Layout.PublicKeys.FirstFileId, PublicKeyEncoding.FileContent(r.Key), s.Profile.Layout.PublicKeys.Acl);
        var stored = s.Append(DirectoryKind.PublicKeys, entry with { Value = ObjectValue.FromPath(file) }, undoable: false);
        s.CommitAndTouch($"the public key '{stored.Label}'", snapshot);
        return new ObjectResult<PublicKeyObject>(snapshot(s.Application), stored);
    }

    private static void RequireUnusedId(Pkcs15Application app, Pkcs15Id id)
    {
        if (app.FindPrivateKey(id) is { } key)
            throw new PersonalisationException(PersonalisationError.IdInUse, $"the private key '{key.Label}' already has the id {id}");
        if (app.FindPublicKey(id) is { } pub)
            throw new PersonalisationException(PersonalisationError.IdInUse, $"the public key '{pub.Label}' already has the id {id} (delete it first)");
    }

    private static void RequireCapability(CardDriver driver, KeySpec spec, bool generate)
    {
        var algorithms = driver.Capabilities.Algorithms;
        var ok = algorithms.Any(a => a.Algorithm == spec.Algorithm && (generate ? a.Generate : a.Import)
            && (spec.Algorithm == CardKeyAlgorithm.Rsa ? a.KeySizeBits == spec.SizeBits : a.Curve == spec.Curve));
        if (ok)
            return;
        var offered = string.Join(", ", algorithms.Where(a => generate ? a.Generate : a.Import)
            .Select(a => a.Algorithm == CardKeyAlgorithm.Rsa ? $"rsa/{a.KeySizeBits}" : $"ec/{a.Curve}").Distinct());
        throw new PersonalisationException(PersonalisationError.NotSupported,
            $"this card cannot {(generate ? "generate" : "import")} {Describe(spec)} keys ({driver.Name} {driver.Version}; it offers: {offered})");
    }

    public static string Describe(KeySpec spec) => spec.Algorithm == CardKeyAlgorithm.Rsa ? $"rsa/{spec.SizeBits}" : $"ec/{spec.Curve}";
}
