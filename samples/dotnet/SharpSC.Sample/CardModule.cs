using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace SharpSC.Sample;

/// <summary>The PKCS#11 module loaded through Pkcs11Interop, and the factories that build its objects.</summary>
public sealed class CardModule : IDisposable
{
    public static readonly Pkcs11InteropFactories Factories = new();

    private CardModule(IPkcs11Library library) => Library = library;

    public IPkcs11Library Library { get; }

    public static CardModule Load(string path)
    {
        if (!File.Exists(path))
            throw new SampleException($"no PKCS#11 module at {path} (give --module or set SHARPSC_MODULE)");
        LibdlResolver.Register();
        return new CardModule(Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, path, AppType.MultiThreaded));
    }

    /// <summary>The slots that hold a token, with the token's info.</summary>
    public IEnumerable<(ISlot Slot, ITokenInfo Token)> Tokens() =>
        Library.GetSlotList(SlotsType.WithTokenPresent).Select(s => (s, s.GetTokenInfo()));

    public void Dispose() => Library.Dispose();
}
