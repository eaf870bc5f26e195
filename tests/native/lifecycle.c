/* Module lifecycle as hosts exercise it: dlopen/dlclose/dlopen, C_GetInterfaceList/C_GetInterface,
 * C_Initialize argument rules, repeated initialize/finalize, and C_Initialize in a forked child.
 * Usage: lifecycle MODULE.so ; prints one line per check, exit 0 when all pass. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pkcs11_min.h"

typedef CK_RV (*GetFunctionList_t)(CK_FUNCTION_LIST **);
typedef CK_RV (*GetInterfaceList_t)(CK_INTERFACE *, CK_ULONG *);
typedef CK_RV (*GetInterface_t)(CK_BYTE *, CK_VERSION *, CK_INTERFACE **, CK_ULONG);

static int failures;

static void check(int ok, const char *what, CK_RV rv) {
    printf("%s %s (rv=0x%lx)\n", ok ? "ok  " : "FAIL", what, rv);
    if (!ok) failures++;
}

static CK_RV mutex_create(void **m) { *m = malloc(1); return CKR_OK; }
static CK_RV mutex_destroy(void *m) { free(m); return CKR_OK; }
static CK_RV mutex_nop(void *m) { (void)m; return CKR_OK; }

static CK_FUNCTION_LIST *load(const char *path, void **handle) {
    *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!*handle) { printf("FAIL dlopen: %s\n", dlerror()); exit(2); }
    GetFunctionList_t gfl = (GetFunctionList_t)dlsym(*handle, "C_GetFunctionList");
    CK_FUNCTION_LIST *f = NULL;
    CK_RV rv = gfl(&f);
    check(rv == CKR_OK && f && f->version.major == 2 && f->version.minor == 40, "C_GetFunctionList returns the 2.40 table", rv);
    return f;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s MODULE\n", argv[0]); return 2; }
    void *h;
    CK_FUNCTION_LIST *f = load(argv[1], &h);
    CK_RV rv;

    /* Interfaces (PKCS#11 3.0 §5.4.4-5.4.5) */
    GetInterfaceList_t gil = (GetInterfaceList_t)dlsym(h, "C_GetInterfaceList");
    GetInterface_t gi = (GetInterface_t)dlsym(h, "C_GetInterface");
    CK_ULONG n = 0;
    rv = gil(NULL, &n);
    check(rv == CKR_OK && n == 2, "C_GetInterfaceList count", rv);
    CK_INTERFACE list[2];
    CK_ULONG small = 1;
    rv = gil(list, &small);
    check(rv == CKR_BUFFER_TOO_SMALL && small == 2, "C_GetInterfaceList short buffer", rv);
    rv = gil(list, &n);
    check(rv == CKR_OK && strcmp((char *)list[0].pInterfaceName, "PKCS 11") == 0, "C_GetInterfaceList names", rv);
    CK_INTERFACE *iface = NULL;
    rv = gi(NULL, NULL, &iface, 0);
    CK_VERSION *v = (CK_VERSION *)iface->pFunctionList;
    check(rv == CKR_OK && v->major == 3 && v->minor == 0, "C_GetInterface default is 3.0", rv);
    CK_VERSION want = {2, 40};
    rv = gi((CK_BYTE *)"PKCS 11", &want, &iface, 0);
    v = (CK_VERSION *)iface->pFunctionList;
    check(rv == CKR_OK && v->major == 2 && v->minor == 40, "C_GetInterface 2.40", rv);
    rv = gi((CK_BYTE *)"Vendor X", NULL, &iface, 0);
    check(rv == CKR_ARGUMENTS_BAD, "C_GetInterface unknown name", rv);

    /* C_Initialize rules (PKCS#11 3.0 §5.4.1) */
    rv = f->C_Finalize(NULL);
    check(rv == CKR_CRYPTOKI_NOT_INITIALIZED, "C_Finalize before C_Initialize", rv);
    CK_C_INITIALIZE_ARGS args;
    memset(&args, 0, sizeof args);
    args.CreateMutex = mutex_create;
    rv = f->C_Initialize(&args);
    check(rv == CKR_ARGUMENTS_BAD, "C_Initialize with only some mutex functions", rv);
    memset(&args, 0, sizeof args);
    args.pReserved = &args;
    rv = f->C_Initialize(&args);
    check(rv == CKR_ARGUMENTS_BAD, "C_Initialize with pReserved set", rv);
    memset(&args, 0, sizeof args);
    args.CreateMutex = mutex_create; args.DestroyMutex = mutex_destroy;
    args.LockMutex = mutex_nop; args.UnlockMutex = mutex_nop;
    rv = f->C_Initialize(&args);
    check(rv == CKR_OK, "C_Initialize with application mutex functions", rv);
    CK_ULONG count = 0;
    rv = f->C_GetSlotList(0, NULL, &count);
    check(rv == CKR_OK, "C_GetSlotList under application locking", rv);
    rv = f->C_Finalize(NULL);
    check(rv == CKR_OK, "C_Finalize", rv);
    memset(&args, 0, sizeof args);
    args.flags = CKF_OS_LOCKING_OK;
    rv = f->C_Initialize(&args);
    check(rv == CKR_OK, "C_Initialize with CKF_OS_LOCKING_OK", rv);
    rv = f->C_Initialize(&args);
    check(rv == CKR_CRYPTOKI_ALREADY_INITIALIZED, "second C_Initialize", rv);

    /* fork: the child starts afresh (PKCS#11 3.0 §5.4.1; as OpenSC and ykcs11 do) */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        CK_ULONG c = 0;
        int bad = f->C_GetSlotList(0, NULL, &c) != CKR_CRYPTOKI_NOT_INITIALIZED;
        bad |= f->C_Initialize(NULL) != CKR_OK;
        bad |= f->C_GetSlotList(0, NULL, &c) != CKR_OK;
        bad |= f->C_Finalize(NULL) != CKR_OK;
        _exit(bad);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "forked child: NOT_INITIALIZED, then its own C_Initialize works", (CK_RV)st);
    rv = f->C_GetSlotList(0, NULL, &count);
    check(rv == CKR_OK, "parent still initialized after the child", rv);
    rv = f->C_Finalize(NULL);
    check(rv == CKR_OK, "C_Finalize", rv);

    /* dlclose and load again (-z nodelete keeps the image; a second load must work) */
    dlclose(h);
    f = load(argv[1], &h);
    rv = f->C_Initialize(NULL);
    check(rv == CKR_OK, "C_Initialize after dlclose/dlopen", rv);
    rv = f->C_GetSlotList(0, NULL, &count);
    check(rv == CKR_OK, "C_GetSlotList after reload", rv);
    rv = f->C_Finalize(NULL);
    check(rv == CKR_OK, "C_Finalize after reload", rv);
    dlclose(h);

    printf("%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
