/* A hostile PKCS#11 host: every exported function with NULL pointers, invalid and stale handles, short
 * buffers and wrong mechanism parameters; before C_Initialize, after C_Finalize, from many threads, racing
 * C_Initialize/C_Finalize, C_WaitForSlotEvent blocked during C_Finalize, after fork() and across
 * dlopen/dlclose cycles. Each call names the return codes PKCS#11 3.0 (§5.x of the function) allows in
 * that situation; CKR_GENERAL_ERROR and CKR_FUNCTION_FAILED (an unexpected exception inside the module)
 * are never allowed. The program must not crash and must finish within its alarm.
 *
 * Usage: hostile_caller MODULE READER PIN [QUICK]
 *   READER: the slot description of a reader holding a personalised IsoApplet (RSA key ID 01, EC key ID 03)
 *   QUICK:  any fourth argument shortens the thread and reload phases (for valgrind)
 * Prints one line per check; exit 0 when all pass. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <p11-kit/pkcs11.h>

/* PKCS#11 3.0 additions missing from p11-kit's 2.40 header (PKCS#11 3.0 §3.2, §5.4.4, §5.6, §5.9). */
typedef struct { CK_UTF8CHAR *pInterfaceName; void *pFunctionList; CK_FLAGS flags; } CK_INTERFACE_3_0;
typedef CK_RV (*GetFunctionList_t)(CK_FUNCTION_LIST **);
typedef CK_RV (*GetInterfaceList_t)(CK_INTERFACE_3_0 *, CK_ULONG *);
typedef CK_RV (*GetInterface_t)(CK_UTF8CHAR *, CK_VERSION *, CK_INTERFACE_3_0 **, CK_FLAGS);
typedef CK_RV (*LoginUser_t)(CK_SESSION_HANDLE, CK_USER_TYPE, CK_UTF8CHAR *, CK_ULONG, CK_UTF8CHAR *, CK_ULONG);
typedef CK_RV (*SessionCancel_t)(CK_SESSION_HANDLE, CK_FLAGS);
typedef CK_RV (*MessageInit_t)(CK_SESSION_HANDLE, CK_MECHANISM *, CK_OBJECT_HANDLE);
typedef CK_RV (*MessageFinal_t)(CK_SESSION_HANDLE);
typedef CK_RV (*CryptMessage_t)(CK_SESSION_HANDLE, void *, CK_ULONG, CK_BYTE *, CK_ULONG, CK_BYTE *, CK_ULONG, CK_BYTE *, CK_ULONG *);
typedef CK_RV (*CryptMessageBegin_t)(CK_SESSION_HANDLE, void *, CK_ULONG, CK_BYTE *, CK_ULONG);
typedef CK_RV (*CryptMessageNext_t)(CK_SESSION_HANDLE, void *, CK_ULONG, CK_BYTE *, CK_ULONG, CK_BYTE *, CK_ULONG *, CK_FLAGS);
typedef CK_RV (*SignMessage_t)(CK_SESSION_HANDLE, void *, CK_ULONG, CK_BYTE *, CK_ULONG, CK_BYTE *, CK_ULONG *);
typedef CK_RV (*MessageBegin_t)(CK_SESSION_HANDLE, void *, CK_ULONG);
typedef CK_RV (*VerifyMessage_t)(CK_SESSION_HANDLE, void *, CK_ULONG, CK_BYTE *, CK_ULONG, CK_BYTE *, CK_ULONG);

#define CKR_END ((CK_RV)-2) /* terminates an allowed-codes list */
#define ALLOW(...) ((const CK_RV[]){__VA_ARGS__, CKR_END})
#define SOME_SESSION ((CK_SESSION_HANDLE)0x5EEDF00DUL)
#define SOME_OBJECT ((CK_OBJECT_HANDLE)0x0BADC0DEUL)
#define SOME_SLOT ((CK_SLOT_ID)0xDEADUL)

static CK_FUNCTION_LIST *F;
static void *H;
static const char *ModulePath, *ReaderName, *Pin;
static int Quick;
static pthread_mutex_t OutputLock = PTHREAD_MUTEX_INITIALIZER;
static int Failures, Checks;

static int allowed(CK_RV rv, const CK_RV *list) {
    for (; *list != CKR_END; list++)
        if (*list == rv) return 1;
    return 0;
}

/* Records one call; prints failures always, successes only in the single-threaded phases. */
static int expect(const char *phase, const char *what, CK_RV rv, const CK_RV *ok) {
    int good = allowed(rv, ok) && rv != CKR_GENERAL_ERROR && rv != CKR_FUNCTION_FAILED;
    pthread_mutex_lock(&OutputLock);
    Checks++;
    if (!good) {
        Failures++;
        printf("FAIL %s: %s returned 0x%lx; allowed:", phase, what, rv);
        for (; *ok != CKR_END; ok++) printf(" 0x%lx", *ok);
        printf("\n");
    }
    pthread_mutex_unlock(&OutputLock);
    return good;
}

static void check(int ok, const char *phase, const char *what) {
    pthread_mutex_lock(&OutputLock);
    Checks++;
    if (!ok) { Failures++; printf("FAIL %s: %s\n", phase, what); }
    pthread_mutex_unlock(&OutputLock);
}

static void *sym(const char *name) {
    void *p = dlsym(H, name);
    if (!p) { printf("FAIL dlsym %s\n", name); exit(2); }
    return p;
}

static void load(void) {
    H = dlopen(ModulePath, RTLD_NOW | RTLD_LOCAL);
    if (!H) { printf("FAIL dlopen: %s\n", dlerror()); exit(2); }
    CK_RV rv = ((GetFunctionList_t)sym("C_GetFunctionList"))(&F);
    if (rv != CKR_OK || !F) { printf("FAIL C_GetFunctionList 0x%lx\n", rv); exit(2); }
}

static CK_RV init_os_locking(void) {
    CK_C_INITIALIZE_ARGS args;
    memset(&args, 0, sizeof args);
    args.flags = CKF_OS_LOCKING_OK;
    return F->C_Initialize(&args);
}

/* ---------------------------------------------------------------------------------------------------
 * Every function once, with valid-looking pointers and the given handles. In mode NOT_INIT every call
 * must answer CKR_CRYPTOKI_NOT_INITIALIZED (§5.4: only C_GetFunctionList, C_GetInterfaceList,
 * C_GetInterface and C_Initialize work before C_Initialize); in mode BAD_HANDLES (initialized, but the
 * session/slot/object handles name nothing) each call lists what its section allows.
 * ------------------------------------------------------------------------------------------------- */
enum mode { NOT_INIT, BAD_HANDLES };

static void every_function(const char *phase, enum mode mode, CK_SLOT_ID slot, CK_SESSION_HANDLE s) {
    static const CK_RV not_init[] = {CKR_CRYPTOKI_NOT_INITIALIZED, CKR_END};
    CK_BYTE buf[512], buf2[512], label[32];
    CK_ULONG len, len2, count;
    CK_INFO info;
    CK_SLOT_INFO slot_info;
    CK_TOKEN_INFO token_info;
    CK_SESSION_INFO session_info;
    CK_MECHANISM_INFO mech_info;
    CK_ULONG list[16];
    CK_OBJECT_HANDLE o = SOME_OBJECT, out_handle, out_handle2;
    CK_SESSION_HANDLE new_session;
    CK_BBOOL yes = CK_TRUE;
    CK_ATTRIBUTE attr = {CKA_TOKEN, &yes, sizeof yes};
    CK_MECHANISM sha256 = {CKM_SHA256, NULL, 0}, rsa = {CKM_RSA_PKCS, NULL, 0};
    CK_MECHANISM rsa_gen = {CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0};
    CK_SLOT_ID event_slot;
    memset(buf, 0x41, sizeof buf);
    memset(label, ' ', sizeof label);

#define E(name, call, ...) do { \
        len = sizeof buf; len2 = sizeof buf2; count = 16; \
        expect(phase, name, (call), mode == NOT_INIT ? not_init : ALLOW(__VA_ARGS__)); \
    } while (0)
    /* An unknown session: §5.1 "CKR_SESSION_HANDLE_INVALID"; functions the module does not offer may
     * answer CKR_FUNCTION_NOT_SUPPORTED first (§5.1: a function that is not supported returns it). */
#define SESSION_BAD CKR_SESSION_HANDLE_INVALID
#define UNSUPPORTED_OR_BAD CKR_SESSION_HANDLE_INVALID, CKR_FUNCTION_NOT_SUPPORTED

    /* §5.4 general purpose */
    E("C_GetInfo", F->C_GetInfo(&info), CKR_OK);
    /* §5.5 slots and tokens */
    E("C_GetSlotList", F->C_GetSlotList(CK_FALSE, list, &count), CKR_OK, CKR_BUFFER_TOO_SMALL);
    E("C_GetSlotInfo", F->C_GetSlotInfo(slot, &slot_info), CKR_SLOT_ID_INVALID);
    E("C_GetTokenInfo", F->C_GetTokenInfo(slot, &token_info), CKR_SLOT_ID_INVALID);
    E("C_GetMechanismList", F->C_GetMechanismList(slot, list, &count), CKR_SLOT_ID_INVALID);
    E("C_GetMechanismInfo", F->C_GetMechanismInfo(slot, CKM_RSA_PKCS, &mech_info), CKR_SLOT_ID_INVALID);
    E("C_InitToken", F->C_InitToken(slot, (CK_UTF8CHAR *)"12345678", 8, label), CKR_SLOT_ID_INVALID, CKR_FUNCTION_NOT_SUPPORTED);
    E("C_WaitForSlotEvent(DONT_BLOCK)", F->C_WaitForSlotEvent(CKF_DONT_BLOCK, &event_slot, NULL), CKR_OK, CKR_NO_EVENT);
    /* §5.6 sessions */
    E("C_OpenSession", F->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &new_session), CKR_SLOT_ID_INVALID);
    E("C_CloseSession", F->C_CloseSession(s), SESSION_BAD);
    E("C_CloseAllSessions", F->C_CloseAllSessions(slot), CKR_SLOT_ID_INVALID);
    E("C_GetSessionInfo", F->C_GetSessionInfo(s, &session_info), SESSION_BAD);
    E("C_SessionCancel", ((SessionCancel_t)sym("C_SessionCancel"))(s, CKF_SIGN), SESSION_BAD);
    E("C_GetOperationState", F->C_GetOperationState(s, buf, &len), SESSION_BAD);
    E("C_SetOperationState", F->C_SetOperationState(s, buf, 16, 0, 0), SESSION_BAD);
    E("C_Login", F->C_Login(s, CKU_USER, (CK_UTF8CHAR *)"123456", 6), SESSION_BAD);
    E("C_LoginUser", ((LoginUser_t)sym("C_LoginUser"))(s, CKU_USER, (CK_UTF8CHAR *)"123456", 6, (CK_UTF8CHAR *)"me", 2), SESSION_BAD);
    E("C_Logout", F->C_Logout(s), SESSION_BAD);
    E("C_InitPIN", F->C_InitPIN(s, (CK_UTF8CHAR *)"123456", 6), SESSION_BAD);
    E("C_SetPIN", F->C_SetPIN(s, (CK_UTF8CHAR *)"123456", 6, (CK_UTF8CHAR *)"654321", 6), SESSION_BAD);
    /* §5.7 objects */
    E("C_CreateObject", F->C_CreateObject(s, &attr, 1, &out_handle), UNSUPPORTED_OR_BAD);
    E("C_CopyObject", F->C_CopyObject(s, o, &attr, 1, &out_handle), UNSUPPORTED_OR_BAD);
    E("C_DestroyObject", F->C_DestroyObject(s, o), UNSUPPORTED_OR_BAD);
    E("C_GetObjectSize", F->C_GetObjectSize(s, o, &len), SESSION_BAD);
    E("C_GetAttributeValue", F->C_GetAttributeValue(s, o, &attr, 1), SESSION_BAD);
    E("C_SetAttributeValue", F->C_SetAttributeValue(s, o, &attr, 1), UNSUPPORTED_OR_BAD);
    E("C_FindObjectsInit", F->C_FindObjectsInit(s, &attr, 1), SESSION_BAD);
    E("C_FindObjects", F->C_FindObjects(s, list, 16, &count), SESSION_BAD);
    E("C_FindObjectsFinal", F->C_FindObjectsFinal(s), SESSION_BAD);
    /* §5.8-5.12 cryptographic functions */
    E("C_EncryptInit", F->C_EncryptInit(s, &rsa, o), SESSION_BAD);
    E("C_Encrypt", F->C_Encrypt(s, buf, 16, buf2, &len2), SESSION_BAD);
    E("C_EncryptUpdate", F->C_EncryptUpdate(s, buf, 16, buf2, &len2), UNSUPPORTED_OR_BAD);
    E("C_EncryptFinal", F->C_EncryptFinal(s, buf2, &len2), UNSUPPORTED_OR_BAD);
    E("C_DecryptInit", F->C_DecryptInit(s, &rsa, o), SESSION_BAD);
    E("C_Decrypt", F->C_Decrypt(s, buf, 256, buf2, &len2), SESSION_BAD);
    E("C_DecryptUpdate", F->C_DecryptUpdate(s, buf, 16, buf2, &len2), UNSUPPORTED_OR_BAD);
    E("C_DecryptFinal", F->C_DecryptFinal(s, buf2, &len2), UNSUPPORTED_OR_BAD);
    E("C_DigestInit", F->C_DigestInit(s, &sha256), SESSION_BAD);
    E("C_Digest", F->C_Digest(s, buf, 16, buf2, &len2), SESSION_BAD);
    E("C_DigestUpdate", F->C_DigestUpdate(s, buf, 16), SESSION_BAD);
    E("C_DigestKey", F->C_DigestKey(s, o), UNSUPPORTED_OR_BAD);
    E("C_DigestFinal", F->C_DigestFinal(s, buf2, &len2), SESSION_BAD);
    E("C_SignInit", F->C_SignInit(s, &rsa, o), SESSION_BAD);
    E("C_Sign", F->C_Sign(s, buf, 16, buf2, &len2), SESSION_BAD);
    E("C_SignUpdate", F->C_SignUpdate(s, buf, 16), SESSION_BAD);
    E("C_SignFinal", F->C_SignFinal(s, buf2, &len2), SESSION_BAD);
    E("C_SignRecoverInit", F->C_SignRecoverInit(s, &rsa, o), UNSUPPORTED_OR_BAD);
    E("C_SignRecover", F->C_SignRecover(s, buf, 16, buf2, &len2), UNSUPPORTED_OR_BAD);
    E("C_VerifyInit", F->C_VerifyInit(s, &rsa, o), SESSION_BAD);
    E("C_Verify", F->C_Verify(s, buf, 16, buf2, 256), SESSION_BAD);
    E("C_VerifyUpdate", F->C_VerifyUpdate(s, buf, 16), SESSION_BAD);
    E("C_VerifyFinal", F->C_VerifyFinal(s, buf2, 256), SESSION_BAD);
    E("C_VerifyRecoverInit", F->C_VerifyRecoverInit(s, &rsa, o), UNSUPPORTED_OR_BAD);
    E("C_VerifyRecover", F->C_VerifyRecover(s, buf, 256, buf2, &len2), UNSUPPORTED_OR_BAD);
    /* §5.13 dual-function */
    E("C_DigestEncryptUpdate", F->C_DigestEncryptUpdate(s, buf, 16, buf2, &len2), UNSUPPORTED_OR_BAD);
    E("C_DecryptDigestUpdate", F->C_DecryptDigestUpdate(s, buf, 16, buf2, &len2), UNSUPPORTED_OR_BAD);
    E("C_SignEncryptUpdate", F->C_SignEncryptUpdate(s, buf, 16, buf2, &len2), UNSUPPORTED_OR_BAD);
    E("C_DecryptVerifyUpdate", F->C_DecryptVerifyUpdate(s, buf, 16, buf2, &len2), UNSUPPORTED_OR_BAD);
    /* §5.14 keys */
    E("C_GenerateKey", F->C_GenerateKey(s, &rsa, &attr, 1, &out_handle), UNSUPPORTED_OR_BAD, CKR_MECHANISM_INVALID);
    E("C_GenerateKeyPair", F->C_GenerateKeyPair(s, &rsa_gen, &attr, 1, &attr, 1, &out_handle, &out_handle2), UNSUPPORTED_OR_BAD);
    E("C_WrapKey", F->C_WrapKey(s, &rsa, o, o, buf2, &len2), UNSUPPORTED_OR_BAD, CKR_MECHANISM_INVALID);
    E("C_UnwrapKey", F->C_UnwrapKey(s, &rsa, o, buf, 16, &attr, 1, &out_handle), UNSUPPORTED_OR_BAD, CKR_MECHANISM_INVALID);
    E("C_DeriveKey", F->C_DeriveKey(s, &rsa, o, &attr, 1, &out_handle), UNSUPPORTED_OR_BAD, CKR_MECHANISM_INVALID);
    /* §5.15 random, §5.16 legacy parallel functions */
    E("C_SeedRandom", F->C_SeedRandom(s, buf, 16), SESSION_BAD, CKR_RANDOM_SEED_NOT_SUPPORTED);
    E("C_GenerateRandom", F->C_GenerateRandom(s, buf2, 16), SESSION_BAD);
    E("C_GetFunctionStatus", F->C_GetFunctionStatus(s), SESSION_BAD, CKR_FUNCTION_NOT_PARALLEL);
    E("C_CancelFunction", F->C_CancelFunction(s), SESSION_BAD, CKR_FUNCTION_NOT_PARALLEL);
    /* §5.9-5.12 message-based functions (3.0) */
    E("C_MessageEncryptInit", ((MessageInit_t)sym("C_MessageEncryptInit"))(s, &rsa, o), UNSUPPORTED_OR_BAD);
    E("C_EncryptMessage", ((CryptMessage_t)sym("C_EncryptMessage"))(s, buf, 16, buf, 16, buf, 16, buf2, &len2), UNSUPPORTED_OR_BAD);
    E("C_EncryptMessageBegin", ((CryptMessageBegin_t)sym("C_EncryptMessageBegin"))(s, buf, 16, buf, 16), UNSUPPORTED_OR_BAD);
    E("C_EncryptMessageNext", ((CryptMessageNext_t)sym("C_EncryptMessageNext"))(s, buf, 16, buf, 16, buf2, &len2, 0), UNSUPPORTED_OR_BAD);
    E("C_MessageEncryptFinal", ((MessageFinal_t)sym("C_MessageEncryptFinal"))(s), UNSUPPORTED_OR_BAD);
    E("C_MessageDecryptInit", ((MessageInit_t)sym("C_MessageDecryptInit"))(s, &rsa, o), UNSUPPORTED_OR_BAD);
    E("C_DecryptMessage", ((CryptMessage_t)sym("C_DecryptMessage"))(s, buf, 16, buf, 16, buf, 16, buf2, &len2), UNSUPPORTED_OR_BAD);
    E("C_DecryptMessageBegin", ((CryptMessageBegin_t)sym("C_DecryptMessageBegin"))(s, buf, 16, buf, 16), UNSUPPORTED_OR_BAD);
    E("C_DecryptMessageNext", ((CryptMessageNext_t)sym("C_DecryptMessageNext"))(s, buf, 16, buf, 16, buf2, &len2, 0), UNSUPPORTED_OR_BAD);
    E("C_MessageDecryptFinal", ((MessageFinal_t)sym("C_MessageDecryptFinal"))(s), UNSUPPORTED_OR_BAD);
    E("C_MessageSignInit", ((MessageInit_t)sym("C_MessageSignInit"))(s, &rsa, o), UNSUPPORTED_OR_BAD);
    E("C_SignMessage", ((SignMessage_t)sym("C_SignMessage"))(s, buf, 16, buf, 16, buf2, &len2), UNSUPPORTED_OR_BAD);
    E("C_SignMessageBegin", ((MessageBegin_t)sym("C_SignMessageBegin"))(s, buf, 16), UNSUPPORTED_OR_BAD);
    E("C_SignMessageNext", ((SignMessage_t)sym("C_SignMessageNext"))(s, buf, 16, buf, 16, buf2, &len2), UNSUPPORTED_OR_BAD);
    E("C_MessageSignFinal", ((MessageFinal_t)sym("C_MessageSignFinal"))(s), UNSUPPORTED_OR_BAD);
    E("C_MessageVerifyInit", ((MessageInit_t)sym("C_MessageVerifyInit"))(s, &rsa, o), UNSUPPORTED_OR_BAD);
    E("C_VerifyMessage", ((VerifyMessage_t)sym("C_VerifyMessage"))(s, buf, 16, buf, 16, buf2, 256), UNSUPPORTED_OR_BAD);
    E("C_VerifyMessageBegin", ((MessageBegin_t)sym("C_VerifyMessageBegin"))(s, buf, 16), UNSUPPORTED_OR_BAD);
    E("C_VerifyMessageNext", ((VerifyMessage_t)sym("C_VerifyMessageNext"))(s, buf, 16, buf, 16, buf2, 256), UNSUPPORTED_OR_BAD);
    E("C_MessageVerifyFinal", ((MessageFinal_t)sym("C_MessageVerifyFinal"))(s), UNSUPPORTED_OR_BAD);
    /* C_Finalize last: in NOT_INIT mode it must also say NOT_INITIALIZED (§5.4.2). */
    if (mode == NOT_INIT) E("C_Finalize", F->C_Finalize(NULL), CKR_OK);
#undef E
}

/* The functions that work without C_Initialize, and their argument checks (§5.4.3-5.4.5). */
static void uninitialized_entry_points(void) {
    const char *phase = "before C_Initialize";
    CK_FUNCTION_LIST *list = NULL;
    expect(phase, "C_GetFunctionList(NULL)", ((GetFunctionList_t)sym("C_GetFunctionList"))(NULL), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_GetFunctionList", ((GetFunctionList_t)sym("C_GetFunctionList"))(&list), ALLOW(CKR_OK));
    GetInterfaceList_t gil = (GetInterfaceList_t)sym("C_GetInterfaceList");
    GetInterface_t gi = (GetInterface_t)sym("C_GetInterface");
    CK_INTERFACE_3_0 ifaces[4], *iface = NULL;
    CK_ULONG n = 0;
    expect(phase, "C_GetInterfaceList(list, NULL)", gil(ifaces, NULL), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_GetInterfaceList(NULL, &n)", gil(NULL, &n), ALLOW(CKR_OK));
    n = 0;
    expect(phase, "C_GetInterfaceList with room for 0", gil(ifaces, &n), ALLOW(CKR_BUFFER_TOO_SMALL));
    check(n == 2, phase, "C_GetInterfaceList short buffer reports the count needed");
    expect(phase, "C_GetInterface(.., NULL ppInterface)", gi(NULL, NULL, NULL, 0), ALLOW(CKR_ARGUMENTS_BAD));
    CK_VERSION v99 = {9, 9};
    expect(phase, "C_GetInterface unknown version", gi(NULL, &v99, &iface, 0), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_GetInterface unsupported flags", gi(NULL, NULL, &iface, 0x8000), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_GetInterface empty name", gi((CK_UTF8CHAR *)"", NULL, &iface, 0), ALLOW(CKR_ARGUMENTS_BAD));
    /* C_Initialize argument rules */
    CK_C_INITIALIZE_ARGS args;
    memset(&args, 0, sizeof args);
    args.pReserved = &args;
    expect(phase, "C_Initialize(pReserved set)", F->C_Initialize(&args), ALLOW(CKR_ARGUMENTS_BAD));
    memset(&args, 0, sizeof args);
    args.LockMutex = (CK_LOCKMUTEX)(void *)&args; /* never called: only one of the four is given */
    expect(phase, "C_Initialize(one mutex function)", F->C_Initialize(&args), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_Finalize(non-NULL)", F->C_Finalize(&args), ALLOW(CKR_ARGUMENTS_BAD, CKR_CRYPTOKI_NOT_INITIALIZED));
}

/* ---------------------------------------------------------------------------------------------------
 * The card slot and its objects.
 * ------------------------------------------------------------------------------------------------- */
static CK_SLOT_ID card_slot(void) {
    CK_SLOT_ID slots[32];
    CK_ULONG n = 32;
    if (F->C_GetSlotList(CK_FALSE, slots, &n) != CKR_OK) { printf("FAIL C_GetSlotList\n"); exit(2); }
    for (CK_ULONG i = 0; i < n; i++) {
        CK_SLOT_INFO info;
        if (F->C_GetSlotInfo(slots[i], &info) != CKR_OK) continue;
        if (memcmp(info.slotDescription, ReaderName, strlen(ReaderName)) == 0) return slots[i];
    }
    printf("FAIL no slot for reader %s\n", ReaderName);
    exit(2);
}

static CK_SLOT_ID empty_slot(CK_SLOT_ID card) {
    CK_SLOT_ID slots[32];
    CK_ULONG n = 32;
    F->C_GetSlotList(CK_FALSE, slots, &n);
    for (CK_ULONG i = 0; i < n; i++) {
        CK_SLOT_INFO info;
        if (slots[i] != card && F->C_GetSlotInfo(slots[i], &info) == CKR_OK && !(info.flags & CKF_TOKEN_PRESENT)) return slots[i];
    }
    return SOME_SLOT;
}

static CK_OBJECT_HANDLE find(CK_SESSION_HANDLE s, CK_OBJECT_CLASS cls, CK_BYTE id) {
    CK_ATTRIBUTE t[2] = {{CKA_CLASS, &cls, sizeof cls}, {CKA_ID, &id, 1}};
    CK_OBJECT_HANDLE found[4];
    CK_ULONG n = 0;
    if (F->C_FindObjectsInit(s, t, 2) != CKR_OK) return CK_INVALID_HANDLE;
    F->C_FindObjects(s, found, 4, &n);
    F->C_FindObjectsFinal(s);
    return n == 1 ? found[0] : CK_INVALID_HANDLE;
}

/* ---------------------------------------------------------------------------------------------------
 * Initialized, with a card: NULL pointers, short buffers, invalid object handles, wrong mechanisms.
 * ------------------------------------------------------------------------------------------------- */
static void with_a_session(CK_SLOT_ID slot) {
    const char *phase = "session";
    CK_SESSION_HANDLE s, rw, stale;
    CK_RV rv;
    CK_BYTE buf[1024], small[4];
    CK_ULONG len, n;
    CK_ULONG list[64];

    /* §5.5 */
    expect(phase, "C_GetSlotList(.., NULL pulCount)", F->C_GetSlotList(CK_FALSE, list, NULL), ALLOW(CKR_ARGUMENTS_BAD));
    n = 0;
    expect(phase, "C_GetSlotList with room for 0", F->C_GetSlotList(CK_FALSE, list, &n), ALLOW(CKR_BUFFER_TOO_SMALL));
    check(n >= 1, phase, "C_GetSlotList short buffer reports the count");
    expect(phase, "C_GetSlotInfo(NULL)", F->C_GetSlotInfo(slot, NULL), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_GetTokenInfo(NULL)", F->C_GetTokenInfo(slot, NULL), ALLOW(CKR_ARGUMENTS_BAD));
    CK_TOKEN_INFO ti;
    CK_SLOT_ID none = empty_slot(slot);
    expect(phase, "C_GetTokenInfo(slot without card)", F->C_GetTokenInfo(none, &ti), ALLOW(CKR_TOKEN_NOT_PRESENT, CKR_SLOT_ID_INVALID));
    expect(phase, "C_GetMechanismList(.., NULL count)", F->C_GetMechanismList(slot, list, NULL), ALLOW(CKR_ARGUMENTS_BAD));
    n = 1;
    expect(phase, "C_GetMechanismList with room for 1", F->C_GetMechanismList(slot, list, &n), ALLOW(CKR_BUFFER_TOO_SMALL));
    check(n > 1, phase, "C_GetMechanismList short buffer reports the count");
    CK_MECHANISM_INFO mi;
    expect(phase, "C_GetMechanismInfo(NULL)", F->C_GetMechanismInfo(slot, CKM_RSA_PKCS, NULL), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_GetMechanismInfo(unknown)", F->C_GetMechanismInfo(slot, 0x8123ABCDUL, &mi), ALLOW(CKR_MECHANISM_INVALID));
    CK_SLOT_ID ev;
    expect(phase, "C_WaitForSlotEvent(NULL pSlot)", F->C_WaitForSlotEvent(CKF_DONT_BLOCK, NULL, NULL), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_WaitForSlotEvent(pReserved set)", F->C_WaitForSlotEvent(CKF_DONT_BLOCK, &ev, &ev), ALLOW(CKR_ARGUMENTS_BAD));
    CK_BYTE label[32];
    memset(label, ' ', sizeof label);
    expect(phase, "C_InitToken(NULL label)", F->C_InitToken(slot, (CK_UTF8CHAR *)"12345678", 8, NULL), ALLOW(CKR_ARGUMENTS_BAD, CKR_FUNCTION_NOT_SUPPORTED));

    /* §5.6 sessions */
    expect(phase, "C_OpenSession(NULL phSession)", F->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, NULL), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_OpenSession(no CKF_SERIAL_SESSION)", F->C_OpenSession(slot, 0, NULL, NULL, &s), ALLOW(CKR_SESSION_PARALLEL_NOT_SUPPORTED));
    expect(phase, "C_OpenSession(slot without card)", F->C_OpenSession(none, CKF_SERIAL_SESSION, NULL, NULL, &s), ALLOW(CKR_TOKEN_NOT_PRESENT, CKR_SLOT_ID_INVALID));
    rv = F->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &stale);
    expect(phase, "C_OpenSession", rv, ALLOW(CKR_OK));
    expect(phase, "C_CloseSession", F->C_CloseSession(stale), ALLOW(CKR_OK));
    every_function("stale session handle", BAD_HANDLES, SOME_SLOT, stale);
    expect(phase, "C_CloseSession(stale, again)", F->C_CloseSession(stale), ALLOW(CKR_SESSION_HANDLE_INVALID, CKR_SESSION_CLOSED));
    if (F->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s) != CKR_OK) { printf("FAIL open session\n"); exit(2); }
    if (F->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &rw) != CKR_OK) rw = CK_INVALID_HANDLE;
    expect(phase, "C_GetSessionInfo(NULL)", F->C_GetSessionInfo(s, NULL), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_GetOperationState(.., NULL len)", F->C_GetOperationState(s, buf, NULL), ALLOW(CKR_ARGUMENTS_BAD));
    len = sizeof buf;
    /* §5.6: no operation in the session, nothing to save */
    expect(phase, "C_GetOperationState", F->C_GetOperationState(s, buf, &len), ALLOW(CKR_OPERATION_NOT_INITIALIZED, CKR_FUNCTION_NOT_SUPPORTED));
    expect(phase, "C_SetOperationState(NULL)", F->C_SetOperationState(s, NULL, 0, 0, 0), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_SetOperationState(garbage)", F->C_SetOperationState(s, buf, 64, 0, 0), ALLOW(CKR_SAVED_STATE_INVALID, CKR_FUNCTION_NOT_SUPPORTED));
    expect(phase, "C_SessionCancel(all flags)", ((SessionCancel_t)sym("C_SessionCancel"))(s, ~0UL), ALLOW(CKR_OK, CKR_ARGUMENTS_BAD));
    expect(phase, "C_GetFunctionStatus", F->C_GetFunctionStatus(s), ALLOW(CKR_FUNCTION_NOT_PARALLEL));
    expect(phase, "C_CancelFunction", F->C_CancelFunction(s), ALLOW(CKR_FUNCTION_NOT_PARALLEL));

    /* Login: NULL PIN (no protected path), bad user types, PIN lengths outside the token's range. None
     * of these may reach the card as a VERIFY (a wrong PIN would cost a try). */
    expect(phase, "C_Login(NULL PIN, length 6)", F->C_Login(s, CKU_USER, NULL, 6), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_Login(user type 7)", F->C_Login(s, 7, (CK_UTF8CHAR *)Pin, strlen(Pin)), ALLOW(CKR_USER_TYPE_INVALID));
    expect(phase, "C_Login(PIN of 1 byte)", F->C_Login(s, CKU_USER, (CK_UTF8CHAR *)"1", 1), ALLOW(CKR_PIN_LEN_RANGE));
    memset(buf, '1', 200);
    expect(phase, "C_Login(PIN of 200 bytes)", F->C_Login(s, CKU_USER, buf, 200), ALLOW(CKR_PIN_LEN_RANGE));
    expect(phase, "C_Login(CKU_CONTEXT_SPECIFIC, no operation)", F->C_Login(s, CKU_CONTEXT_SPECIFIC, (CK_UTF8CHAR *)Pin, strlen(Pin)), ALLOW(CKR_OPERATION_NOT_INITIALIZED, CKR_USER_NOT_LOGGED_IN));
    expect(phase, "C_LoginUser(NULL user name, length 3)", ((LoginUser_t)sym("C_LoginUser"))(s, CKU_USER, (CK_UTF8CHAR *)Pin, strlen(Pin), NULL, 3), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_Logout(not logged in)", F->C_Logout(s), ALLOW(CKR_USER_NOT_LOGGED_IN));
    expect(phase, "C_InitPIN(not SO)", F->C_InitPIN(s, (CK_UTF8CHAR *)"654321", 6), ALLOW(CKR_USER_NOT_LOGGED_IN, CKR_SESSION_READ_ONLY));
    expect(phase, "C_SetPIN(read-only session)", F->C_SetPIN(s, (CK_UTF8CHAR *)Pin, strlen(Pin), (CK_UTF8CHAR *)"654321", 6), ALLOW(CKR_SESSION_READ_ONLY));
    if (rw != CK_INVALID_HANDLE) {
        expect(phase, "C_SetPIN(NULL old PIN)", F->C_SetPIN(rw, NULL, 6, (CK_UTF8CHAR *)"654321", 6), ALLOW(CKR_ARGUMENTS_BAD));
        expect(phase, "C_SetPIN(new PIN too short)", F->C_SetPIN(rw, (CK_UTF8CHAR *)Pin, strlen(Pin), (CK_UTF8CHAR *)"1", 1), ALLOW(CKR_PIN_LEN_RANGE));
    }
    expect(phase, "C_Login", F->C_Login(s, CKU_USER, (CK_UTF8CHAR *)Pin, strlen(Pin)), ALLOW(CKR_OK));
    expect(phase, "C_Login(again)", F->C_Login(s, CKU_USER, (CK_UTF8CHAR *)Pin, strlen(Pin)), ALLOW(CKR_USER_ALREADY_LOGGED_IN));
    expect(phase, "C_Login(CKU_SO while the user is)", F->C_Login(s, CKU_SO, (CK_UTF8CHAR *)"0123456789abcdef", 16),
           ALLOW(CKR_USER_ANOTHER_ALREADY_LOGGED_IN, CKR_SESSION_READ_ONLY_EXISTS));

    /* §5.7 objects */
    CK_OBJECT_HANDLE rsa = find(s, CKO_PRIVATE_KEY, 1), ec = find(s, CKO_PRIVATE_KEY, 3);
    CK_OBJECT_HANDLE rsa_pub = find(s, CKO_PUBLIC_KEY, 1), cert = find(s, CKO_CERTIFICATE, 1);
    check(rsa && ec && rsa_pub && cert, phase, "the card's keys and certificate are found");
    CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
    CK_ATTRIBUTE t = {CKA_CLASS, &cls, sizeof cls};
    CK_ATTRIBUTE null_value = {CKA_CLASS, NULL, 8};
    CK_ATTRIBUTE huge = {CKA_LABEL, buf, 0x7FFFFFFFUL};
    expect(phase, "C_FindObjectsInit(NULL template, count 1)", F->C_FindObjectsInit(s, NULL, 1), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_FindObjectsInit(NULL value, length 8)", F->C_FindObjectsInit(s, &null_value, 1), ALLOW(CKR_ARGUMENTS_BAD, CKR_ATTRIBUTE_VALUE_INVALID));
    expect(phase, "C_FindObjectsInit(length 2^31-1)", F->C_FindObjectsInit(s, &huge, 1), ALLOW(CKR_ARGUMENTS_BAD, CKR_ATTRIBUTE_VALUE_INVALID));
    expect(phase, "C_FindObjects(not initialized)", F->C_FindObjects(s, list, 4, &n), ALLOW(CKR_OPERATION_NOT_INITIALIZED));
    expect(phase, "C_FindObjectsFinal(not initialized)", F->C_FindObjectsFinal(s), ALLOW(CKR_OPERATION_NOT_INITIALIZED));
    expect(phase, "C_FindObjectsInit", F->C_FindObjectsInit(s, &t, 1), ALLOW(CKR_OK));
    expect(phase, "C_FindObjectsInit(active)", F->C_FindObjectsInit(s, &t, 1), ALLOW(CKR_OPERATION_ACTIVE));
    expect(phase, "C_FindObjects(NULL phObject, max 4)", F->C_FindObjects(s, NULL, 4, &n), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_FindObjects(NULL count)", F->C_FindObjects(s, list, 4, NULL), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_FindObjects(max 0)", F->C_FindObjects(s, list, 0, &n), ALLOW(CKR_OK));
    check(n == 0, phase, "C_FindObjects(max 0) returns no handle");
    expect(phase, "C_FindObjects", F->C_FindObjects(s, list, 64, &n), ALLOW(CKR_OK));
    check(n == 2, phase, "two private keys");
    expect(phase, "C_FindObjectsFinal", F->C_FindObjectsFinal(s), ALLOW(CKR_OK));

    CK_ATTRIBUTE a[3];
    expect(phase, "C_GetAttributeValue(NULL template, count 1)", F->C_GetAttributeValue(s, rsa, NULL, 1), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_GetAttributeValue(unknown object)", F->C_GetAttributeValue(s, SOME_OBJECT, &t, 1), ALLOW(CKR_OBJECT_HANDLE_INVALID));
    expect(phase, "C_GetAttributeValue(session handle as object)", F->C_GetAttributeValue(s, s, &t, 1), ALLOW(CKR_OBJECT_HANDLE_INVALID));
    a[0].type = CKA_LABEL; a[0].pValue = small; a[0].ulValueLen = 1;
    a[1].type = CKA_PRIVATE_EXPONENT; a[1].pValue = buf; a[1].ulValueLen = sizeof buf;
    a[2].type = 0x7FFF1234UL; a[2].pValue = buf; a[2].ulValueLen = sizeof buf;
    rv = F->C_GetAttributeValue(s, rsa, a, 3);
    expect(phase, "C_GetAttributeValue(short, sensitive, unknown)", rv, ALLOW(CKR_BUFFER_TOO_SMALL, CKR_ATTRIBUTE_SENSITIVE, CKR_ATTRIBUTE_TYPE_INVALID));
    check(a[0].ulValueLen == CK_UNAVAILABLE_INFORMATION && a[1].ulValueLen == CK_UNAVAILABLE_INFORMATION
          && a[2].ulValueLen == CK_UNAVAILABLE_INFORMATION, phase, "each failed attribute says CK_UNAVAILABLE_INFORMATION");
    a[0].pValue = NULL; a[0].ulValueLen = 0;
    expect(phase, "C_GetAttributeValue(length query)", F->C_GetAttributeValue(s, cert, a, 1), ALLOW(CKR_OK));
    check(a[0].ulValueLen > 0 && a[0].ulValueLen < 1000, phase, "the certificate's label length");
    expect(phase, "C_GetObjectSize(NULL)", F->C_GetObjectSize(s, cert, NULL), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_GetObjectSize(unknown object)", F->C_GetObjectSize(s, SOME_OBJECT, &len), ALLOW(CKR_OBJECT_HANDLE_INVALID));
    expect(phase, "C_SetAttributeValue(NULL template, count 1)", F->C_SetAttributeValue(s, cert, NULL, 1), ALLOW(CKR_ARGUMENTS_BAD, CKR_FUNCTION_NOT_SUPPORTED));
    expect(phase, "C_CreateObject(NULL phObject)", F->C_CreateObject(s, &t, 1, NULL), ALLOW(CKR_ARGUMENTS_BAD, CKR_FUNCTION_NOT_SUPPORTED));
    expect(phase, "C_DestroyObject(unknown object)", F->C_DestroyObject(s, SOME_OBJECT), ALLOW(CKR_OBJECT_HANDLE_INVALID, CKR_FUNCTION_NOT_SUPPORTED));

    /* §5.11 signing: mechanisms and parameters that do not fit */
    CK_MECHANISM m = {CKM_RSA_PKCS, NULL, 0};
    CK_RSA_PKCS_PSS_PARAMS pss = {CKM_SHA256, CKG_MGF1_SHA256, 32};
    CK_BYTE digest_info[51] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    expect(phase, "C_SignInit(NULL mechanism)", F->C_SignInit(s, NULL, rsa), ALLOW(CKR_ARGUMENTS_BAD));
    m.mechanism = 0x8123ABCDUL;
    expect(phase, "C_SignInit(unknown mechanism)", F->C_SignInit(s, &m, rsa), ALLOW(CKR_MECHANISM_INVALID));
    m.mechanism = CKM_RSA_PKCS; m.pParameter = buf; m.ulParameterLen = 4;
    expect(phase, "C_SignInit(CKM_RSA_PKCS with a parameter)", F->C_SignInit(s, &m, rsa), ALLOW(CKR_MECHANISM_PARAM_INVALID));
    m.pParameter = NULL; m.ulParameterLen = 8;
    expect(phase, "C_SignInit(NULL parameter, length 8)", F->C_SignInit(s, &m, rsa), ALLOW(CKR_MECHANISM_PARAM_INVALID, CKR_ARGUMENTS_BAD));
    /* PSS parameters, checked in C_VerifyInit where the token lists PSS (an IsoApplet v1 card). A v0 card
     * cannot sign PSS and the module lists no PSS mechanism there (hosts take a listed one as signing). */
    CK_MECHANISM_INFO pss_info;
    int pss_listed = F->C_GetMechanismInfo(slot, CKM_RSA_PKCS_PSS, &pss_info) == CKR_OK;
    if (!pss_listed) {
        m.mechanism = CKM_RSA_PKCS_PSS; m.pParameter = &pss; m.ulParameterLen = sizeof pss;
        expect(phase, "C_VerifyInit(PSS, not listed)", F->C_VerifyInit(s, &m, rsa_pub), ALLOW(CKR_MECHANISM_INVALID));
        expect(phase, "C_SignInit(PSS, not listed)", F->C_SignInit(s, &m, rsa), ALLOW(CKR_MECHANISM_INVALID));
    } else {
        m.mechanism = CKM_RSA_PKCS_PSS; m.pParameter = NULL; m.ulParameterLen = 0;
        expect(phase, "C_VerifyInit(PSS without parameters)", F->C_VerifyInit(s, &m, rsa_pub), ALLOW(CKR_MECHANISM_PARAM_INVALID));
        expect(phase, "C_SignInit(PSS without parameters)", F->C_SignInit(s, &m, rsa), ALLOW(CKR_MECHANISM_PARAM_INVALID, CKR_MECHANISM_INVALID));
        m.pParameter = &pss; m.ulParameterLen = sizeof pss - 1;
        expect(phase, "C_VerifyInit(PSS parameters one byte short)", F->C_VerifyInit(s, &m, rsa_pub), ALLOW(CKR_MECHANISM_PARAM_INVALID));
        m.ulParameterLen = sizeof pss; pss.hashAlg = 0x8123ABCDUL;
        expect(phase, "C_VerifyInit(PSS with an unknown hash)", F->C_VerifyInit(s, &m, rsa_pub), ALLOW(CKR_MECHANISM_PARAM_INVALID));
        /* RFC 8017 §9.1 lets the MGF hash differ from the message hash: either answer is the module's choice */
        pss.hashAlg = CKM_SHA256; pss.mgf = CKG_MGF1_SHA1;
        expect(phase, "C_VerifyInit(PSS with another MGF hash)", F->C_VerifyInit(s, &m, rsa_pub), ALLOW(CKR_MECHANISM_PARAM_INVALID, CKR_OK));
        ((SessionCancel_t)sym("C_SessionCancel"))(s, CKF_VERIFY);
        pss.mgf = 0x77;
        expect(phase, "C_VerifyInit(PSS with an unknown MGF)", F->C_VerifyInit(s, &m, rsa_pub), ALLOW(CKR_MECHANISM_PARAM_INVALID));
        /* RFC 8017 §9.1.1: the salt must fit the key (a 100000-byte salt once failed C_Verify with CKR_FUNCTION_FAILED) */
        pss.mgf = CKG_MGF1_SHA256; pss.sLen = 100000;
        expect(phase, "C_VerifyInit(PSS with a salt longer than the key)", F->C_VerifyInit(s, &m, rsa_pub), ALLOW(CKR_MECHANISM_PARAM_INVALID));
        pss.sLen = ~0UL;
        expect(phase, "C_VerifyInit(PSS with a salt of 2^64-1)", F->C_VerifyInit(s, &m, rsa_pub), ALLOW(CKR_MECHANISM_PARAM_INVALID));
        pss.sLen = 256 - 32 - 2; /* the largest salt a 2048-bit key takes */
        expect(phase, "C_VerifyInit(PSS with the largest salt)", F->C_VerifyInit(s, &m, rsa_pub), ALLOW(CKR_OK));
        memset(buf, 0x01, 256);
        expect(phase, "C_Verify(PSS with the largest salt, wrong signature)", F->C_Verify(s, digest_info, 32, buf, 256), ALLOW(CKR_SIGNATURE_INVALID));
    }
    m.mechanism = CKM_ECDSA_SHA1; m.pParameter = NULL; m.ulParameterLen = 0;
    expect(phase, "C_SignInit(ECDSA with the RSA key)", F->C_SignInit(s, &m, rsa), ALLOW(CKR_KEY_TYPE_INCONSISTENT));
    m.mechanism = CKM_RSA_PKCS;
    expect(phase, "C_SignInit(RSA with the EC key)", F->C_SignInit(s, &m, ec), ALLOW(CKR_KEY_TYPE_INCONSISTENT));
    expect(phase, "C_SignInit(a public key)", F->C_SignInit(s, &m, rsa_pub), ALLOW(CKR_KEY_TYPE_INCONSISTENT, CKR_KEY_FUNCTION_NOT_PERMITTED, CKR_KEY_HANDLE_INVALID));
    expect(phase, "C_SignInit(a certificate)", F->C_SignInit(s, &m, cert), ALLOW(CKR_KEY_HANDLE_INVALID, CKR_KEY_TYPE_INCONSISTENT));
    expect(phase, "C_SignInit(unknown key)", F->C_SignInit(s, &m, SOME_OBJECT), ALLOW(CKR_KEY_HANDLE_INVALID));
    expect(phase, "C_Sign(not initialized)", F->C_Sign(s, buf, 32, buf, &len), ALLOW(CKR_OPERATION_NOT_INITIALIZED));
    expect(phase, "C_SignUpdate(not initialized)", F->C_SignUpdate(s, buf, 32), ALLOW(CKR_OPERATION_NOT_INITIALIZED));
    expect(phase, "C_SignFinal(not initialized)", F->C_SignFinal(s, buf, &len), ALLOW(CKR_OPERATION_NOT_INITIALIZED));
    /* §5.2 output buffers: length query, short buffer (the operation stays active), then the signature */
    expect(phase, "C_SignInit(RSA PKCS#1)", F->C_SignInit(s, &m, rsa), ALLOW(CKR_OK));
    expect(phase, "C_SignInit(active)", F->C_SignInit(s, &m, rsa), ALLOW(CKR_OPERATION_ACTIVE));
    expect(phase, "C_Sign(NULL data, length 51)", F->C_Sign(s, NULL, 51, buf, &len), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_Sign(NULL pulSignatureLen)", F->C_Sign(s, digest_info, 51, buf, NULL), ALLOW(CKR_ARGUMENTS_BAD));
    /* §5.11: a failed C_Sign (other than a length query / CKR_BUFFER_TOO_SMALL) ends the operation; a host
     * that gets CKR_ARGUMENTS_BAD must be able to start again. */
    rv = F->C_SignInit(s, &m, rsa);
    expect(phase, "C_SignInit after a failed C_Sign", rv, ALLOW(CKR_OK, CKR_OPERATION_ACTIVE));
    len = 0;
    expect(phase, "C_Sign(length query)", F->C_Sign(s, digest_info, 51, NULL, &len), ALLOW(CKR_OK));
    check(len == 256, phase, "RSA-2048 signature length is 256");
    len = sizeof small;
    expect(phase, "C_Sign(4-byte buffer)", F->C_Sign(s, digest_info, 51, small, &len), ALLOW(CKR_BUFFER_TOO_SMALL));
    check(len == 256, phase, "C_Sign short buffer reports 256");
    len = sizeof buf;
    expect(phase, "C_Sign", F->C_Sign(s, digest_info, 51, buf, &len), ALLOW(CKR_OK));
    expect(phase, "C_Sign(operation finished)", F->C_Sign(s, digest_info, 51, buf, &len), ALLOW(CKR_OPERATION_NOT_INITIALIZED));
    expect(phase, "C_SignInit(RSA PKCS#1)", F->C_SignInit(s, &m, rsa), ALLOW(CKR_OK));
    memset(buf, 0x55, 300);
    len = sizeof buf;
    expect(phase, "C_Sign(300 bytes into RSA-2048 PKCS#1)", F->C_Sign(s, buf, 300, buf + 300, &len), ALLOW(CKR_DATA_LEN_RANGE));
    m.mechanism = CKM_ECDSA_SHA1;
    expect(phase, "C_SignInit(ECDSA_SHA1)", F->C_SignInit(s, &m, ec), ALLOW(CKR_OK));
    len = sizeof buf;
    expect(phase, "C_Sign(ECDSA_SHA1, no data)", F->C_Sign(s, NULL, 0, buf + 300, &len), ALLOW(CKR_OK));
    check(len == 64, phase, "ECDSA P-256 signature is 64 bytes");
    m.mechanism = CKM_SHA256_RSA_PKCS;
    expect(phase, "C_SignInit(SHA256_RSA_PKCS)", F->C_SignInit(s, &m, rsa), ALLOW(CKR_OK));
    expect(phase, "C_SignUpdate(NULL part, length 5)", F->C_SignUpdate(s, NULL, 5), ALLOW(CKR_ARGUMENTS_BAD));
    rv = F->C_SignUpdate(s, buf, 5);
    expect(phase, "C_SignUpdate", rv, ALLOW(CKR_OK, CKR_OPERATION_NOT_INITIALIZED));
    ((SessionCancel_t)sym("C_SessionCancel"))(s, CKF_SIGN);
    expect(phase, "C_SignFinal(after C_SessionCancel)", F->C_SignFinal(s, buf, &len), ALLOW(CKR_OPERATION_NOT_INITIALIZED));
    /* §5.11: C_Sign cannot finish a multi-part operation (it once signed all the data); the operation ends */
    expect(phase, "C_SignInit(SHA256_RSA_PKCS)", F->C_SignInit(s, &m, rsa), ALLOW(CKR_OK));
    expect(phase, "C_SignUpdate(5 bytes)", F->C_SignUpdate(s, buf, 5), ALLOW(CKR_OK));
    len = sizeof buf - 300;
    expect(phase, "C_Sign after C_SignUpdate", F->C_Sign(s, buf, 5, buf + 300, &len), ALLOW(CKR_OPERATION_ACTIVE));
    expect(phase, "C_SignFinal after the refused C_Sign", F->C_SignFinal(s, buf + 300, &len), ALLOW(CKR_OPERATION_NOT_INITIALIZED));

    /* §5.9-5.10 encryption (public key, in software) and decryption (on the card) */
    CK_RSA_PKCS_OAEP_PARAMS oaep = {CKM_SHA_1, CKG_MGF1_SHA1, CKZ_DATA_SPECIFIED, NULL, 10};
    m.mechanism = CKM_RSA_PKCS_OAEP; m.pParameter = &oaep; m.ulParameterLen = sizeof oaep;
    expect(phase, "C_EncryptInit(OAEP, NULL label with length 10)", F->C_EncryptInit(s, &m, rsa_pub), ALLOW(CKR_MECHANISM_PARAM_INVALID, CKR_ARGUMENTS_BAD));
    expect(phase, "C_DecryptInit(OAEP, NULL label with length 10)", F->C_DecryptInit(s, &m, rsa), ALLOW(CKR_MECHANISM_PARAM_INVALID, CKR_ARGUMENTS_BAD));
    oaep.ulSourceDataLen = 0; oaep.source = 0x77;
    expect(phase, "C_EncryptInit(OAEP, unknown source)", F->C_EncryptInit(s, &m, rsa_pub), ALLOW(CKR_MECHANISM_PARAM_INVALID));
    m.ulParameterLen = 3;
    expect(phase, "C_DecryptInit(OAEP, parameters 3 bytes long)", F->C_DecryptInit(s, &m, rsa), ALLOW(CKR_MECHANISM_PARAM_INVALID));
    m.mechanism = CKM_RSA_PKCS; m.pParameter = NULL; m.ulParameterLen = 0;
    expect(phase, "C_EncryptInit(a private key)", F->C_EncryptInit(s, &m, rsa), ALLOW(CKR_KEY_TYPE_INCONSISTENT, CKR_KEY_FUNCTION_NOT_PERMITTED, CKR_KEY_HANDLE_INVALID));
    expect(phase, "C_EncryptInit", F->C_EncryptInit(s, &m, rsa_pub), ALLOW(CKR_OK));
    len = sizeof buf;
    expect(phase, "C_Encrypt(300 bytes into RSA-2048)", F->C_Encrypt(s, buf, 300, buf + 300, &len), ALLOW(CKR_DATA_LEN_RANGE));
    expect(phase, "C_DecryptInit", F->C_DecryptInit(s, &m, rsa), ALLOW(CKR_OK));
    len = sizeof buf;
    expect(phase, "C_Decrypt(7 bytes)", F->C_Decrypt(s, buf, 7, buf + 300, &len), ALLOW(CKR_ENCRYPTED_DATA_LEN_RANGE));
    expect(phase, "C_DecryptInit", F->C_DecryptInit(s, &m, rsa), ALLOW(CKR_OK));
    memset(buf, 0x01, 256);
    len = sizeof buf - 300;
    expect(phase, "C_Decrypt(256 bytes of garbage)", F->C_Decrypt(s, buf, 256, buf + 300, &len), ALLOW(CKR_ENCRYPTED_DATA_INVALID));
    expect(phase, "C_Decrypt(not initialized)", F->C_Decrypt(s, buf, 256, buf + 300, &len), ALLOW(CKR_OPERATION_NOT_INITIALIZED));

    /* §5.12 verification, §5.10 digest */
    expect(phase, "C_VerifyInit", F->C_VerifyInit(s, &m, rsa_pub), ALLOW(CKR_OK));
    expect(phase, "C_Verify(NULL signature, length 256)", F->C_Verify(s, digest_info, 51, NULL, 256), ALLOW(CKR_ARGUMENTS_BAD));
    F->C_VerifyInit(s, &m, rsa_pub);
    expect(phase, "C_Verify(signature of 3 bytes)", F->C_Verify(s, digest_info, 51, small, 3), ALLOW(CKR_SIGNATURE_LEN_RANGE, CKR_SIGNATURE_INVALID, CKR_OPERATION_NOT_INITIALIZED));
    F->C_VerifyInit(s, &m, rsa_pub);
    memset(buf, 0x01, 256);
    expect(phase, "C_Verify(wrong signature)", F->C_Verify(s, digest_info, 51, buf, 256), ALLOW(CKR_SIGNATURE_INVALID, CKR_OPERATION_NOT_INITIALIZED));
    m.mechanism = CKM_SHA256; m.pParameter = buf; m.ulParameterLen = 2;
    expect(phase, "C_DigestInit(SHA-256 with a parameter)", F->C_DigestInit(s, &m), ALLOW(CKR_MECHANISM_PARAM_INVALID));
    m.pParameter = NULL; m.ulParameterLen = 0;
    expect(phase, "C_DigestInit", F->C_DigestInit(s, &m), ALLOW(CKR_OK));
    len = 3;
    expect(phase, "C_Digest(3-byte buffer)", F->C_Digest(s, buf, 10, small, &len), ALLOW(CKR_BUFFER_TOO_SMALL));
    check(len == 32, phase, "C_Digest short buffer reports 32");
    expect(phase, "C_Digest(NULL length)", F->C_Digest(s, buf, 10, small, NULL), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_DigestKey(the private key)", F->C_DigestKey(s, rsa), ALLOW(CKR_OPERATION_NOT_INITIALIZED, CKR_KEY_INDIGESTIBLE, CKR_FUNCTION_NOT_SUPPORTED, CKR_OPERATION_ACTIVE, CKR_KEY_HANDLE_INVALID));
    ((SessionCancel_t)sym("C_SessionCancel"))(s, CKF_DIGEST);
    expect(phase, "C_DigestInit", F->C_DigestInit(s, &m), ALLOW(CKR_OK));
    expect(phase, "C_DigestUpdate(10 bytes)", F->C_DigestUpdate(s, buf, 10), ALLOW(CKR_OK));
    len = sizeof small;
    expect(phase, "C_Digest after C_DigestUpdate", F->C_Digest(s, buf, 10, small, &len), ALLOW(CKR_OPERATION_ACTIVE));
    expect(phase, "C_DigestFinal after the refused C_Digest", F->C_DigestFinal(s, small, &len), ALLOW(CKR_OPERATION_NOT_INITIALIZED));

    /* §5.14-5.15 keys and random */
    CK_MECHANISM gen = {CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0};
    CK_OBJECT_HANDLE k1, k2;
    expect(phase, "C_GenerateKeyPair(NULL templates, counts 1, read-only session)", F->C_GenerateKeyPair(s, &gen, NULL, 1, NULL, 1, &k1, &k2),
           ALLOW(CKR_ARGUMENTS_BAD, CKR_FUNCTION_NOT_SUPPORTED, CKR_SESSION_READ_ONLY));
    expect(phase, "C_GenerateKeyPair(NULL mechanism)", F->C_GenerateKeyPair(s, NULL, NULL, 0, NULL, 0, &k1, &k2), ALLOW(CKR_ARGUMENTS_BAD, CKR_FUNCTION_NOT_SUPPORTED));
    expect(phase, "C_GenerateKey(an asymmetric mechanism)", F->C_GenerateKey(s, &gen, NULL, 0, &k1), ALLOW(CKR_MECHANISM_INVALID, CKR_FUNCTION_NOT_SUPPORTED));
    expect(phase, "C_GenerateRandom(NULL, 16)", F->C_GenerateRandom(s, NULL, 16), ALLOW(CKR_ARGUMENTS_BAD));
    expect(phase, "C_GenerateRandom(0 bytes)", F->C_GenerateRandom(s, buf, 0), ALLOW(CKR_OK));
    expect(phase, "C_GenerateRandom(300 bytes)", F->C_GenerateRandom(s, buf, 300), ALLOW(CKR_OK, CKR_RANDOM_NO_RNG));
    expect(phase, "C_SeedRandom(NULL, 4)", F->C_SeedRandom(s, NULL, 4), ALLOW(CKR_ARGUMENTS_BAD, CKR_RANDOM_SEED_NOT_SUPPORTED));

    /* The 3.0 message functions with NULL everything: not offered (§5.1) */
    expect(phase, "C_MessageSignInit(NULL mechanism)", ((MessageInit_t)sym("C_MessageSignInit"))(s, NULL, rsa), ALLOW(CKR_FUNCTION_NOT_SUPPORTED, CKR_ARGUMENTS_BAD));
    expect(phase, "C_SignMessage(NULL everything)", ((SignMessage_t)sym("C_SignMessage"))(s, NULL, 0, NULL, 0, NULL, NULL), ALLOW(CKR_FUNCTION_NOT_SUPPORTED, CKR_ARGUMENTS_BAD, CKR_OPERATION_NOT_INITIALIZED));
    expect(phase, "C_DecryptMessage(NULL everything)", ((CryptMessage_t)sym("C_DecryptMessage"))(s, NULL, 0, NULL, 0, NULL, 0, NULL, NULL), ALLOW(CKR_FUNCTION_NOT_SUPPORTED, CKR_ARGUMENTS_BAD, CKR_OPERATION_NOT_INITIALIZED));

    /* After all that, the token still signs. */
    m.mechanism = CKM_SHA256_RSA_PKCS;
    expect(phase, "C_SignInit after the abuse", F->C_SignInit(s, &m, rsa), ALLOW(CKR_OK));
    len = sizeof buf;
    expect(phase, "C_Sign after the abuse", F->C_Sign(s, (CK_BYTE *)"data", 4, buf, &len), ALLOW(CKR_OK));
    check(len == 256, phase, "signature after the abuse is 256 bytes");
    expect(phase, "C_Logout", F->C_Logout(s), ALLOW(CKR_OK));
    expect(phase, "C_Logout(again)", F->C_Logout(s), ALLOW(CKR_USER_NOT_LOGGED_IN));
    expect(phase, "C_CloseAllSessions", F->C_CloseAllSessions(slot), ALLOW(CKR_OK));
    expect(phase, "C_GetSessionInfo(closed by C_CloseAllSessions)", F->C_GetSessionInfo(s, NULL), ALLOW(CKR_SESSION_HANDLE_INVALID, CKR_ARGUMENTS_BAD));
    CK_SESSION_INFO si;
    expect(phase, "C_GetSessionInfo(closed by C_CloseAllSessions)", F->C_GetSessionInfo(s, &si), ALLOW(CKR_SESSION_HANDLE_INVALID));
}

/* ---------------------------------------------------------------------------------------------------
 * Many threads: workers sign, find and read attributes on sessions of their own while a saboteur closes
 * random session handles and calls C_CloseAllSessions. Every result must be one the situation allows,
 * and a worker must never see another object or another session's slot (handle confusion).
 * ------------------------------------------------------------------------------------------------- */
struct worker { int id, iterations; CK_SLOT_ID slot; volatile int *stop; };

static const CK_RV WorkerAllowed[] = {CKR_OK, CKR_SESSION_HANDLE_INVALID, CKR_SESSION_CLOSED, CKR_OPERATION_NOT_INITIALIZED,
                                      CKR_USER_NOT_LOGGED_IN, CKR_USER_ALREADY_LOGGED_IN, CKR_OBJECT_HANDLE_INVALID,
                                      CKR_KEY_HANDLE_INVALID, CKR_OPERATION_ACTIVE, CKR_END};

static void *worker_main(void *p) {
    struct worker *w = p;
    char phase[32];
    snprintf(phase, sizeof phase, "thread %d", w->id);
    for (int i = 0; i < w->iterations && !*w->stop; i++) {
        CK_SESSION_HANDLE s;
        CK_RV rv = F->C_OpenSession(w->slot, CKF_SERIAL_SESSION, NULL, NULL, &s);
        if (!expect(phase, "C_OpenSession", rv, WorkerAllowed) || rv != CKR_OK) continue;
        rv = F->C_Login(s, CKU_USER, (CK_UTF8CHAR *)Pin, strlen(Pin));
        expect(phase, "C_Login", rv, WorkerAllowed);
        CK_BYTE id = (i % 2) ? 3 : 1;
        CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
        CK_ATTRIBUTE t[2] = {{CKA_CLASS, &cls, sizeof cls}, {CKA_ID, &id, 1}};
        CK_OBJECT_HANDLE h[4];
        CK_ULONG n = 0;
        rv = F->C_FindObjectsInit(s, t, 2);
        expect(phase, "C_FindObjectsInit", rv, WorkerAllowed);
        if (rv == CKR_OK) {
            expect(phase, "C_FindObjects", F->C_FindObjects(s, h, 4, &n), WorkerAllowed);
            expect(phase, "C_FindObjectsFinal", F->C_FindObjectsFinal(s), WorkerAllowed);
        }
        if (n == 1) {
            CK_BYTE got_id[8];
            CK_KEY_TYPE type = 0;
            CK_ATTRIBUTE a[2] = {{CKA_ID, got_id, sizeof got_id}, {CKA_KEY_TYPE, &type, sizeof type}};
            rv = F->C_GetAttributeValue(s, h[0], a, 2);
            expect(phase, "C_GetAttributeValue", rv, WorkerAllowed);
            if (rv == CKR_OK)
                check(a[0].ulValueLen == 1 && got_id[0] == id && type == (id == 1 ? CKK_RSA : CKK_EC), phase, "the key found is the key asked for");
            CK_MECHANISM m = {id == 1 ? CKM_SHA256_RSA_PKCS : CKM_ECDSA_SHA1, NULL, 0};
            rv = F->C_SignInit(s, &m, h[0]);
            expect(phase, "C_SignInit", rv, WorkerAllowed);
            if (rv == CKR_OK) {
                CK_BYTE sig[512];
                CK_ULONG len = sizeof sig;
                rv = F->C_Sign(s, (CK_BYTE *)phase, strlen(phase), sig, &len);
                expect(phase, "C_Sign", rv, WorkerAllowed);
                if (rv == CKR_OK) check(len == (id == 1 ? 256UL : 64UL), phase, "signature length fits the key");
            }
        }
        CK_SESSION_INFO info;
        rv = F->C_GetSessionInfo(s, &info);
        expect(phase, "C_GetSessionInfo", rv, WorkerAllowed);
        if (rv == CKR_OK) check(info.slotID == w->slot, phase, "the session is on its own slot");
        expect(phase, "C_CloseSession", F->C_CloseSession(s), WorkerAllowed);
    }
    return NULL;
}

static void *saboteur_main(void *p) {
    struct worker *w = p;
    unsigned seed = 7;
    while (!*w->stop) {
        CK_SESSION_HANDLE victim = (CK_SESSION_HANDLE)(rand_r(&seed) % 4096);
        expect("saboteur", "C_CloseSession(random handle)", F->C_CloseSession(victim), ALLOW(CKR_OK, CKR_SESSION_HANDLE_INVALID, CKR_SESSION_CLOSED));
        CK_SESSION_INFO info;
        expect("saboteur", "C_GetSessionInfo(random handle)", F->C_GetSessionInfo(victim, &info), ALLOW(CKR_OK, CKR_SESSION_HANDLE_INVALID));
        if (rand_r(&seed) % 50 == 0)
            expect("saboteur", "C_CloseAllSessions", F->C_CloseAllSessions(w->slot), ALLOW(CKR_OK));
        usleep(500);
    }
    return NULL;
}

static void many_threads(CK_SLOT_ID slot) {
    enum { N = 8 };
    pthread_t t[N + 1];
    struct worker w[N + 1];
    volatile int stop = 0;
    for (int i = 0; i <= N; i++) {
        w[i].id = i; w[i].iterations = Quick ? 3 : 25; w[i].slot = slot; w[i].stop = &stop;
        pthread_create(&t[i], NULL, i == N ? saboteur_main : worker_main, &w[i]);
    }
    for (int i = 0; i < N; i++) pthread_join(t[i], NULL);
    stop = 1;
    pthread_join(t[N], NULL);
    CK_SESSION_HANDLE s;
    expect("after the threads", "C_OpenSession", F->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s), ALLOW(CKR_OK));
    expect("after the threads", "C_CloseSession", F->C_CloseSession(s), ALLOW(CKR_OK));
}

/* Threads racing C_Initialize/C_Finalize (§5.4.1: at most one succeeds until a C_Finalize). */
static void *racer_main(void *p) {
    int rounds = *(int *)p;
    for (int i = 0; i < rounds; i++) {
        expect("init/finalize race", "C_Initialize", init_os_locking(), ALLOW(CKR_OK, CKR_CRYPTOKI_ALREADY_INITIALIZED));
        CK_ULONG n = 0;
        expect("init/finalize race", "C_GetSlotList", F->C_GetSlotList(CK_FALSE, NULL, &n), ALLOW(CKR_OK, CKR_CRYPTOKI_NOT_INITIALIZED));
        CK_INFO info;
        expect("init/finalize race", "C_GetInfo", F->C_GetInfo(&info), ALLOW(CKR_OK, CKR_CRYPTOKI_NOT_INITIALIZED));
        expect("init/finalize race", "C_Finalize", F->C_Finalize(NULL), ALLOW(CKR_OK, CKR_CRYPTOKI_NOT_INITIALIZED));
    }
    return NULL;
}

static void initialize_finalize_race(void) {
    enum { N = 8 };
    pthread_t t[N];
    int rounds = Quick ? 5 : 40;
    for (int i = 0; i < N; i++) pthread_create(&t[i], NULL, racer_main, &rounds);
    for (int i = 0; i < N; i++) pthread_join(t[i], NULL);
    F->C_Finalize(NULL);
    expect("after the race", "C_Initialize", init_os_locking(), ALLOW(CKR_OK));
    CK_ULONG n = 0;
    expect("after the race", "C_GetSlotList", F->C_GetSlotList(CK_FALSE, NULL, &n), ALLOW(CKR_OK));
    expect("after the race", "C_Finalize", F->C_Finalize(NULL), ALLOW(CKR_OK));
}

/* C_WaitForSlotEvent blocked in one thread while another finalizes (§5.5.8: it returns
 * CKR_CRYPTOKI_NOT_INITIALIZED), several times over. */
static void *waiter_main(void *p) {
    CK_SLOT_ID slot;
    *(CK_RV *)p = F->C_WaitForSlotEvent(0, &slot, NULL);
    return NULL;
}

static void wait_while_finalizing(void) {
    for (int round = 0; round < (Quick ? 1 : 3); round++) {
        expect("wait/finalize", "C_Initialize", init_os_locking(), ALLOW(CKR_OK));
        pthread_t t[3];
        CK_RV rv[3] = {0x12345, 0x12345, 0x12345};
        for (int i = 0; i < 3; i++) pthread_create(&t[i], NULL, waiter_main, &rv[i]);
        usleep(300000);
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        expect("wait/finalize", "C_Finalize with blocked waiters", F->C_Finalize(NULL), ALLOW(CKR_OK));
        for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
        clock_gettime(CLOCK_MONOTONIC, &b);
        double seconds = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
        for (int i = 0; i < 3; i++)
            expect("wait/finalize", "C_WaitForSlotEvent released by C_Finalize", rv[i], ALLOW(CKR_CRYPTOKI_NOT_INITIALIZED, CKR_OK));
        check(seconds < 10, "wait/finalize", "the waiters were released within 10 s");
    }
}

/* fork(): the child inherits an initialized module with open sessions but must not use the parent's
 * PC/SC connections; it must start afresh (§5.4.1), and the parent must be unharmed. */
static void after_fork(CK_SLOT_ID slot) {
    CK_SESSION_HANDLE parent;
    expect("fork", "C_Initialize", init_os_locking(), ALLOW(CKR_OK));
    expect("fork", "C_OpenSession", F->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &parent), ALLOW(CKR_OK));
    expect("fork", "C_Login", F->C_Login(parent, CKU_USER, (CK_UTF8CHAR *)Pin, strlen(Pin)), ALLOW(CKR_OK));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int bad = 0;
        CK_SESSION_INFO info;
        CK_ULONG n;
        bad |= F->C_GetSessionInfo(parent, &info) != CKR_CRYPTOKI_NOT_INITIALIZED;
        bad |= F->C_CloseSession(parent) != CKR_CRYPTOKI_NOT_INITIALIZED;
        bad |= F->C_Finalize(NULL) != CKR_CRYPTOKI_NOT_INITIALIZED;
        bad |= F->C_Initialize(NULL) != CKR_OK;
        bad |= F->C_GetSlotList(CK_TRUE, NULL, &n) != CKR_OK;
        CK_SESSION_HANDLE s;
        bad |= F->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s) != CKR_OK;
        bad |= F->C_GetSessionInfo(s, &info) != CKR_OK || info.state != CKS_RO_PUBLIC_SESSION; /* the parent's login is not inherited */
        bad |= F->C_Login(s, CKU_USER, (CK_UTF8CHAR *)Pin, strlen(Pin)) != CKR_OK;
        bad |= F->C_Finalize(NULL) != CKR_OK;
        _exit(bad ? 3 : 0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "fork", "the child saw CKR_CRYPTOKI_NOT_INITIALIZED, then initialized and used the card");
    CK_SESSION_INFO info;
    expect("fork", "parent's session after the child", F->C_GetSessionInfo(parent, &info), ALLOW(CKR_OK));
    check(info.state == CKS_RO_USER_FUNCTIONS, "fork", "the parent is still logged in");
    CK_OBJECT_HANDLE key = find(parent, CKO_PRIVATE_KEY, 3);
    CK_MECHANISM m = {CKM_ECDSA_SHA1, NULL, 0};
    CK_BYTE sig[128];
    CK_ULONG len = sizeof sig;
    expect("fork", "parent C_SignInit", F->C_SignInit(parent, &m, key), ALLOW(CKR_OK));
    expect("fork", "parent C_Sign after the child used the card", F->C_Sign(parent, (CK_BYTE *)"x", 1, sig, &len), ALLOW(CKR_OK));
    expect("fork", "C_Finalize", F->C_Finalize(NULL), ALLOW(CKR_OK));
}

/* dlopen/C_Initialize/use/C_Finalize/dlclose, over and over. */
static void reload_cycles(void) {
    int cycles = Quick ? 2 : 10;
    for (int i = 0; i < cycles; i++) {
        dlclose(H);
        load();
        expect("reload", "C_Initialize", init_os_locking(), ALLOW(CKR_OK));
        CK_SLOT_ID slot = card_slot();
        CK_SESSION_HANDLE s;
        expect("reload", "C_OpenSession", F->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s), ALLOW(CKR_OK));
        CK_TOKEN_INFO ti;
        expect("reload", "C_GetTokenInfo", F->C_GetTokenInfo(slot, &ti), ALLOW(CKR_OK));
        /* Finalize with the session still open: C_Finalize closes it. */
        expect("reload", "C_Finalize", F->C_Finalize(NULL), ALLOW(CKR_OK));
    }
    dlclose(H);
    load();
}

static void on_alarm(int sig) {
    (void)sig;
    static const char msg[] = "FAIL the program did not finish within its alarm (a hang)\n";
    if (write(1, msg, sizeof msg - 1) < 0) _exit(4);
    _exit(4);
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: %s MODULE READER PIN [QUICK]\n", argv[0]); return 2; }
    ModulePath = argv[1]; ReaderName = argv[2]; Pin = argv[3]; Quick = argc > 4;
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGALRM, on_alarm);
    alarm(Quick ? 900 : 400);
    load();

    uninitialized_entry_points();
    every_function("before C_Initialize", NOT_INIT, SOME_SLOT, SOME_SESSION);

    expect("init", "C_Initialize", init_os_locking(), ALLOW(CKR_OK));
    expect("init", "C_Initialize(again)", init_os_locking(), ALLOW(CKR_CRYPTOKI_ALREADY_INITIALIZED));
    CK_SLOT_ID slot = card_slot();
    every_function("unknown handles", BAD_HANDLES, SOME_SLOT, SOME_SESSION);
    every_function("handle 0", BAD_HANDLES, SOME_SLOT, CK_INVALID_HANDLE);
    with_a_session(slot);
    many_threads(slot);
    expect("finalize", "C_Finalize(non-NULL)", F->C_Finalize(&slot), ALLOW(CKR_ARGUMENTS_BAD));
    expect("finalize", "C_Finalize", F->C_Finalize(NULL), ALLOW(CKR_OK));
    every_function("after C_Finalize", NOT_INIT, slot, 1);

    initialize_finalize_race();
    wait_while_finalizing();
    after_fork(slot);
    reload_cycles();
    every_function("after the reloads", NOT_INIT, slot, 1);
    dlclose(H);

    printf("%d check(s), %d failure(s)\n", Checks, Failures);
    return Failures ? 1 : 0;
}
