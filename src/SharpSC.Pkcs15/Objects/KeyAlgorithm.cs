namespace SharpSC.Pkcs15.Objects;

/// <summary>The key types this model decodes in PrKDF and PuKDF; others are kept as <see cref="UnknownObject"/>.</summary>
public enum KeyAlgorithm
{
    /// <summary>privateRSAKey / publicRSAKey: the untagged SEQUENCE choice.</summary>
    Rsa,

    /// <summary>privateECKey / publicECKey: the [0] choice.</summary>
    Ec,
}
