namespace SharpSC.Pkcs11.Module;

/// <summary>CK_VERSION.</summary>
public readonly record struct CkVersion(byte Major, byte Minor);

/// <summary>CK_INFO as the engine reports it; the native layer blank-pads the strings.</summary>
public sealed record ModuleInfo(CkVersion CryptokiVersion, string ManufacturerId, ulong Flags, string LibraryDescription, CkVersion LibraryVersion);

/// <summary>CK_SLOT_INFO.</summary>
public sealed record SlotInfo(string SlotDescription, string ManufacturerId, ulong Flags, CkVersion HardwareVersion, CkVersion FirmwareVersion);
