using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests;

/// <summary>Loads artifacts/lib/sharpsc-pkcs11.so through Pkcs11Interop, as .NET host applications do.</summary>
public static class Module
{
    public static readonly Pkcs11InteropFactories Factories = new();

    public static string Path
    {
        get
        {
            if (!File.Exists(RepoPaths.Module))
                throw new InvalidOperationException($"{RepoPaths.Module} is missing: run ./build.sh first");
            return RepoPaths.Module;
        }
    }

    public static IPkcs11Library Load() =>
        Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, Path, AppType.MultiThreaded);

    /// <summary>The slot whose reader is <paramref name="readerName"/>.</summary>
    public static ISlot Slot(IPkcs11Library library, string readerName) =>
        library.GetSlotList(SlotsType.WithOrWithoutTokenPresent).Single(s => s.GetSlotInfo().SlotDescription == readerName);
}
