using SharpSC.Cards.Families;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>
/// Changes and deletions of existing objects. A deletion removes the directory entry first (the object is
/// gone from then on), then its file. A private key in a key file goes with its file; one in a key slot, which
/// cannot be deleted (IsoApplet), can be made unusable by the card family (the old key would otherwise stay
/// usable with the PIN through raw APDUs).
/// </summary>
internal static class ObjectEditor
{
    public static void Delete(WriteSession s, IReadOnlyList<Pkcs15Object> objects, bool destroyKeys)
    {
        if (objects.Count == 0)
            throw new PersonalisationException(PersonalisationError.ObjectNotFound, "nothing to delete");
        // Certificates and public keys before private keys: an interruption keeps the most valuable object.
        foreach (var obj in objects.OrderBy(Rank))
        {
            s.Rewrite(obj, null);
            var keysInFiles = s.Profile.Layout.Keys == KeyStorage.Files;
            if (ValuePath(obj, keysInFiles) is { } path && !IsReferenced(s.Application, path, keysInFiles) && IsFileInApplication(s.Application, path))
                s.DeleteFile(path);
            if (obj is PrivateKeyObject { Key.KeyReference: int slot } && destroyKeys && !keysInFiles
                && !s.Application.PrivateKeys.Any(k => k.Key.KeyReference == slot))
                s.Profile.Family.DestroyKey(slot);
        }
    }

    public static Pkcs15Object Update(WriteSession s, Pkcs15Object existing, Pkcs15Object replacement)
    {
        if (existing.GetType() != replacement.GetType())
            throw new PersonalisationException(PersonalisationError.InvalidRequest, "an object cannot change its type");
        if (replacement.ObjectId is { } id && id != existing.ObjectId)
            RequireUniqueId(s.Application, replacement, id);
        return s.Rewrite(existing, replacement)!;
    }

    public static Pkcs15Object WithLabel(Pkcs15Object obj, string label) => obj switch
    {
        PrivateKeyObject k => k with { Common = k.Common with { Label = label } },
        PublicKeyObject k => k with { Common = k.Common with { Label = label } },
        CertificateObject c => c with { Common = c.Common with { Label = label } },
        DataObject d => d with { Common = d.Common with { Label = label } },
        PinObject p => p with { Common = p.Common with { Label = label } },
        _ => throw new PersonalisationException(PersonalisationError.NotSupported, "this object cannot be relabelled"),
    };

    public static Pkcs15Object WithId(Pkcs15Object obj, Pkcs15Id id) => obj switch
    {
        PrivateKeyObject k => k with { Key = k.Key with { Id = id } },
        PublicKeyObject k => k with { Key = k.Key with { Id = id } },
        CertificateObject c => c with { Id = id },
        _ => throw new PersonalisationException(PersonalisationError.NotSupported, "only keys and certificates have an id"),
    };

    private static void RequireUniqueId(Pkcs15Application app, Pkcs15Object obj, Pkcs15Id id)
    {
        var clash = obj switch
        {
            PrivateKeyObject => (Pkcs15Object?)app.FindPrivateKey(id),
            PublicKeyObject => app.FindPublicKey(id),
            CertificateObject => app.FindCertificate(id),
            _ => null,
        };
        if (clash is not null)
            throw new PersonalisationException(PersonalisationError.IdInUse, $"'{clash.Label}' already has the id {id}");
    }

    private static int Rank(Pkcs15Object obj) => obj switch
    {
        CertificateObject => 0,
        DataObject => 1,
        PublicKeyObject => 2,
        _ => 3,
    };

    /// <summary>The file an object's value lives in; a private key's only when keys are files (in slots, its path names the DF).</summary>
    private static Pkcs15Path? ValuePath(Pkcs15Object obj, bool keysInFiles) => obj switch
    {
        PublicKeyObject k => k.Value.Path,
        CertificateObject c => c.Value.Path,
        DataObject d => d.Value.Path,
        PrivateKeyObject k when keysInFiles => k.Value.Path,
        _ => null,
    };

    private static bool IsReferenced(Pkcs15Application app, Pkcs15Path path, bool keysInFiles)
    {
        var absolute = app.Resolve(path).Value;
        return app.AllObjects.Any(o => ValuePath(o, keysInFiles) is { } p && app.Resolve(p).Value == absolute);
    }

    /// <summary>Only files below the application DF are deleted with their entry (never the DF or a shared file elsewhere).</summary>
    private static bool IsFileInApplication(Pkcs15Application app, Pkcs15Path path)
    {
        var absolute = app.Resolve(path).Value.Span;
        var root = app.ApplicationPath.Value.Span;
        return absolute.Length == root.Length + 2 && absolute.StartsWith(root);
    }
}
