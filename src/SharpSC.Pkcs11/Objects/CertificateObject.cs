using Org.BouncyCastle.X509;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKC;
using static SharpSC.Pkcs11.Constants.CKO;

namespace SharpSC.Pkcs11.Objects;

/// <summary>
/// CKO_CERTIFICATE / CKC_X_509 (PKCS#11 3.0 §4.6.3). The DER value is read from the card only when an
/// attribute derived from it is asked for (CKA_VALUE, CKA_SUBJECT, CKA_ISSUER, ...).
/// </summary>
internal sealed class CertificateObject : StorageObject
{
    private readonly Func<byte[]> _readValue;
    private Lazy<byte[]> _value;
    private readonly Lazy<X509Certificate> _parsed;

    public CertificateObject(string label, byte[] id, bool isAuthority, bool isPrivate, bool modifiable, Func<byte[]> readValue, bool isToken = true)
        : base(CKO_CERTIFICATE, isToken, isPrivate, label, id, modifiable)
    {
        IsAuthority = isAuthority;
        _readValue = readValue;
        _value = new Lazy<byte[]>(readValue, LazyThreadSafetyMode.PublicationOnly);
        _parsed = new Lazy<X509Certificate>(Parse, LazyThreadSafetyMode.PublicationOnly);
    }

    public bool IsAuthority { get; }

    private X509Certificate Parse()
    {
        try
        {
            return new X509Certificate(_value.Value);
        }
        catch (Exception e) when (e is not Pkcs11Exception)
        {
            // Bytes that do not parse may be a glitch of the read: the next use reads them again.
            _value = new Lazy<byte[]>(_readValue, LazyThreadSafetyMode.PublicationOnly);
            throw new Pkcs11Exception(Constants.CKR.CKR_DEVICE_ERROR, $"certificate \"{Label}\" on the card is not a valid X.509 certificate", e);
        }
    }

    public byte[] Value => _value.Value;

    public X509Certificate Parsed => _parsed.Value;

    public override ulong Size => (ulong)Value.Length;

    public override AttributeValue Get(ulong type) => type switch
    {
        CKA_ID => Ok(Id),
        CKA_CERTIFICATE_TYPE => Ok(AttributeCodec.ULong(CKC_X_509)),
        // PKCS#11 3.0 §4.6.2: 0 unspecified, 1 token user, 2 authority, 3 other entity.
        CKA_CERTIFICATE_CATEGORY => Ok(AttributeCodec.ULong(IsAuthority ? 2UL : 1UL)),
        CKA_TRUSTED => Ok(AttributeCodec.Bool(false)),
        CKA_VALUE => Ok(Value),
        CKA_SUBJECT => Ok(Parsed.SubjectDN.GetEncoded()),
        CKA_ISSUER => Ok(Parsed.IssuerDN.GetEncoded()),
        CKA_SERIAL_NUMBER => Ok(new Org.BouncyCastle.Asn1.DerInteger(Parsed.SerialNumber).GetEncoded()),
        CKA_CHECK_VALUE => Ok(Pkcs15.Hashes.Sha1(Value)[..3]),
        CKA_START_DATE => Ok(CkDate.From(Parsed.NotBefore)),
        CKA_END_DATE => Ok(CkDate.From(Parsed.NotAfter)),
        CKA_URL => Ok([]),
        CKA_HASH_OF_SUBJECT_PUBLIC_KEY => Ok(Pkcs15.Hashes.Sha1(Parsed.CertificateStructure.SubjectPublicKeyInfo.PublicKey.GetBytes())),
        CKA_HASH_OF_ISSUER_PUBLIC_KEY => Ok([]),
        CKA_JAVA_MIDP_SECURITY_DOMAIN => Ok(AttributeCodec.ULong(0)),
        CKA_NAME_HASH_ALGORITHM => Ok(AttributeCodec.ULong(Constants.CKM.CKM_SHA_1)),
        _ => base.Get(type),
    };
}
