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
/// (public parts from the matching public key or certificate), data objects. An object whose data is
/// broken is left out with a log line; it does not take the token down.
/// </summary>
internal sealed class CardObjectLoader(Pkcs15Card card)
{
    private readonly Pkcs15Application? _app = card.Application;

    public IReadOnlyList<P11Object> Load()
    {
        if (_app == null) return [];
        using var transaction = card.Driver.BeginTransaction();
        var objects = new List<P11Object>();
        var certificates = _app.Certificates.Select(Certificate).ToList();
        objects.AddRange(certificates);

        var publicKeys = new Dictionary<SharpSC.Pkcs15.Pkcs15Id, PublicKeyObject>();
        foreach (var entry in _app.PublicKeys)
        {
            var key = Try(() => PublicKey(entry), $"public key {entry.Key.Id}");
            if (key == null) continue;
            publicKeys.TryAdd(entry.Key.Id, key);
            objects.Add(key);
        }
        foreach (var cert in certificates.Where(c => !c.IsAuthority && !publicKeys.ContainsKey(new SharpSC.Pkcs15.Pkcs15Id(c.Id))))
        {
            // As OpenSC: a certificate without a PuKDF entry still yields its public key.
            var key = Try(() => new PublicKeyObject(cert.Label, cert.Id, false, KeyMaterialFactory.FromCertificate(cert.Parsed),
                KeyUsage.Verify | KeyUsage.Encrypt, local: false), $"public key of certificate {Convert.ToHexString(cert.Id)}");
            if (key == null) continue;
            publicKeys[new SharpSC.Pkcs15.Pkcs15Id(cert.Id)] = key;
            objects.Add(key);
        }
        foreach (var entry in _app.PrivateKeys)
        {
            var key = Try(() => PrivateKey(entry, publicKeys, certificates), $"private key {entry.Key.Id}");
            if (key != null) objects.Add(key);
        }
        foreach (var entry in _app.DataObjects) objects.Add(Data(entry));
        return objects;
    }

    private Objects.CertificateObject Certificate(P15.CertificateObject c) =>
        new(c.Label ?? "Certificate", c.Id.Value.ToArray(), c.IsAuthority, c.Common.IsPrivate, c.Common.IsModifiable,
            () => ReadValue(c.Value));

    private PublicKeyObject PublicKey(P15.PublicKeyObject k) =>
        new(k.Label ?? "", k.Key.Id.Value.ToArray(), k.Common.IsModifiable, KeyMaterialFactory.FromPublicKeyFile(card.ReadValue(k.Value)),
            (KeyUsage)k.Key.Usage, Local(k.Key), isPrivate: k.Common.IsPrivate);

    private Objects.PrivateKeyObject PrivateKey(P15.PrivateKeyObject k, Dictionary<SharpSC.Pkcs15.Pkcs15Id, PublicKeyObject> publicKeys,
        List<Objects.CertificateObject> certificates)
    {
        var bits = k.KeySizeBits ?? 0;
        var material = publicKeys.TryGetValue(k.Key.Id, out var pub) ? pub.Material
            : certificates.FirstOrDefault(c => c.Id.AsSpan().SequenceEqual(k.Key.Id.Value.Span)) is { } cert ? KeyMaterialFactory.FromCertificate(cert.Parsed)
            : new KeyMaterial(k.Algorithm == P15.KeyAlgorithm.Rsa ? KeyKind.Rsa : KeyKind.Ec, bits, null, null, null, null, []);
        var id = k.Key.Id.Value.ToArray();
        var subjectSource = certificates.FirstOrDefault(c => !c.IsAuthority && c.Id.AsSpan().SequenceEqual(id));
        var cardKey = new CardKey((byte)(k.Key.KeyReference ?? 0), material.Bits > 0 ? material.Bits : bits);
        return new Objects.PrivateKeyObject(k.Label ?? "", id, k.Common.IsModifiable, material, (KeyUsage)k.Key.Usage, Local(k.Key),
            alwaysAuthenticate: (k.Common.UserConsent ?? 0) > 0, cardKey)
        {
            Subject = subjectSource == null ? null : () => subjectSource.Parsed.SubjectDN.GetEncoded(),
        };
    }

    private DataObject Data(P15.DataObject d) =>
        new(d.Label ?? "", d.ApplicationName ?? "", d.ApplicationOid is { } oid ? new DerObjectIdentifier(oid).GetDerEncoded() : [],
            d.Common.IsPrivate, d.Common.IsModifiable, () => ReadValue(d.Value));

    /// <summary>
    /// A value read when an attribute asks for it (C_GetAttributeValue, C_GetObjectSize): card failures leave
    /// translated like every other card access, so a reset is re-established and nothing escapes untyped.
    /// </summary>
    private byte[] ReadValue(P15.ObjectValue value)
    {
        try
        {
            return card.ReadValue(value);
        }
        catch (Exception e)
        {
            var mapped = CardErrorMapping.Map(e);
            if (mapped == e) throw;
            throw mapped;
        }
    }

    private static bool Local(P15.CommonKeyAttributes key) =>
        key.AccessFlags is { } flags && (flags & P15.KeyAccessFlags.Local) != 0;

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
