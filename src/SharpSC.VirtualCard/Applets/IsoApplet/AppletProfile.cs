namespace SharpSC.VirtualCard.Applets.IsoApplet;

/// <summary>What differs between the two IsoApplet generations.</summary>
internal sealed class AppletProfile
{
    // Feature bits of the version answer (IsoApplet API_FEATURE_*).
    public const byte FeatureExtendedApdu = 0x01;
    public const byte FeatureSecureRandom = 0x02;
    public const byte FeatureEcc = 0x04;
    public const byte FeatureRsaPss = 0x08;
    public const byte FeatureRsa4096 = 0x20;

    /// <summary>"ram_buf": the transient buffer for chained or extended input and large output (660 bytes in both).</summary>
    public const int RamBufferSize = 660;

    public static readonly AppletProfile V0 = new(AppletVersion.V0, 0x00, 0x06, FeatureSecureRandom | FeatureEcc);

    public static readonly AppletProfile V1 = new(AppletVersion.V1, 0x01, 0x00,
        FeatureExtendedApdu | FeatureSecureRandom | FeatureEcc | FeatureRsaPss | FeatureRsa4096);

    private AppletProfile(AppletVersion version, byte major, byte minor, byte features)
    {
        Version = version;
        ApiMajor = major;
        ApiMinor = minor;
        Features = features;
    }

    public AppletVersion Version { get; }
    public byte ApiMajor { get; }
    public byte ApiMinor { get; }
    public byte Features { get; }

    /// <summary>v0 answers SELECT with its version; v1 answers nothing and offers GET DATA 01 01 instead.</summary>
    public bool IsLegacy => Version == AppletVersion.V0;

    /// <summary>v1 takes extended APDUs; v0 (a Java Card 2.2.2 target) relies on chaining and GET RESPONSE.</summary>
    public bool ExtendedLength => !IsLegacy;

    public bool SupportsRsa4096 => (Features & FeatureRsa4096) != 0;
    public bool SupportsRsaPss => (Features & FeatureRsaPss) != 0;

    public static AppletProfile For(AppletVersion version) => version == AppletVersion.V0 ? V0 : V1;
}
