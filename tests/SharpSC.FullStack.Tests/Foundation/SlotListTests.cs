using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Foundation;

[Collection(PcscCollection.Name)]
public sealed class SlotListTests
{
    public SlotListTests() => Pcscd.EnsureRunning();

    [Fact]
    public void Slots_are_the_two_vpcd_readers_with_stable_ids()
    {
        using var library = Module.Load();
        var slots = library.GetSlotList(SlotsType.WithOrWithoutTokenPresent);
        var names = slots.Select(s => s.GetSlotInfo().SlotDescription).ToList();
        Assert.Contains("Virtual PCD 00 00", names);
        Assert.Contains("Virtual PCD 00 01", names);

        var again = library.GetSlotList(SlotsType.WithOrWithoutTokenPresent);
        Assert.Equal(slots.Select(s => s.SlotId), again.Select(s => s.SlotId));
    }

    [Fact]
    public void Slot_info_reports_a_removable_hardware_slot_without_a_token()
    {
        using var library = Module.Load();
        var info = Module.Slot(library, "Virtual PCD 00 00").GetSlotInfo();
        Assert.True(info.SlotFlags.RemovableDevice);
        Assert.True(info.SlotFlags.HardwareSlot);
        Assert.False(info.SlotFlags.TokenPresent);
        Assert.Equal("SharpSC", info.ManufacturerId);
        Assert.DoesNotContain(library.GetSlotList(SlotsType.WithTokenPresent),
            s => s.GetSlotInfo().SlotDescription == "Virtual PCD 00 00");
    }

    [Fact]
    public void Library_info_reports_our_name_and_the_version_of_the_table_used()
    {
        using var library = Module.Load();
        var info = library.GetInfo();
        Assert.Equal("SharpSC", info.ManufacturerId);
        Assert.Equal("SharpSC PKCS#11 module", info.LibraryDescription);
        Assert.StartsWith("2.40", info.CryptokiVersion, StringComparison.Ordinal); // reached through C_GetFunctionList
    }

    [Fact]
    public void Unknown_slot_id_is_rejected()
    {
        using var library = new Net.Pkcs11Interop.LowLevelAPI80.Pkcs11Library(Module.Path);
        Assert.Equal(CKR.CKR_OK, library.C_Initialize(null));
        var info = new Net.Pkcs11Interop.LowLevelAPI80.CK_SLOT_INFO();
        Assert.Equal(CKR.CKR_SLOT_ID_INVALID, library.C_GetSlotInfo(4242, ref info));
        Assert.Equal(CKR.CKR_OK, library.C_Finalize(IntPtr.Zero));
    }

    [Fact]
    public void A_hundred_initialize_finalize_cycles_in_one_process()
    {
        for (var i = 0; i < 100; i++)
        {
            using var library = Module.Load();
            Assert.Equal(2, library.GetSlotList(SlotsType.WithOrWithoutTokenPresent).Count(s => s.GetSlotInfo().SlotDescription.StartsWith("Virtual PCD", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void OpenSC_pkcs11_tool_lists_both_slots()
    {
        var r = ProcessRunner.RunChecked("pkcs11-tool", "--module", Module.Path, "--list-slots");
        Assert.Contains("Virtual PCD 00 00", r.StdOut);
        Assert.Contains("Virtual PCD 00 01", r.StdOut);
    }
}
