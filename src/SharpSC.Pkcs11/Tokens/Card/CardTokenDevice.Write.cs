using System.Security.Cryptography;
using SharpSC.Cards.Keys;
using SharpSC.Diagnostics;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs15;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Personalisation;
using static SharpSC.Pkcs11.Constants.CKR;
using P15 = SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs11.Tokens.Card;

/// <summary>
/// The write side of the card device: the PKCS#15 personaliser (the same writer the CLI uses) does the
/// card work; this maps PKCS#11 requests to it and its results back to PKCS#11 objects. The
/// personaliser writes files before the directory entries that name them and returns the new
/// structure, which becomes the device's view of the card.
/// </summary>
internal sealed partial class CardTokenDevice
{
    public (P11Object PrivateKey, P11Object PublicKey) GenerateKeyPair(KeyGenerationRequest request) => Write(p =>
    {
        var spec = request.Kind == KeyKind.Rsa
            ? KeySpec.Rsa(request.Bits)
            : KeySpec.Ec(EcCurves.FindByOidDer(request.CurveOid) ?? throw new Pkcs11Exception(CKR_CURVE_NOT_SUPPORTED, "unknown curve"));
        var result = p.GenerateKeyPair(new Pkcs15.Personalisation.KeyGenerationRequest
        {
            Spec = spec,
            Id = request.Id is { } id ? new Pkcs15Id(id) : null,
            Label = request.PrivateLabel,
            PublicLabel = request.PublicLabel,
            Usage = (P15.KeyUsageFlags)request.PrivateUsage,
            PublicUsage = (P15.KeyUsageFlags)request.PublicUsage,
            UserConsent = request.AlwaysAuthenticate ? 1 : null,
        });
        var material = KeyMaterialFactory.FromSubjectPublicKeyInfo(
            Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo.GetInstance(result.SubjectPublicKeyInfo));
        return ((P11Object)_objects.PrivateKey(result.PrivateKey, material), (P11Object)_objects.PublicKey(result.PublicKey, material));
    });

    public P11Object Store(object request) => Write<P11Object>(p => request switch
    {
        CertificateRequest c => StoreCertificate(p, c),
        DataRequest d => _objects.Data(p.StoreDataObject(new DataObjectRequest
        {
            Value = d.Value,
            Label = d.Label,
            ApplicationName = d.Application,
            ApplicationOid = d.ObjectId is { Length: > 0 } oid ? Org.BouncyCastle.Asn1.DerObjectIdentifier.GetInstance(oid).Id : null,
            Private = d.IsPrivate,
        }).Object),
        PublicKeyRequest k => _objects.PublicKey(p.StorePublicKey(new PublicKeyStoreRequest
        {
            Key = CardPublicKey(k.Material),
            Id = k.Id is { } id ? new Pkcs15Id(id) : null,
            Label = k.Label,
            Usage = k.Usage == KeyUsage.None ? null : (P15.KeyUsageFlags)k.Usage,
        }).Object, k.Material),
        PrivateKeyImportRequest i => ImportKey(p, i),
        _ => throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, "this object cannot be stored on the card"),
    });

    private P11Object StoreCertificate(Pkcs15Personaliser p, CertificateRequest c)
    {
        var stored = _objects.Certificate(p.StoreCertificate(new CertificateStoreRequest
        {
            Certificate = c.Der,
            Id = c.Id is { Length: > 0 } id ? new Pkcs15Id(id) : null,
            Label = c.Label,
            Authority = c.IsAuthority,
            Private = c.IsPrivate,
        }).Object);
        _objects.Remember(stored);
        return stored;
    }

    private P11Object ImportKey(Pkcs15Personaliser p, PrivateKeyImportRequest i)
    {
        try
        {
            PrivateKeyImport key;
            PublicKeyInfo? publicKey = null;
            if (i.Kind == KeyKind.Rsa)
            {
                var modulus = Trim(i.Modulus!);
                key = new RsaPrivateKeyImport(modulus.Length * 8 - LeadingZeroBits(modulus[0]), Trim(i.Prime1!), Trim(i.Prime2!),
                    Trim(i.Exponent1!), Trim(i.Exponent2!), Trim(i.Coefficient!));
                publicKey = new RsaPublicKeyInfo(modulus, Trim(i.PublicExponent!));
            }
            else
            {
                var curve = EcCurves.FindByOidDer(i.CurveOid) ?? throw new Pkcs11Exception(CKR_CURVE_NOT_SUPPORTED, "unknown curve");
                key = new EcPrivateKeyImport(curve, i.PrivateValue!);
            }
            var result = p.ImportKeyPair(new KeyImportRequest
            {
                Key = key,
                PublicKey = publicKey,
                Id = i.Id is { Length: > 0 } id ? new Pkcs15Id(id) : null,
                Label = i.Label,
                Usage = (P15.KeyUsageFlags)i.Usage,
            });
            var material = KeyMaterialFactory.FromSubjectPublicKeyInfo(
                Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo.GetInstance(result.SubjectPublicKeyInfo));
            return _objects.PrivateKey(result.PrivateKey, material);
        }
        finally
        {
            i.Clear();
        }
    }

    public void Destroy(P11Object o) => Write(p =>
    {
        var entry = EntryOf(o);
        p.DeleteObject(entry);
        if (o is Objects.CertificateObject c) _objects.Forget(c);
        return true;
    });

    public void Update(P11Object o, ObjectUpdate update) => Write(p =>
    {
        var entry = EntryOf(o);
        if (update.Label != null) entry = p.SetLabel(entry, update.Label).Object;
        if (update.Id != null) entry = p.SetId(entry, new Pkcs15Id(update.Id)).Object;
        ((StorageObject)o).CardEntry = entry;
        return true;
    });

    /// <summary>
    /// C_InitToken, as the card family says what the SO's secret is and becomes
    /// (<see cref="Cards.Families.CardPersonalisation.InitTokenSetup"/>). IsoApplet, where the SO's PIN is the
    /// applet's PUK: on a blank applet it becomes the PUK and the token waits for its user PIN (C_InitPIN); on a
    /// personalised card it must be the current PUK, proven to the card BEFORE anything is erased (RESET RETRY
    /// COUNTER sets the user PIN to it: a wrong PUK fails there with its counter, the card unchanged); then the
    /// structure is erased and built again with the new label. The user PIN is set afterwards with
    /// C_Login(CKU_SO) + C_InitPIN.
    /// </summary>
    public void Initialize(ReadOnlySpan<byte> soPin, string label)
    {
        if (_driver.Personalisation is null || _driver.Facts.Pins.SecurityOfficerFormat is not { } format)
            throw new Pkcs11Exception(CKR_FUNCTION_NOT_SUPPORTED, $"C_InitToken is not available for {_driver.Name} cards");
        var secret = soPin.ToArray();
        try
        {
            Guard(() =>
            {
                CheckLength(secret.Length, format, _driver.Facts.Pins.SecurityOfficer.Kind == Cards.Families.SecurityOfficerKind.Puk
                    ? $"the {_driver.Name} PUK (the SO PIN here)"
                    : "the SO PIN");
                var p = new Pkcs15Personaliser(_card);
                try
                {
                    var wasPersonalised = _card.HasApplication;
                    p.InitializeTokenAsSecurityOfficer(secret, label);
                    if (wasPersonalised)
                        Log.Info("token", $"{ReaderName}: PKCS#15 structure erased and written again by C_InitToken");
                }
                finally
                {
                    _card = p.Card;
                }
                Pkcs15FileCache.Clear();
                return true;
            }, CardErrorMapping.Context.Pin);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static P15.Pkcs15Object EntryOf(P11Object o) =>
        (o as StorageObject)?.CardEntry as P15.Pkcs15Object
        ?? throw new Pkcs11Exception(CKR_ACTION_PROHIBITED, "this object is not stored in the card's PKCS#15 structure");

    /// <summary>Runs a personaliser operation on the current structure and keeps the structure it leaves.</summary>
    private T Write<T>(Func<Pkcs15Personaliser, T> body) => Guard(() =>
    {
        var p = new Pkcs15Personaliser(_card);
        try
        {
            return body(p);
        }
        catch (PersonalisationException e)
        {
            throw new Pkcs11Exception(Code(e.Error), e.Message, e);
        }
        finally
        {
            _card = p.Card;
        }
    }, CardErrorMapping.Context.Write);

    private static ulong Code(PersonalisationError error) => error switch
    {
        PersonalisationError.DirectoryFull or PersonalisationError.NoFreeKeySlot => CKR_DEVICE_MEMORY,
        PersonalisationError.IdInUse or PersonalisationError.InvalidRequest or PersonalisationError.InvalidInput => CKR_TEMPLATE_INCONSISTENT,
        PersonalisationError.ObjectNotFound => CKR_OBJECT_HANDLE_INVALID,
        PersonalisationError.NotSupported => CKR_FUNCTION_NOT_SUPPORTED,
        PersonalisationError.NotInitialized => CKR_TOKEN_NOT_RECOGNIZED,
        _ => CKR_FUNCTION_FAILED,
    };

    private static PublicKeyInfo CardPublicKey(KeyMaterial m)
    {
        if (m.Kind == KeyKind.Rsa) return new RsaPublicKeyInfo(m.Modulus!, m.PublicExponent!);
        var curve = EcCurves.FindByOidDer(m.EcParameters) ?? throw new Pkcs11Exception(CKR_CURVE_NOT_SUPPORTED, "unknown curve");
        var point = Org.BouncyCastle.Asn1.Asn1OctetString.GetInstance(m.EcPoint).GetOctets();
        return new EcPublicKeyInfo(curve, point);
    }

    private static byte[] Trim(byte[] value)
    {
        var i = 0;
        while (i < value.Length - 1 && value[i] == 0) i++;
        return i == 0 ? value : value[i..];
    }

    private static int LeadingZeroBits(byte b) => b == 0 ? 8 : System.Numerics.BitOperations.LeadingZeroCount((uint)b) - 24;
}
