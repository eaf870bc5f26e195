using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Objects;

/// <summary>
/// A directory entry of a type this model does not decode (secret keys, DSA/GOST keys, biometric
/// templates, non-X.509 certificates, ...). It is written back exactly as <see cref="Encoded"/>;
/// <see cref="Pkcs15Object.Common"/> is decoded for information only (empty if it could not be).
/// </summary>
public sealed record UnknownObject : Pkcs15Object
{
    public required RawElement Encoded { get; init; }

    public override Pkcs15Id? ObjectId => null;
}
