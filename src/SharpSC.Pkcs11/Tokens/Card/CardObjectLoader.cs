using Org.BouncyCastle.Asn1;
using SharpSC.Cards.Security;
using SharpSC.Diagnostics;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs15;
using SharpSC.Pkcs15.Card;
using P15 = SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs11.Tokens.Card;

/// <summary>
/// PKCS#15 objects as PKCS#11 objects (the mapping OpenSC's framework-pkcs15.c makes): certificates,
/// public keys (from the PuKDF, or derived from a certificate that has no PuKDF entry), private keys
/// (public parts from the matching public key or certificate), data objects. Each group reads only
/// its own directory files, and key material and certificate bodies are read when first asked for:
/// finding a private key costs the PrKDF and nothing more. An object whose data is broken is left
/// out with a log line; it does not take the token down. Nothing that failed is remembered: a group
/// whose directory could not be read is incomplete (<see cref="IsComplete"/>), the token asks for it
/// again on its next search, and the objects already built keep their instances (and handles).
/// </summary>
internal sealed class CardObjectLoader(Func<Pkcs15Card> currentCard)
{
    private static readonly DirectoryKind[] CertificateDirectories = [DirectoryKind.Certificates, DirectoryKind.TrustedCertificates, DirectoryKind.UsefulCertificates];
    private static readonly DirectoryKind[] PublicKeyDirectories = [DirectoryKind.PublicKeys, DirectoryKind.TrustedPublicKeys];

    private readonly object _gate = new();
    private readonly Dictionary<P15.Pkcs15Object, P11Object> _built = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<P15.Pkcs15Object, P11Object> _derived = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<DirectoryKind> _leftOut = [];
    private Pkcs15Card? _builtFor;
    private List<Objects.CertificateObject>? _certificates;

    private Pkcs15Card Card => currentCard();

    /// <summary>Did the last load of this group read every directory it needs?</summary>
    public bool IsComplete(ObjectKind kind)
    {
        DirectoryKind[] needed = kind switch
        {
            ObjectKind.Certificates => CertificateDirectories,
            ObjectKind.PublicKeys => [.. PublicKeyDirectories, .. CertificateDirectories],
            ObjectKind.PrivateKeys => [DirectoryKind.PrivateKeys],
            _ => [DirectoryKind.DataObjects],
        };
        lock (_gate) return !needed.Any(_leftOut.Contains);
    }

    /// <summary>The object already built for a PKCS#15 entry of the current card, or a new one.</summary>
    private T Once<T>(Dictionary<P15.Pkcs15Object, P11Object> built, P15.Pkcs15Object entry, Func<T> build) where T : P11Object
    {
        lock (_gate)
        {
            var card = Card;
            if (!ReferenceEquals(card, _builtFor))
            {
                _built.Clear();
                _derived.Clear();
                _builtFor = card;
            }
            if (built.TryGetValue(entry, out var known)) return (T)known;
            var o = build();
            built[entry] = o;
            return o;
        }
    }

    public IReadOnlyList<P11Object> Load(ObjectKind kind) => kind switch
    {
        ObjectKind.Certificates => Certificates(),
        ObjectKind.PublicKeys => PublicKeys(),
        ObjectKind.PrivateKeys => PrivateKeys(),
        _ => DataObjects(),
    };

    /// <summary>The certificates (one instance each, shared with the keys that borrow their subject).</summary>
    private List<Objects.CertificateObject> Certificates()
    {
        lock (_gate)
        {
            if (_certificates != null) return _certificates;
            var certificates = Entries<P15.CertificateObject>(CertificateDirectories).Select(c => Once(_built, c, () => Certificate(c))).ToList();
            if (!CertificateDirectories.Any(_leftOut.Contains)) _certificates = certificates;
            return certificates;
        }
    }

    private List<P11Object> PublicKeys()
    {
        var result = new List<P11Object>();
        var entries = Entries<P15.PublicKeyObject>(PublicKeyDirectories);
        result.AddRange(entries.Select(k => Once(_built, k, () => PublicKey(k))));
        // As OpenSC: a user certificate without a PuKDF entry still yields its public key.
        foreach (var cert in Certificates().Where(c => !c.IsAuthority && !entries.Any(e => e.Key.Id.Value.Span.SequenceEqual(c.Id))))
        {
            var key = cert.CardEntry is P15.Pkcs15Object entry
                ? Try(() => Once(_derived, entry, () => PublicKeyOf(cert)), $"public key of certificate {Convert.ToHexString(cert.Id)}")
                : Try(() => PublicKeyOf(cert), $"public key of certificate {Convert.ToHexString(cert.Id)}");
            if (key != null) result.Add(key);
        }
        return result;
    }

    private static PublicKeyObject PublicKeyOf(Objects.CertificateObject cert)
    {
        var material = KeyMaterialFactory.FromCertificate(cert.Parsed);
        return new PublicKeyObject(cert.Label, cert.Id, false, material.Kind, material.Bits, () => material, KeyUsage.Verify | KeyUsage.Encrypt, local: false);
    }

    private List<P11Object> PrivateKeys()
    {
        var result = new List<P11Object>();
        result.AddRange(Entries<P15.PrivateKeyObject>(DirectoryKind.PrivateKeys).Select(k => Once(_built, k, () => PrivateKey(k))));
        return result;
    }

    public Objects.CertificateObject Certificate(P15.CertificateObject c) =>
        new(c.Label ?? "Certificate", c.Id.Value.ToArray(), c.IsAuthority, c.Common.IsPrivate, c.Common.IsModifiable,
            Guarded(() => Card.ReadValue(c.Value, c.Common.IsPrivate))) { CardEntry = c };

    /// <summary>A PuKDF entry as a public key object; <paramref name="known"/> spares the read of its file.</summary>
    public PublicKeyObject PublicKey(P15.PublicKeyObject k, KeyMaterial? known = null)
    {
        var kind = k.Algorithm == P15.KeyAlgorithm.Rsa ? KeyKind.Rsa : KeyKind.Ec;
        return new PublicKeyObject(k.Label ?? "", k.Key.Id.Value.ToArray(), k.Common.IsModifiable, kind, known?.Bits ?? BitsOf(k, kind),
            Guarded(() => known ?? KeyMaterialFactory.FromPublicKeyFile(Card.ReadValue(k.Value, k.Common.IsPrivate))), (KeyUsage)k.Key.Usage, Local(k.Key),
            isPrivate: k.Common.IsPrivate) { CardEntry = k };
    }

    /// <summary>A PrKDF entry as a private key object; <paramref name="known"/> spares the search for its public half.</summary>
    public Objects.PrivateKeyObject PrivateKey(P15.PrivateKeyObject k, KeyMaterial? known = null)
    {
        var id = k.Key.Id;
        var kind = k.Algorithm == P15.KeyAlgorithm.Rsa ? KeyKind.Rsa : KeyKind.Ec;
        var bits = k.KeySizeBits ?? known?.Bits ?? 0;
        return new Objects.PrivateKeyObject(k.Label ?? "", id.Value.ToArray(), k.Common.IsModifiable, kind, bits,
            Guarded(() => known ?? MaterialFor(id, kind, bits)), (KeyUsage)k.Key.Usage, Local(k.Key),
            alwaysAuthenticate: (k.Common.UserConsent ?? 0) > 0, new CardKey((byte)(k.Key.KeyReference ?? 0), bits))
        {
            Subject = Guarded(() => Certificates().FirstOrDefault(c => !c.IsAuthority && c.Id.AsSpan().SequenceEqual(id.Value.Span))?.Parsed.SubjectDN.GetEncoded()),
            CardEntry = k,
        };
    }

    public DataObject Data(P15.DataObject d) =>
        new(d.Label ?? "", d.ApplicationName ?? "", d.ApplicationOid is { } oid ? new DerObjectIdentifier(oid).GetDerEncoded() : [],
            d.Common.IsPrivate, d.Common.IsModifiable, Guarded(() => Card.ReadValue(d.Value, d.Common.IsPrivate))) { CardEntry = d };

    /// <summary>A certificate stored after the certificates were loaded joins the shared list.</summary>
    public void Remember(Objects.CertificateObject c)
    {
        lock (_gate) _certificates?.Add(c);
    }

    public void Forget(Objects.CertificateObject c)
    {
        lock (_gate) _certificates?.Remove(c);
    }

    /// <summary>The public half of a private key: its PuKDF entry, else its certificate, else unknown.</summary>
    private KeyMaterial MaterialFor(Pkcs15Id id, KeyKind kind, int bits)
    {
        if (Entries<P15.PublicKeyObject>(PublicKeyDirectories).FirstOrDefault(p => p.Key.Id == id) is { } pub)
            return KeyMaterialFactory.FromPublicKeyFile(Card.ReadValue(pub.Value, pub.Common.IsPrivate));
        if (Certificates().FirstOrDefault(c => c.Id.AsSpan().SequenceEqual(id.Value.Span)) is { } cert)
            return KeyMaterialFactory.FromCertificate(cert.Parsed);
        return new KeyMaterial(kind, bits, null, null, null, null, []);
    }

    private List<P11Object> DataObjects() =>
        Entries<P15.DataObject>(DirectoryKind.DataObjects).Select(d => (P11Object)Once(_built, d, () => Data(d))).ToList();

    // PuKDF entries written by OpenSC carry the modulus length for RSA; for EC the field size comes
    // with the key material, so read it only when it is not known otherwise.
    private static int BitsOf(P15.PublicKeyObject k, KeyKind kind) => kind == KeyKind.Rsa ? k.ModulusLength ?? 0 : 0;

    private static bool Local(P15.CommonKeyAttributes key) =>
        key.AccessFlags is { } flags && (flags & P15.KeyAccessFlags.Local) != 0;

    /// <summary>
    /// A value read from the card when an attribute asks for it (C_GetAttributeValue, C_GetObjectSize, a
    /// signature needing the key size): card failures leave translated like every other card access, so a
    /// reset is re-established and nothing escapes untyped (it once became CKR_FUNCTION_FAILED).
    /// </summary>
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

    /// <summary>
    /// The entries of some directory kinds. A directory file that does not parse leaves its objects out,
    /// with a log line, as OpenSC does, instead of failing every search on the token. Nothing this call
    /// read goes to the file cache, so a transmission glitch is not kept for later sessions, and the kind
    /// counts as left out until a later read succeeds (<see cref="IsComplete"/>).
    /// </summary>
    private List<T> Entries<T>(params DirectoryKind[] kinds) where T : P15.Pkcs15Object
    {
        var result = new List<T>();
        foreach (var kind in kinds)
        {
            var complete = false;
            try
            {
                result.AddRange(Card.Objects<T>(kind));
                complete = Card.IsFullyRead(kind);
                if (!complete) Log.Error("token", $"a {kind.ShortName()} file the ODF lists was not found; it is asked for again on the next search");
            }
            catch (Pkcs15FormatException e)
            {
                Log.Error("token", $"{e.Message}; the objects of that directory are left out for now");
                Card.DiscardCache();
            }
            lock (_gate)
            {
                if (complete) _leftOut.Remove(kind);
                else _leftOut.Add(kind);
            }
        }
        return result;
    }

    private static T? Try<T>(Func<T> build, string what) where T : class
    {
        try
        {
            return build();
        }
        catch (Exception e) when (e is Pkcs11Exception or Pkcs15FormatException or Cards.Errors.CardException)
        {
            Log.Error("token", $"{what} left out: {e.Message}");
            return null;
        }
    }
}
