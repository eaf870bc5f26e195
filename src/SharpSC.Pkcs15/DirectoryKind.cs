namespace SharpSC.Pkcs15;

/// <summary>The kinds of directory file the ODF points to; the value is the ODF choice tag number (PKCS#15 v1.1 §6.3, PKCS15Objects).</summary>
public enum DirectoryKind
{
    PrivateKeys = 0,
    PublicKeys = 1,
    TrustedPublicKeys = 2,
    SecretKeys = 3,
    Certificates = 4,
    TrustedCertificates = 5,
    UsefulCertificates = 6,
    DataObjects = 7,
    AuthObjects = 8,
}

public static class DirectoryKindExtensions
{
    /// <summary>The usual short name: PrKDF, PuKDF, SKDF, CDF, DODF, AODF.</summary>
    public static string ShortName(this DirectoryKind kind) => kind switch
    {
        DirectoryKind.PrivateKeys => "PrKDF",
        DirectoryKind.PublicKeys => "PuKDF",
        DirectoryKind.TrustedPublicKeys => "PuKDF(trusted)",
        DirectoryKind.SecretKeys => "SKDF",
        DirectoryKind.Certificates => "CDF",
        DirectoryKind.TrustedCertificates => "CDF(trusted)",
        DirectoryKind.UsefulCertificates => "CDF(useful)",
        DirectoryKind.DataObjects => "DODF",
        DirectoryKind.AuthObjects => "AODF",
        _ => "DF[" + (int)kind + "]",
    };
}
