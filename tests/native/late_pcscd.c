/* pcscd not reachable, then reachable: C_GetSlotList gives an empty list (CKR_OK, no hang), and once
 * the daemon is there the next C_GetSlotList sees its readers without C_Finalize/C_Initialize.
 * The test points pcsc-lite at a socket path that does not exist yet (PCSCLITE_CSOCK_NAME) and this
 * program later makes that path a link to the real daemon socket.
 * Usage: late_pcscd MODULE.so LINK_PATH REAL_SOCKET */
#include <dlfcn.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include "pkcs11_min.h"

typedef CK_RV (*GetFunctionList_t)(CK_FUNCTION_LIST **);

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: %s MODULE LINK REAL_SOCKET\n", argv[0]); return 2; }
    void *h = dlopen(argv[1], RTLD_NOW);
    if (!h) { printf("FAIL dlopen %s\n", dlerror()); return 2; }
    CK_FUNCTION_LIST *f = NULL;
    ((GetFunctionList_t)dlsym(h, "C_GetFunctionList"))(&f);
    int failures = 0;
    CK_RV rv = f->C_Initialize(NULL);
    printf("%s C_Initialize without pcscd rv=0x%lx\n", rv == CKR_OK ? "ok  " : "FAIL", rv);
    failures += rv != CKR_OK;

    CK_ULONG count = 99;
    double t0 = now();
    rv = f->C_GetSlotList(0, NULL, &count);
    double took = now() - t0;
    int ok = rv == CKR_OK && count == 0 && took < 5.0;
    printf("%s no pcscd: empty slot list rv=0x%lx count=%lu in %.3f s\n", ok ? "ok  " : "FAIL", rv, count, took);
    failures += !ok;

    if (symlink(argv[3], argv[2]) != 0) { perror("symlink"); return 2; }
    count = 0;
    rv = f->C_GetSlotList(0, NULL, &count);
    ok = rv == CKR_OK && count >= 2;
    printf("%s pcscd appeared: rv=0x%lx count=%lu\n", ok ? "ok  " : "FAIL", rv, count);
    failures += !ok;

    rv = f->C_Finalize(NULL);
    failures += rv != CKR_OK;
    printf("%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
