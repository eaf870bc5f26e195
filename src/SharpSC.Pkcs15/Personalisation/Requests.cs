using SharpSC.Cards.Keys;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>
/// What <see cref="Pkcs15Personaliser.InitializeToken"/> writes: the token label and the card's secrets.
/// The caller owns (and clears) the secret buffers.
/// </summary>
public sealed record TokenInitialization
{
    /// <summary>TokenInfo label (and EF.DIR application label).</summary>
    public required string Label { get; init; }

    /// <summary>
    /// The user PIN. On a blank applet it is set; on an applet whose PIN was set before (IsoApplet cannot
    /// reset it) it must be the current PIN, unless <see cref="Puk"/> is given, which then sets this PIN.
    /// Null (PKCS#11 C_InitToken, which knows only the SO PIN) leaves a blank applet's PIN unset for
    /// <see cref="Pkcs15Personaliser.SetInitialUserPin"/> (C_InitPIN).
    /// </summary>
    public ReadOnlyMemory<byte>? UserPin { get; init; }

    /// <summary>The PUK (IsoApplet: 16 characters, set once); null leaves the card without one.</summary>
    public ReadOnlyMemory<byte>? Puk { get; init; }

    /// <summary>An SO PIN; cards without one (IsoApplet) refuse it with <see cref="PersonalisationError.NotSupported"/>.</summary>
    public ReadOnlyMemory<byte>? SoPin { get; init; }

    /// <summary>The SO PIN's unblocking code, on cards whose SO PIN has one (MyEID).</summary>
    public ReadOnlyMemory<byte>? SoPuk { get; init; }

    /// <summary>TokenInfo serial number; default random bytes (the layout's <see cref="Cards.Families.Pkcs15Layout.SerialNumberLength"/>).</summary>
    public ByteString? SerialNumber { get; init; }

    /// <summary>TokenInfo manufacturerID; default the layout's <see cref="Cards.Families.Pkcs15Layout.DefaultManufacturer"/>.</summary>
    public string? Manufacturer { get; init; }
}

/// <summary>How a default key identifier is derived (OpenSC pkcs15-init "pkcs15-id-style").</summary>
public enum KeyIdStyle
{
    /// <summary>SHA-1 of the RSA modulus or of the EC point's X coordinate (Mozilla/NSS, PKCS#15 v1.1 recommendation).</summary>
    Mozilla,

    /// <summary>SHA-1 of the encoded public key (RFC 2459 subjectKeyIdentifier method 1, as OpenSC encodes it).</summary>
    Rfc2459,

    /// <summary>The first one-byte id from 45 that no object uses (OpenSC's "native", the isoApplet profile's choice).</summary>
    Native,
}

/// <summary>How a new key pair is recorded: identifier, label, usage, PIN and slot (shared by generation and import).</summary>
public abstract record KeyEntryRequest
{
    /// <summary>The key's iD; null derives one (<see cref="IdStyle"/>).</summary>
    public Pkcs15Id? Id { get; init; }

    public KeyIdStyle IdStyle { get; init; } = KeyIdStyle.Mozilla;

    /// <summary>Label of both keys; null gives OpenSC's "Private Key" / "Public Key".</summary>
    public string? Label { get; init; }

    /// <summary>Private key usage; null: sign + decrypt for RSA, sign for EC. The public key gets the matching usage.</summary>
    public KeyUsageFlags? Usage { get; init; }

    /// <summary>The PIN that protects the key (authId); null: the user PIN.</summary>
    public Pkcs15Id? AuthId { get; init; }

    /// <summary>Key slot; null: the lowest free one.</summary>
    public int? KeyReference { get; init; }

    /// <summary>Label of the public key when it differs from <see cref="Label"/>.</summary>
    public string? PublicLabel { get; init; }

    /// <summary>Public key usage; null: the one that goes with <see cref="Usage"/> (sign → verify, decrypt → encrypt ...).</summary>
    public KeyUsageFlags? PublicUsage { get; init; }

    /// <summary>PKCS#15 userConsent of the private key (PKCS#11 CKA_ALWAYS_AUTHENTICATE: 1).</summary>
    public int? UserConsent { get; init; }
}

/// <summary>A key pair to generate on the card.</summary>
public sealed record KeyGenerationRequest : KeyEntryRequest
{
    public required KeySpec Spec { get; init; }
}

/// <summary>A private key (with its public half) to import into a key slot.</summary>
public sealed record KeyImportRequest : KeyEntryRequest
{
    /// <summary>The private key; the caller owns and clears it.</summary>
    public required PrivateKeyImport Key { get; init; }

    /// <summary>The public key (RSA modulus and exponent, or the EC point); null for EC derives it from the private value.</summary>
    public PublicKeyInfo? PublicKey { get; init; }

    /// <summary>Subject name (DER Name) for the private key's commonPrivateKeyAttributes, e.g. from its certificate.</summary>
    public byte[]? Subject { get; init; }
}

/// <summary>An X.509 certificate to store.</summary>
public sealed record CertificateStoreRequest
{
    /// <summary>The DER certificate.</summary>
    public required byte[] Certificate { get; init; }

    /// <summary>The iD; null: the iD of the key on the card with the same public key, else one derived from it.</summary>
    public Pkcs15Id? Id { get; init; }

    public KeyIdStyle IdStyle { get; init; } = KeyIdStyle.Mozilla;

    /// <summary>Label; null gives OpenSC's "Certificate".</summary>
    public string? Label { get; init; }

    /// <summary>A CA certificate (PKCS#15 authority flag).</summary>
    public bool Authority { get; init; }

    /// <summary>A private certificate object: reading it needs the user PIN.</summary>
    public bool Private { get; init; }
}

/// <summary>A public key to store on its own (PKCS#11 C_CreateObject CKO_PUBLIC_KEY on the token).</summary>
public sealed record PublicKeyStoreRequest
{
    public required PublicKeyInfo Key { get; init; }

    /// <summary>The iD; null: derived from the key (<see cref="IdStyle"/>).</summary>
    public Pkcs15Id? Id { get; init; }

    public KeyIdStyle IdStyle { get; init; } = KeyIdStyle.Mozilla;

    /// <summary>Label; null gives OpenSC's "Public Key".</summary>
    public string? Label { get; init; }

    /// <summary>Usage; null: verify (and encrypt, wrap for RSA).</summary>
    public KeyUsageFlags? Usage { get; init; }
}

/// <summary>An opaque data object to store (PKCS#15 DODF; PKCS#11 CKO_DATA).</summary>
public sealed record DataObjectRequest
{
    public required byte[] Value { get; init; }
    public string? Label { get; init; }
    public string? ApplicationName { get; init; }

    /// <summary>applicationOID, dotted.</summary>
    public string? ApplicationOid { get; init; }

    /// <summary>Private objects need the PIN to be read.</summary>
    public bool Private { get; init; }

    /// <summary>The PIN of a private object; null: the user PIN.</summary>
    public Pkcs15Id? AuthId { get; init; }
}

/// <summary>What <see cref="Pkcs15Personaliser.Erase"/> does besides deleting the files.</summary>
public sealed record EraseOptions
{
    /// <summary>
    /// Overwrite the key slots the PrKDF references with fresh throwaway keys (the applet cannot delete a key;
    /// without this the old private keys stay usable with the PIN through raw APDUs). Needs the PIN.
    /// </summary>
    public bool DestroyKeys { get; init; } = true;
}

/// <summary>How <see cref="Pkcs15Personaliser.ImportPkcs12"/> records a PKCS#12 file's contents.</summary>
public sealed record Pkcs12ImportOptions
{
    /// <summary>The key's (and certificate's) iD; null: derived from the public key.</summary>
    public Pkcs15Id? Id { get; init; }

    public KeyIdStyle IdStyle { get; init; } = KeyIdStyle.Mozilla;

    /// <summary>Label of key and certificate; null: the friendlyName, else the subject's CN, else OpenSC's defaults.</summary>
    public string? Label { get; init; }

    /// <summary>Private key usage; null: from the certificate's keyUsage, else the default for the key type.</summary>
    public KeyUsageFlags? Usage { get; init; }

    public Pkcs15Id? AuthId { get; init; }

    /// <summary>Store the CA certificates too (as authority certificates).</summary>
    public bool IncludeChain { get; init; } = true;
}
