using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Module;

/// <summary>
/// PKCS#11 3.0 §5.4 C_Initialize: the four cases of (CKF_OS_LOCKING_OK, mutex functions).
/// We always lock with OS primitives internally. When an application supplies its own functions
/// without CKF_OS_LOCKING_OK it asks us to use them: we do, as one module-wide lock around every
/// call (except the blocking C_WaitForSlotEvent), so its threading model is honoured.
/// </summary>
public static class InitializeArgsRules
{
    public enum LockingModel
    {
        /// <summary>Cases 1, 2 and 4: no functions, or CKF_OS_LOCKING_OK set.</summary>
        Internal,

        /// <summary>Case 3: functions supplied, CKF_OS_LOCKING_OK clear.</summary>
        Application,
    }

    public static ulong Validate(InitializeArgs args, out LockingModel model)
    {
        model = LockingModel.Internal;
        if (!args.ReservedIsNull) return CKR_ARGUMENTS_BAD;
        if (args.MutexFunctionCount is not (0 or 4)) return CKR_ARGUMENTS_BAD;
        if (args.MutexFunctionCount == 4 && (args.Flags & CKF_OS_LOCKING_OK) == 0)
        {
            if (args.ApplicationLocking == null) return CKR_CANT_LOCK;
            model = LockingModel.Application;
        }
        // CKF_LIBRARY_CANT_CREATE_OS_THREADS: the module never starts threads of its own, so the
        // flag needs nothing from us (CKR_NEED_TO_CREATE_THREADS is for libraries that must).
        return CKR_OK;
    }
}
