using SharpSC.Pkcs11.Module;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tests;

/// <summary>PKCS#11 3.0 §5.4.1: the CK_C_INITIALIZE_ARGS cases.</summary>
public sealed class InitializeArgsRulesTests
{
    private sealed class FakeLocking : IApplicationLocking
    {
        public ulong Create(out nint mutex) { mutex = 1; return CKR_OK; }
        public ulong Lock(nint mutex) => CKR_OK;
        public ulong Unlock(nint mutex) => CKR_OK;
        public ulong Destroy(nint mutex) => CKR_OK;
    }

    [Fact]
    public void No_arguments_means_internal_locking()
    {
        Assert.Equal(CKR_OK, InitializeArgsRules.Validate(InitializeArgs.None, out var model));
        Assert.Equal(InitializeArgsRules.LockingModel.Internal, model);
    }

    [Fact]
    public void Reserved_pointer_set_is_bad_arguments()
    {
        Assert.Equal(CKR_ARGUMENTS_BAD, InitializeArgsRules.Validate(new InitializeArgs { ReservedIsNull = false }, out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Some_but_not_all_mutex_functions_is_bad_arguments(int count)
    {
        Assert.Equal(CKR_ARGUMENTS_BAD, InitializeArgsRules.Validate(new InitializeArgs { MutexFunctionCount = count }, out _));
    }

    [Fact]
    public void Functions_with_os_locking_ok_use_internal_locking()
    {
        var args = new InitializeArgs { MutexFunctionCount = 4, Flags = CKF_OS_LOCKING_OK, ApplicationLocking = new FakeLocking() };
        Assert.Equal(CKR_OK, InitializeArgsRules.Validate(args, out var model));
        Assert.Equal(InitializeArgsRules.LockingModel.Internal, model);
    }

    [Fact]
    public void Functions_without_os_locking_ok_use_the_application_functions()
    {
        var args = new InitializeArgs { MutexFunctionCount = 4, ApplicationLocking = new FakeLocking() };
        Assert.Equal(CKR_OK, InitializeArgsRules.Validate(args, out var model));
        Assert.Equal(InitializeArgsRules.LockingModel.Application, model);
    }

    [Fact]
    public void Os_locking_flag_alone_is_fine()
    {
        Assert.Equal(CKR_OK, InitializeArgsRules.Validate(new InitializeArgs { Flags = CKF_OS_LOCKING_OK }, out _));
    }

    [Fact]
    public void A_failing_application_create_mutex_is_cant_lock()
    {
        Assert.Equal(CKR_CANT_LOCK, ApplicationLock.TryCreate(new FailingLocking(), out var appLock));
        Assert.Null(appLock);
    }

    private sealed class FailingLocking : IApplicationLocking
    {
        public ulong Create(out nint mutex) { mutex = 0; return CKR_HOST_MEMORY; }
        public ulong Lock(nint mutex) => CKR_OK;
        public ulong Unlock(nint mutex) => CKR_OK;
        public ulong Destroy(nint mutex) => CKR_OK;
    }
}
