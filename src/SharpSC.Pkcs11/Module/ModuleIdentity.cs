namespace SharpSC.Pkcs11.Module;

/// <summary>Who we are, as CK_INFO and CK_TOKEN_INFO tell it.</summary>
public static class ModuleIdentity
{
    public const string Manufacturer = "SharpSC";
    public const string LibraryDescription = "SharpSC PKCS#11 module";
    public static readonly CkVersion LibraryVersion = new(0, 1);
    public static readonly CkVersion Cryptoki30 = new(3, 0);
    public static readonly CkVersion Cryptoki240 = new(2, 40);
}
