using SharpSC.Cards.Keys;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>A stored object and the card's structure after the change.</summary>
public sealed record ObjectResult<T>(Pkcs15Card Card, T Object) where T : Pkcs15Object;

/// <summary>A generated or imported key pair: the PrKDF and PuKDF entries, the public key, and the card after the change.</summary>
public sealed record KeyPairResult(Pkcs15Card Card, PrivateKeyObject PrivateKey, PublicKeyObject PublicKey, PublicKeyInfo PublicKeyInfo)
{
    /// <summary>The public key as SubjectPublicKeyInfo DER (what OpenSSL and ssh-keygen take).</summary>
    public byte[] SubjectPublicKeyInfo => PublicKeyEncoding.SubjectPublicKeyInfo(PublicKeyInfo);
}

/// <summary>What a PKCS#12 import stored.</summary>
public sealed record Pkcs12ImportResult(Pkcs15Card Card, KeyPairResult Key, CertificateObject Certificate, IReadOnlyList<CertificateObject> Chain);

/// <summary>The new structure and what the caller should know (PUK kept, leftovers removed, ...).</summary>
public sealed record InitializationResult(Pkcs15Card Card, IReadOnlyList<string> Notes);

/// <summary>The structure after an erase, and the steps taken.</summary>
public sealed record EraseResult(Pkcs15Card Card, IReadOnlyList<string> Steps);
