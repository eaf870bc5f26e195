using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Foundation;

/// <summary>
/// The module as C hosts see it: exported symbols, dlopen/dlclose/dlopen, interfaces, C_Initialize
/// argument rules and fork (tests/native/lifecycle.c, compiled here with gcc).
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class NativeLifecycleTests
{
    private static readonly string[] AllFunctions =
    [
        "C_Initialize", "C_Finalize", "C_GetInfo", "C_GetFunctionList", "C_GetSlotList", "C_GetSlotInfo", "C_GetTokenInfo",
        "C_GetMechanismList", "C_GetMechanismInfo", "C_InitToken", "C_InitPIN", "C_SetPIN", "C_OpenSession", "C_CloseSession",
        "C_CloseAllSessions", "C_GetSessionInfo", "C_GetOperationState", "C_SetOperationState", "C_Login", "C_Logout",
        "C_CreateObject", "C_CopyObject", "C_DestroyObject", "C_GetObjectSize", "C_GetAttributeValue", "C_SetAttributeValue",
        "C_FindObjectsInit", "C_FindObjects", "C_FindObjectsFinal", "C_EncryptInit", "C_Encrypt", "C_EncryptUpdate",
        "C_EncryptFinal", "C_DecryptInit", "C_Decrypt", "C_DecryptUpdate", "C_DecryptFinal", "C_DigestInit", "C_Digest",
        "C_DigestUpdate", "C_DigestKey", "C_DigestFinal", "C_SignInit", "C_Sign", "C_SignUpdate", "C_SignFinal",
        "C_SignRecoverInit", "C_SignRecover", "C_VerifyInit", "C_Verify", "C_VerifyUpdate", "C_VerifyFinal",
        "C_VerifyRecoverInit", "C_VerifyRecover", "C_DigestEncryptUpdate", "C_DecryptDigestUpdate", "C_SignEncryptUpdate",
        "C_DecryptVerifyUpdate", "C_GenerateKey", "C_GenerateKeyPair", "C_WrapKey", "C_UnwrapKey", "C_DeriveKey",
        "C_SeedRandom", "C_GenerateRandom", "C_GetFunctionStatus", "C_CancelFunction", "C_WaitForSlotEvent",
        "C_GetInterfaceList", "C_GetInterface", "C_LoginUser", "C_SessionCancel", "C_MessageEncryptInit", "C_EncryptMessage",
        "C_EncryptMessageBegin", "C_EncryptMessageNext", "C_MessageEncryptFinal", "C_MessageDecryptInit", "C_DecryptMessage",
        "C_DecryptMessageBegin", "C_DecryptMessageNext", "C_MessageDecryptFinal", "C_MessageSignInit", "C_SignMessage",
        "C_SignMessageBegin", "C_SignMessageNext", "C_MessageSignFinal", "C_MessageVerifyInit", "C_VerifyMessage",
        "C_VerifyMessageBegin", "C_VerifyMessageNext", "C_MessageVerifyFinal",
    ];

    public NativeLifecycleTests() => Pcscd.EnsureRunning();

    [Fact]
    public void Every_PKCS11_3_0_function_is_exported_under_its_own_name()
    {
        var r = ProcessRunner.RunChecked("nm", "-D", "--defined-only", Module.Path);
        var exported = r.StdOut.Split('\n')
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
            .Select(s => s.Split('@')[0])
            .Where(s => s.StartsWith("C_", StringComparison.Ordinal))
            .ToHashSet();
        Assert.Equal(92, AllFunctions.Length);
        Assert.All(AllFunctions, f => Assert.Contains(f, exported));
    }

    [Fact]
    public void The_module_is_linked_nodelete_so_hosts_may_dlclose_it()
    {
        var r = ProcessRunner.RunChecked("readelf", "-d", Module.Path);
        Assert.Contains("NODELETE", r.StdOut);
    }

    [Fact]
    public void Without_pcscd_the_slot_list_is_empty_and_a_later_pcscd_is_picked_up()
    {
        using var dir = new TempDir();
        var exe = NativeTestPrograms.Compile("late_pcscd.c", dir.Path);
        var link = dir.File("pcscd.comm");
        // pcsc-lite clients find the daemon through PCSCLITE_CSOCK_NAME; the path does not exist yet.
        var r = ProcessRunner.Run(exe, [Module.Path, link, Pcscd.Socket],
            new Dictionary<string, string?> { ["PCSCLITE_CSOCK_NAME"] = link }, timeout: TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Fact]
    public void C_host_lifecycle_interfaces_initialize_rules_fork_and_reload()
    {
        using var dir = new TempDir();
        var exe = NativeTestPrograms.Compile("lifecycle.c", dir.Path);
        var r = ProcessRunner.Run(exe, Module.Path);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("0 failure(s)", r.StdOut);
    }
}
