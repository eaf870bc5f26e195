namespace SharpSC.Pkcs15;

/// <summary>Choices for <see cref="Pkcs15Loader.Load"/>.</summary>
public sealed record Pkcs15LoadOptions
{
    /// <summary>Bind to the EF.DIR application with this AID instead of the PKCS#15 one.</summary>
    public ByteString? Aid { get; init; }

    /// <summary>Throw when a directory file named by the ODF cannot be read (default: skip it and list it in MissingFiles).</summary>
    public bool RequireAllDirectoryFiles { get; init; }
}
