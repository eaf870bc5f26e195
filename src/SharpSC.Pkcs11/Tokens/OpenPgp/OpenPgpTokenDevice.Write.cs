using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Cards.Errors;
using SharpSC.Diagnostics;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens.Card;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tokens.OpenPgp;

/// <summary>
/// The write side, under PW3 (C_Login(CKU_SO)): key generation into the slot the CKA_ID names, as GnuPG does it
/// (algorithm attributes first, GENERATE, then fingerprint and creation time so that `gpg --card-status` shows the
/// key), key import (PUT DATA 3FFF), certificates (7F21 of the slot), C_InitToken as a factory reset. The card
/// keeps no labels and no IDs of its own: those are the slot's.
/// </summary>
internal sealed partial class OpenPgpTokenDevice
{
    private IReadOnlyList<(OpenPgpKeyRef Key, AlgorithmAttributes Attributes)>? _algorithmInformation;

    public (P11Object PrivateKey, P11Object PublicKey) GenerateKeyPair(KeyGenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = SlotOf(request.Id);
        return Guard(() =>
        {
            var attributes = AttributesFor(key, request.Kind, request.Bits, request.CurveOid);
            using (_driver.BeginTransaction())
            {
                _driver.SetAlgorithmAttributes(key, attributes);
                var publicKey = _driver.GenerateKey(key);
                _driver.WriteKeyMetadata(key, publicKey, DateTimeOffset.UtcNow);
                KeyReplaced(key, OpenPgpTokenObjects.Material(publicKey));
            }
            Log.Info("token", $"{_driver.Transport.ReaderName}: generated {attributes} as the {key.Label().ToLowerInvariant()}");
            return ((P11Object)PrivateKey(key), (P11Object)PublicKey(key));
        }, CardErrorMapping.Context.Write);
    }

    public P11Object Store(object request) => request switch
    {
        CertificateRequest c => StoreCertificate(c),
        PrivateKeyImportRequest i => ImportKey(i),
        _ => throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT,
            "an OpenPGP card stores private keys (CKA_ID 01, 02 or 03) and their certificates, nothing else"),
    };

    private P11Object StoreCertificate(CertificateRequest c)
    {
        var key = SlotOf(c.Id);
        if (c.IsAuthority)
            throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, "an OpenPGP card keeps the cardholder's certificates only, not an authority's");
        if (c.IsPrivate)
            throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, "certificates on an OpenPGP card are public (CKA_PRIVATE false)");
        return Guard(() =>
        {
            _driver.WriteCertificate(key, c.Der);
            CertificateReplaced(key, c.Der);
            return (P11Object)Certificate(key);
        }, CardErrorMapping.Context.Write);
    }

    private P11Object ImportKey(PrivateKeyImportRequest i)
    {
        try
        {
            var key = SlotOf(i.Id);
            var bits = i.Kind == KeyKind.Rsa ? new BigInteger(1, i.Modulus ?? []).BitLength : 0;
            return Guard(() =>
            {
                var attributes = AttributesFor(key, i.Kind, bits, i.CurveOid);
                var (material, publicKey) = ImportMaterial(i, attributes);
                try
                {
                    using (_driver.BeginTransaction())
                    {
                        _driver.SetAlgorithmAttributes(key, attributes);
                        _driver.ImportKey(key, material);
                        _driver.WriteKeyMetadata(key, publicKey, DateTimeOffset.UtcNow);
                        KeyReplaced(key, OpenPgpTokenObjects.Material(publicKey));
                    }
                }
                finally
                {
                    material.Clear();
                }
                Log.Info("token", $"{_driver.Transport.ReaderName}: imported {attributes} as the {key.Label().ToLowerInvariant()}");
                return (P11Object)PrivateKey(key);
            }, CardErrorMapping.Context.Write);
        }
        finally
        {
            i.Clear();
        }
    }

    /// <summary>The import template's parts and the public key for the fingerprint; the public key of an ECC key is computed from its private value.</summary>
    private static (OpenPgpPrivateKey Material, OpenPgpPublicKey PublicKey) ImportMaterial(PrivateKeyImportRequest i, AlgorithmAttributes attributes)
    {
        if (i.Kind == KeyKind.Rsa)
        {
            if (i.Modulus is null || i.PublicExponent is null || i.Prime1 is null || i.Prime2 is null || i.Exponent1 is null || i.Exponent2 is null || i.Coefficient is null)
                throw new Pkcs11Exception(CKR_TEMPLATE_INCOMPLETE, "an OpenPGP card imports RSA keys with their CRT parts (primes, exponents, coefficient)");
            var modulus = Trim(i.Modulus);
            var exponent = Trim(i.PublicExponent);
            var rsa = new OpenPgpRsaPrivateKey(modulus, exponent, Copy(i.Prime1), Copy(i.Prime2), Copy(i.Coefficient), Copy(i.Exponent1), Copy(i.Exponent2));
            return (rsa, new OpenPgpPublicKey(attributes, modulus, exponent, null));
        }
        var value = i.PrivateValue ?? throw new Pkcs11Exception(CKR_TEMPLATE_INCOMPLETE, "CKA_VALUE (the private key) is missing");
        byte[] point;
        OpenPgpEccPrivateKey ecc;
        switch (i.Kind)
        {
            case KeyKind.EcEdwards:
                if (value.Length != 32) throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, "an Ed25519 private key has 32 bytes");
                point = new Ed25519PrivateKeyParameters(value).GeneratePublicKey().GetEncoded();
                ecc = new OpenPgpEccPrivateKey(Copy(value), point);
                break;
            case KeyKind.EcMontgomery:
                if (value.Length != 32) throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, "an X25519 private key has 32 bytes");
                point = new X25519PrivateKeyParameters(value).GeneratePublicKey().GetEncoded();
                // PKCS#11 holds the scalar as RFC 7748 has it (little-endian); the card takes it big-endian, as GnuPG sends it.
                ecc = OpenPgpEccPrivateKey.FromX25519Native(value, point);
                break;
            default:
                var curve = attributes.Curve!.Weierstrass!;
                var domain = Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetByOid(new Org.BouncyCastle.Asn1.DerObjectIdentifier(curve.Oid))
                    ?? throw new Pkcs11Exception(CKR_CURVE_NOT_SUPPORTED, $"no parameters for {curve.Name}");
                var d = new BigInteger(1, value);
                if (d.SignValue <= 0 || d.CompareTo(domain.N) >= 0)
                    throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, $"the private value is not a {curve.Name} private key");
                point = domain.G.Multiply(d).Normalize().GetEncoded(false);
                ecc = new OpenPgpEccPrivateKey(Copy(value), point);
                break;
        }
        return (ecc, new OpenPgpPublicKey(attributes, null, null, point));
    }

    /// <summary>Deletes a slot's certificate (PUT DATA 7F21 empty). Keys cannot be deleted one by one: only a factory reset removes them.</summary>
    public void Destroy(P11Object o)
    {
        if (o is not Objects.CertificateObject { CardEntry: OpenPgpObjectEntry { Group: OpenPgpObjectGroup.Certificate } entry })
            throw new Pkcs11Exception(CKR_ACTION_PROHIBITED, "an OpenPGP card removes its keys only all at once (C_InitToken, `sharpsc openpgp reset`)");
        Guard(() =>
        {
            _driver.WriteCertificate(entry.Key, []);
            CertificateReplaced(entry.Key, null);
            return true;
        }, CardErrorMapping.Context.Write);
    }

    public void Update(P11Object o, ObjectUpdate update) =>
        throw new Pkcs11Exception(CKR_ATTRIBUTE_READ_ONLY, "an OpenPGP card keeps no labels or IDs: they are its key slots'");

    /// <summary>
    /// C_InitToken: the card's factory reset (TERMINATE DF + ACTIVATE FILE) after PW3 proved the SO; every key,
    /// certificate and password goes back to the delivery state (PW1 123456, PW3 12345678). A label other than the
    /// default becomes the cardholder's name (written with the fresh PW3).
    /// </summary>
    public void Initialize(ReadOnlySpan<byte> soPin, string label)
    {
        var secret = soPin.ToArray();
        try
        {
            Guard(() =>
            {
                if (!_driver.Terminated)
                {
                    var (min, max) = _driver.LengthLimits(OpenPgpPassword.Pw3);
                    if (secret.Length < min || secret.Length > max)
                        throw new Pkcs11Exception(CKR_PIN_LEN_RANGE, $"the SO PIN (PW3) has {min} to {max} characters");
                }
                _driver.FactoryReset(secret);
                var name = label.Trim();
                if (name.Length > 0 && !name.StartsWith("OpenPGP card", StringComparison.Ordinal))
                {
                    _driver.Verify(OpenPgpPassword.Pw3, "12345678"u8);
                    _driver.WriteCardholderName(name);
                    _driver.Logout();
                }
                Log.Info("token", $"{_driver.Transport.ReaderName}: OpenPGP application reset to its delivery state by C_InitToken");
                return true;
            }, CardErrorMapping.Context.Pin);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
        lock (_gate)
        {
            for (var i = 0; i < 3; i++)
            {
                _keyGenerations[i]++;
                _certificateGenerations[i]++;
                _material[i] = null;
            }
            _certificates = null;
            _cardholder = _driver.Terminated ? CardholderData.Empty : _driver.ReadCardholderData();
        }
        Redescribe();
    }

    /// <summary>The slot a CKA_ID names; generation and import need one (01 signature, 02 decryption, 03 authentication).</summary>
    private static OpenPgpKeyRef SlotOf(byte[]? id)
    {
        if (id is null)
            throw new Pkcs11Exception(CKR_TEMPLATE_INCOMPLETE, "an OpenPGP card needs CKA_ID 01 (signature), 02 (decryption) or 03 (authentication key)");
        return OpenPgpTokenObjects.KeyOf(id)
            ?? throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, $"CKA_ID {Convert.ToHexString(id)} names no key of an OpenPGP card (01, 02 or 03)");
    }

    /// <summary>
    /// The algorithm attributes for a key of <paramref name="kind"/> in a slot: the slot's own when they already
    /// describe that key (keeping the card's import format), else new ones; ECC on the decryption key is ECDH,
    /// elsewhere ECDSA or EdDSA. Checked against the card's algorithm information (FA) where it has one.
    /// </summary>
    private AlgorithmAttributes AttributesFor(OpenPgpKeyRef key, KeyKind kind, int bits, byte[]? curveOid)
    {
        AlgorithmAttributes wanted;
        switch (kind)
        {
            case KeyKind.Rsa:
                wanted = AlgorithmAttributes.Rsa(bits);
                break;
            case KeyKind.Ec:
                var curve = curveOid is [0x06, _, ..] ? OpenPgpCurve.FromOid(curveOid.AsSpan(2)) : null;
                if (curve is not { Kind: OpenPgpCurveKind.Weierstrass })
                    throw new Pkcs11Exception(CKR_CURVE_NOT_SUPPORTED, "an OpenPGP card has no attributes for this curve");
                wanted = AlgorithmAttributes.Ecc(key == OpenPgpKeyRef.Decryption ? OpenPgpAlgorithm.Ecdh : OpenPgpAlgorithm.Ecdsa, curve);
                break;
            case KeyKind.EcEdwards:
                if (key == OpenPgpKeyRef.Decryption)
                    throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, "Ed25519 keys sign: they go to the signature (01) or authentication key (03)");
                wanted = AlgorithmAttributes.Ecc(OpenPgpAlgorithm.EdDsa, OpenPgpCurve.Ed25519);
                break;
            default:
                if (key != OpenPgpKeyRef.Decryption)
                    throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, "X25519 keys agree keys: they go to the decryption key (02)");
                wanted = AlgorithmAttributes.Ecc(OpenPgpAlgorithm.Ecdh, OpenPgpCurve.X25519);
                break;
        }
        var current = Data.AttributesOf(key);
        if (current.SameKeyType(wanted)) return current;
        if (!Data.ExtendedCapabilities.AlgorithmAttributesChangeable)
            throw new Pkcs11Exception(kind == KeyKind.Rsa ? CKR_KEY_SIZE_RANGE : CKR_CURVE_NOT_SUPPORTED,
                $"this card's {key.Label().ToLowerInvariant()} is {current} and its algorithm cannot change");
        var offered = AlgorithmInformation().Where(e => e.Key == key).Select(e => e.Attributes).ToList();
        if (offered.Count > 0)
        {
            if (offered.FirstOrDefault(a => a.SameKeyType(wanted)) is { } listed) return listed;
            throw new Pkcs11Exception(kind == KeyKind.Rsa ? CKR_KEY_SIZE_RANGE : CKR_CURVE_NOT_SUPPORTED,
                $"this card's {key.Label().ToLowerInvariant()} takes {string.Join(", ", offered.Select(a => a.ToString()).Distinct())}, not {wanted}");
        }
        return wanted;
    }

    /// <summary>The card's algorithm information (FA), read once when a key is first written; empty when it has none.</summary>
    private IReadOnlyList<(OpenPgpKeyRef Key, AlgorithmAttributes Attributes)> AlgorithmInformation()
    {
        if (_algorithmInformation != null) return _algorithmInformation;
        try
        {
            return _algorithmInformation = Data.Aid.Version >= 0x0303 ? _driver.ReadAlgorithmInformation() : [];
        }
        catch (CardException e)
        {
            Log.Info("token", $"{_driver.Transport.ReaderName}: no algorithm information ({e.Message})");
            return _algorithmInformation = [];
        }
    }

    /// <summary>A new key in a slot: its objects made before are stale; the capabilities may have changed with the attributes.</summary>
    private void KeyReplaced(OpenPgpKeyRef key, KeyMaterial material)
    {
        lock (_gate) _keyGenerations[key.Index()]++;
        RememberMaterial(key, material);
        Redescribe();
    }

    private void CertificateReplaced(OpenPgpKeyRef key, byte[]? der)
    {
        lock (_gate)
        {
            _certificateGenerations[key.Index()]++;
            if (_certificates != null)
            {
                var copy = new Dictionary<OpenPgpKeyRef, byte[]>(_certificates);
                if (der is { Length: > 0 }) copy[key] = der;
                else copy.Remove(key);
                _certificates = copy;
            }
        }
    }

    private static byte[] Trim(byte[] value)
    {
        var i = 0;
        while (i < value.Length - 1 && value[i] == 0) i++;
        return value[i..];
    }

    private static byte[] Copy(byte[] value) => (byte[])value.Clone();
}
