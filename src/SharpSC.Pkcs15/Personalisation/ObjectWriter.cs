using Org.BouncyCastle.X509;
using SharpSC.Cards.Files;
using SharpSC.Cards.Keys;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>Certificates (a file of the layout's, IsoApplet 34xx, + CDF entry) and data objects (IsoApplet 32xx/35xx + DODF entry).</summary>
internal static class ObjectWriter
{
    public const string DefaultCertificateLabel = "Certificate";
    public const string DefaultDataLabel = "Data Object";

    public static ObjectResult<CertificateObject> StoreCertificate(WriteSession s, CertificateStoreRequest r, Func<Pkcs15Application, Pkcs15Card> snapshot)
    {
        var certificate = Parse(r.Certificate);
        var publicKey = PublicKeyEncoding.TryParse(certificate.CertificateStructure.SubjectPublicKeyInfo.GetEncoded());
        var id = r.Id ?? MatchingKeyId(s, publicKey) ?? (publicKey is null
            ? KeyIds.NextNative(s.Application, forPrivateKey: false)
            : KeyIds.Derive(publicKey, r.IdStyle, s.Application, forPrivateKey: false));
        if (s.Application.FindCertificate(id) is { } existing)
            throw new PersonalisationException(PersonalisationError.IdInUse, $"the certificate '{existing.Label}' already has the id {id} (delete it first)");
        var entry = new CertificateObject
        {
            Common = new CommonObjectAttributes
            {
                Label = r.Label ?? DefaultCertificateLabel,
                Flags = r.Private ? ObjectFlags.Private | ObjectFlags.Modifiable : ObjectFlags.Modifiable,
                AuthId = r.Private ? Pkcs15Pins.FindUserPin(s.Application)?.AuthId ?? s.Profile.UserPinAuthId : null,
            },
            Id = id,
            Authority = r.Authority ? true : null,
            Value = ObjectValue.FromPath(s.Application.ApplicationPath.Append(s.Profile.Layout.Certificates.FirstFileId)),
        };
        s.RequireRoom(DirectoryKind.Certificates, Pkcs15Codec.EncodeObject(entry).Length);
        var file = s.CreateObjectFile(s.Profile.Layout.Certificates.FirstFileId, r.Certificate,
            r.Private ? s.Profile.Layout.PrivateData.Acl : s.Profile.Layout.Certificates.Acl);
        var stored = s.Append(DirectoryKind.Certificates, entry with { Value = ObjectValue.FromPath(file) }, undoable: false);
        s.CommitAndTouch($"the certificate '{stored.Label}'", snapshot);
        return new ObjectResult<CertificateObject>(snapshot(s.Application), stored);
    }

    public static ObjectResult<DataObject> StoreData(WriteSession s, DataObjectRequest r, Func<Pkcs15Application, Pkcs15Card> snapshot)
    {
        var authId = r.Private ? r.AuthId ?? Pkcs15Pins.FindUserPin(s.Application)?.AuthId ?? s.Profile.UserPinAuthId : (Pkcs15Id?)null;
        var files = r.Private ? s.Profile.Layout.PrivateData : s.Profile.Layout.PublicData;
        var fileBase = files.FirstFileId;
        var entry = new DataObject
        {
            Common = new CommonObjectAttributes
            {
                Label = r.Label ?? DefaultDataLabel,
                Flags = r.Private ? ObjectFlags.Private | ObjectFlags.Modifiable : ObjectFlags.Modifiable,
                AuthId = authId,
            },
            ApplicationName = r.ApplicationName,
            ApplicationOid = r.ApplicationOid,
            Value = ObjectValue.FromPath(s.Application.ApplicationPath.Append(fileBase)),
        };
        byte[] encoded;
        try
        {
            encoded = Pkcs15Codec.EncodeObject(entry);
        }
        catch (ArgumentException e)
        {
            throw new PersonalisationException(PersonalisationError.InvalidRequest, $"the data object cannot be encoded: {e.Message}", e);
        }
        s.RequireRoom(DirectoryKind.DataObjects, encoded.Length);
        var file = s.CreateObjectFile(fileBase, r.Value, files.Acl);
        var stored = s.Append(DirectoryKind.DataObjects, entry with { Value = ObjectValue.FromPath(file) }, undoable: false);
        s.CommitAndTouch($"the data object '{stored.Label}'", snapshot);
        return new ObjectResult<DataObject>(snapshot(s.Application), stored);
    }

    /// <summary>Parses a DER certificate; anything else is <see cref="PersonalisationError.InvalidInput"/>.</summary>
    public static X509Certificate Parse(byte[] der)
    {
        try
        {
            return new X509Certificate(der);
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or InvalidOperationException
                                      or Org.BouncyCastle.Security.Certificates.CertificateException)
        {
            throw new PersonalisationException(PersonalisationError.InvalidInput, "not an X.509 certificate: " + e.Message, e);
        }
    }

    /// <summary>
    /// The id of the key pair on the card whose public key is the certificate's: first by the intrinsic ids
    /// (keys this tool made), then by comparing with the public key files (keys OpenSC made, e.g. id 01 or 45).
    /// </summary>
    private static Pkcs15Id? MatchingKeyId(WriteSession s, PublicKeyInfo? publicKey)
    {
        if (publicKey is null)
            return null;
        var app = s.Application;
        foreach (var style in new[] { KeyIdStyle.Mozilla, KeyIdStyle.Rfc2459 })
        {
            var id = KeyIds.Derive(publicKey, style, app);
            if (app.FindPrivateKey(id) is not null)
                return id;
        }
        foreach (var pub in app.PublicKeys)
        {
            if (pub.Value.Path is not { } path)
                continue;
            byte[] content;
            try
            {
                content = s.Driver.ReadFile(WriteSession.ToCardPath(app.Resolve(path)), ContentLength.SingleBerTlvObject);
            }
            catch (Cards.Errors.CardException)
            {
                continue;
            }
            if (PublicKeyEncoding.TryParse(content) is { } onCard && PublicKeyEncoding.SameKey(onCard, publicKey))
                return pub.Key.Id;
        }
        return null;
    }
}
