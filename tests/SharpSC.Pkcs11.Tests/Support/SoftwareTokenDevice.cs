using System.Globalization;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tests.Support;

/// <summary>
/// An <see cref="ITokenDevice"/> that computes in software what a card would: the test double for every
/// path of the engine (raw RSA, card padding, PSS, ECDSA, Ed25519, ECDH, X25519, per-use PINs, a management
/// key as SO secret, writes under the SO). It behaves as a card does on refusal (CKR_USER_NOT_LOGGED_IN when
/// the PIN is not verified, CKR_PIN_INCORRECT with a counter), and records what it was asked.
/// </summary>
internal sealed class SoftwareTokenDevice(SoftwareCard card) : ITokenDevice
{
    public TokenDescription Description => card.Description;

    public IReadOnlyList<P11Object> LoadObjects(ObjectKind kind) => kind switch
    {
        ObjectKind.PrivateKeys => card.Keys.Select(PrivateObject).ToArray(),
        ObjectKind.PublicKeys => card.Keys.Select(PublicObject).ToArray(),
        _ => [],
    };

    private static P11Object PrivateObject(SoftwareKey k) =>
        new PrivateKeyObject(k.Label, k.Id, modifiable: false, k.Kind, k.Bits, () => k.Material, k.Usage, local: true, k.AlwaysAuthenticate, k, k.Abilities);

    private static P11Object PublicObject(SoftwareKey k) =>
        new PublicKeyObject(k.Label, k.Id, modifiable: false, k.Kind, k.Bits, () => k.Material,
            k.Kind == KeyKind.EcMontgomery ? KeyUsage.Derive : k.Kind == KeyKind.Rsa ? KeyUsage.Verify | KeyUsage.Encrypt : KeyUsage.Verify, local: true);

    public PinStatus QueryPin(UserRole role) => new(card.PinTriesLeft, 3, card.PinTriesLeft == 0);

    public void VerifyPin(UserRole role, ReadOnlySpan<byte> pin)
    {
        if (role == UserRole.SecurityOfficer)
        {
            card.SoSecrets.Add(pin.ToArray());
            // As ykcs11: 32, 48 or 64 hex digits (AES-128/192/256, or 3DES with 48).
            if (pin.Length is not (32 or 48 or 64)) throw new Pkcs11Exception(CKR_PIN_LEN_RANGE, "a management key has 32, 48 or 64 hex digits");
            if (pin.ToArray().Any(b => !Uri.IsHexDigit((char)b))) throw new Pkcs11Exception(CKR_PIN_INVALID, "a management key is given in hex");
            var given = Convert.FromHexString(System.Text.Encoding.ASCII.GetString(pin));
            if (!CryptographicOperations.FixedTimeEquals(given, Convert.FromHexString(card.ManagementKeyHex)))
                throw new Pkcs11Exception(CKR_PIN_INCORRECT, "management key authentication failed");
            card.SoVerified = true;
            return;
        }
        CheckPin(pin);
        card.UserVerified = true;
    }

    public void VerifyForKey(PrivateKeyObject key, ReadOnlySpan<byte> pin)
    {
        card.ContextLogins.Add(Convert.ToHexString(key.Id));
        CheckPin(pin);
        card.VerifiedForNextUse.Add(Card(key));
    }

    private void CheckPin(ReadOnlySpan<byte> pin)
    {
        if (card.PinTriesLeft == 0) throw new Pkcs11Exception(CKR_PIN_LOCKED, "PIN blocked");
        if (!pin.SequenceEqual(SoftwareCard.Ascii(card.Pin)))
        {
            card.PinTriesLeft--;
            throw new Pkcs11Exception(card.PinTriesLeft == 0 ? CKR_PIN_LOCKED : CKR_PIN_INCORRECT, $"wrong PIN, {card.PinTriesLeft} tries left");
        }
        card.PinTriesLeft = 3;
    }

    public void Logout()
    {
        card.UserVerified = card.SoVerified = false;
        card.VerifiedForNextUse.Clear();
    }

    public void ChangePin(UserRole role, ReadOnlySpan<byte> oldPin, ReadOnlySpan<byte> newPin)
    {
        CheckPin(oldPin);
        card.Pin = System.Text.Encoding.ASCII.GetString(newPin);
    }

    public void UnblockPin(ReadOnlySpan<byte> unblockingCode, ReadOnlySpan<byte> newPin) =>
        throw new Pkcs11Exception(CKR_FUNCTION_NOT_SUPPORTED, "the management key does not set the PIN");

    private static SoftwareKey Card(PrivateKeyObject key) => (SoftwareKey)key.CardKey;

    /// <summary>The card's security status for a private-key operation.</summary>
    private void RequireUse(SoftwareKey key)
    {
        if (!card.UserVerified) throw new Pkcs11Exception(CKR_USER_NOT_LOGGED_IN, "security status not satisfied");
        if (key.AlwaysAuthenticate && !card.VerifiedForNextUse.Remove(key))
            throw new Pkcs11Exception(CKR_USER_NOT_LOGGED_IN, "this key needs the PIN before each use");
    }

    public byte[] Sign(PrivateKeyObject key, CardSignature kind, ReadOnlySpan<byte> input)
    {
        var k = Card(key);
        RequireUse(k);
        var data = input.ToArray();
        card.Signatures.Add((kind, data));
        switch (kind)
        {
            case CardSignature.RsaPkcs1:
            {
                var cipher = new Pkcs1Encoding(new RsaEngine());
                cipher.Init(true, k.Private);
                return cipher.ProcessBlock(data, 0, data.Length);
            }
            case CardSignature.RsaRaw:
            {
                if (data.Length != (k.Bits + 7) / 8) throw new Pkcs11Exception(CKR_DEVICE_ERROR, "raw RSA takes a modulus-length block");
                var engine = new RsaEngine();
                engine.Init(true, k.Private);
                return engine.ProcessBlock(data, 0, data.Length);
            }
            case CardSignature.RsaPssPrehashed:
            {
                var hash = DigestOfLength(data.Length);
                var signer = PssSigner.CreateRawSigner(new RsaEngine(), hash, DigestOfLength(data.Length), data.Length, PssSigner.TrailerImplicit);
                signer.Init(true, new ParametersWithRandom(k.Private, new SecureRandom()));
                signer.BlockUpdate(data, 0, data.Length);
                return signer.GenerateSignature();
            }
            case CardSignature.EcdsaPrehashed or CardSignature.EcdsaSha1OnCard:
            {
                var hash = kind == CardSignature.EcdsaSha1OnCard ? SHA1.HashData(data) : data;
                var signer = new ECDsaSigner();
                signer.Init(true, k.Private);
                var rs = signer.GenerateSignature(hash);
                return new DerSequence(new DerInteger(rs[0]), new DerInteger(rs[1])).GetDerEncoded();
            }
            case CardSignature.EdDsa:
            {
                var signer = new Ed25519Signer();
                signer.Init(true, k.Private);
                signer.BlockUpdate(data, 0, data.Length);
                return signer.GenerateSignature();
            }
            default:
                throw new Pkcs11Exception(CKR_DEVICE_ERROR, $"no {kind}");
        }
    }

    public byte[] Decrypt(PrivateKeyObject key, CardDecryption kind, ReadOnlySpan<byte> ciphertext)
    {
        var k = Card(key);
        RequireUse(k);
        var data = ciphertext.ToArray();
        card.Decryptions.Add((kind, data));
        if (kind == CardDecryption.RsaRaw)
        {
            var engine = new RsaEngine();
            engine.Init(false, k.Private);
            return engine.ProcessBlock(data, 0, data.Length); // as some cards: leading zero bytes dropped
        }
        try
        {
            var cipher = new Pkcs1Encoding(new RsaEngine());
            cipher.Init(false, k.Private);
            return cipher.ProcessBlock(data, 0, data.Length);
        }
        catch (InvalidCipherTextException e)
        {
            throw new Pkcs11Exception(CKR_ENCRYPTED_DATA_INVALID, "bad padding", e);
        }
    }

    public byte[] DeriveSharedSecret(PrivateKeyObject key, ReadOnlySpan<byte> peerPublic)
    {
        var k = Card(key);
        RequireUse(k);
        card.PeerValues.Add(peerPublic.ToArray());
        if (k.Kind == KeyKind.EcMontgomery)
        {
            // RFC 7748 §5 as a card computes it: no check of the result (the engine refuses an all-zero one).
            var scalar = ((X25519PrivateKeyParameters)k.Private).GetEncoded();
            var secret = new byte[32];
            Org.BouncyCastle.Math.EC.Rfc7748.X25519.ScalarMult(scalar, 0, peerPublic.ToArray(), 0, secret, 0);
            return secret;
        }
        var ec = (ECPrivateKeyParameters)k.Private;
        var peer = new ECPublicKeyParameters(ec.Parameters.Curve.DecodePoint(peerPublic.ToArray()), ec.Parameters);
        var basic = new ECDHBasicAgreement();
        basic.Init(ec);
        return Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray((ec.Parameters.Curve.FieldSize + 7) / 8, basic.CalculateAgreement(peer));
    }

    public byte[] GetRandom(int length) => RandomNumberGenerator.GetBytes(length);

    /// <summary>As a PIV or OpenPGP card: the key slot is chosen by CKA_ID (01..04 here) and replaced.</summary>
    public (P11Object PrivateKey, P11Object PublicKey) GenerateKeyPair(KeyGenerationRequest request)
    {
        if (!card.SoVerified && card.WriteAuthority == UserRole.SecurityOfficer)
            throw new Pkcs11Exception(CKR_USER_NOT_LOGGED_IN, "key generation needs the management key");
        if (request.Id is not [>= 1 and <= 4] id) throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, "CKA_ID names no key slot (01..04)");
        card.Generated.Add(request);
        var key = request.Kind switch
        {
            KeyKind.Rsa => SoftwareKey.Rsa(id[0], request.Bits, request.PrivateUsage),
            KeyKind.Ec => SoftwareKey.Ec(id[0], CurveName(request.CurveOid!), request.PrivateUsage),
            KeyKind.EcEdwards => SoftwareKey.Ed25519(id[0]),
            _ => SoftwareKey.X25519(id[0]),
        };
        card.Keys.RemoveAll(k => k.Id[0] == id[0]);
        card.Keys.Add(key);
        return (PrivateObject(key), PublicObject(key));
    }

    private static string CurveName(byte[] oidDer)
    {
        var oid = (DerObjectIdentifier)Asn1Object.FromByteArray(oidDer);
        return ECNamedCurveTable.GetName(oid) ?? throw new Pkcs11Exception(CKR_CURVE_NOT_SUPPORTED, oid.Id);
    }

    public P11Object Store(object request)
    {
        if (request is not PrivateKeyImportRequest { Kind: KeyKind.EcEdwards or KeyKind.EcMontgomery, Id: [>= 1 and <= 4] } import)
            throw new Pkcs11Exception(CKR_FUNCTION_NOT_SUPPORTED, "this software card imports 25519 keys into slots 01..04 only");
        var key = import.Kind == KeyKind.EcEdwards ? SoftwareKey.Ed25519(import.Id[0], import.PrivateValue) : SoftwareKey.X25519(import.Id[0], import.PrivateValue);
        card.Keys.RemoveAll(k => k.Id[0] == import.Id[0]);
        card.Keys.Add(key);
        return PrivateObject(key);
    }

    public void Destroy(P11Object o) => throw new Pkcs11Exception(CKR_FUNCTION_NOT_SUPPORTED, "not on this card");

    public void Update(P11Object o, ObjectUpdate update) => throw new Pkcs11Exception(CKR_FUNCTION_NOT_SUPPORTED, "not on this card");

    public void Initialize(ReadOnlySpan<byte> soPin, string label) => throw new Pkcs11Exception(CKR_FUNCTION_NOT_SUPPORTED, "not on this card");

    public void Reestablish()
    {
    }

    public void EndCall(bool succeeded)
    {
    }

    public void Dispose()
    {
    }

    private static IDigest DigestOfLength(int length) => length switch
    {
        20 => new Sha1Digest(),
        28 => new Sha224Digest(),
        32 => new Sha256Digest(),
        48 => new Sha384Digest(),
        64 => new Sha512Digest(),
        _ => throw new Pkcs11Exception(CKR_DATA_LEN_RANGE, string.Create(CultureInfo.InvariantCulture, $"no hash of {length} bytes")),
    };
}
