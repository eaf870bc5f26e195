/* p11bench: loads one PKCS#11 module with dlopen and runs one benchmark workflow, so every module is
 * loaded the same way by the same host. Prints one line "P11BENCH key=value ..." that the harness
 * (benchmarks/SharpSC.Benchmarks) parses: phase times in microseconds (CLOCK_MONOTONIC), the host's
 * CPU time (getrusage, all threads) and its peak RSS in KiB.
 *
 * Usage: p11bench MODULE WORKFLOW [--reader NAME] [--token LABEL] [--pin PIN] [--key rsa|ec] [--id HEX] [--mech HEX]
 *                                 [--count N] [--threads T] [--message TEXT]
 * --token picks, among the reader's slots, the one whose token has that label (OpenSC shows an OpenPGP card as
 * two tokens in one reader, the signature key alone in the second).
 * WORKFLOW: none     no module at all (the host's own footprint; MODULE is ignored)
 *           load     dlopen, C_GetFunctionList, C_Initialize, C_Finalize
 *           info     (a) C_Initialize, slot list, first C_GetTokenInfo of the reader's slot
 *           objects  (b) info, then find every object without login, read CKA_CLASS/LABEL/ID of
 *                        each and CKA_VALUE of every certificate
 *           sign     (c)(d)(e) info, login, find the private key (of CKA_ID --id when given), N signatures
 *                        (each after C_Login(CKU_CONTEXT_SPECIFIC) when the key is CKA_ALWAYS_AUTHENTICATE): the first in the
 *                        login session, the other N-1 spread over T threads with a session each;
 *                        the first signature is printed (sig=HEX) for the harness to verify */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <p11-kit/pkcs11.h>

static struct timespec t_start;
static CK_FUNCTION_LIST *p11;

static long long now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)(t.tv_sec - t_start.tv_sec) * 1000000LL + (t.tv_nsec - t_start.tv_nsec) / 1000;
}

static void fail(const char *what, CK_RV rv) {
    printf("P11BENCH error=%s rv=0x%lx\n", what, (unsigned long)rv);
    fflush(stdout);
    exit(1);
}

static void check(CK_RV rv, const char *what) {
    if (rv != CKR_OK) fail(what, rv);
}

/* Peak RSS of this program's address space. getrusage's ru_maxrss is not used: Linux carries it over
 * execve, so a host started by a large parent (the .NET harness) would report the parent's peak. */
static long peak_rss_kb(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char buf[256];
    long kb = -1;
    while (f && fgets(buf, sizeof buf, f))
        if (sscanf(buf, "VmHWM: %ld kB", &kb) == 1) break;
    if (f) fclose(f);
    return kb;
}

static long long cpu_us(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (long long)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000000LL + u.ru_utime.tv_usec + u.ru_stime.tv_usec;
}

/* Options */
static const char *opt_reader = "Virtual PCD 00 00";
static const char *opt_token = NULL;
static const char *opt_pin = "123456";
static const char *opt_key = "rsa";
static unsigned char opt_id[64];
static CK_ULONG opt_id_len;
static CK_MECHANISM_TYPE opt_mech = CKM_SHA256_RSA_PKCS;
static long opt_count = 1;
static long opt_threads = 1;
static const char *opt_message = "SharpSC benchmark";

/* The output line, built up phase by phase. */
static char line[4096];
static void put(const char *key, long long value) {
    size_t n = strlen(line);
    snprintf(line + n, sizeof line - n, " %s=%lld", key, value);
}

static long long mark;
static void phase(const char *key) {
    long long t = now_us();
    put(key, t - mark);
    mark = t;
}

static CK_RV mutex_create(void **m) {
    pthread_mutex_t *p = malloc(sizeof *p);
    if (!p) return CKR_HOST_MEMORY;
    pthread_mutex_init(p, NULL);
    *m = p;
    return CKR_OK;
}
static CK_RV mutex_destroy(void *m) { pthread_mutex_destroy(m); free(m); return CKR_OK; }
static CK_RV mutex_lock(void *m) { return pthread_mutex_lock(m) ? CKR_GENERAL_ERROR : CKR_OK; }
static CK_RV mutex_unlock(void *m) { return pthread_mutex_unlock(m) ? CKR_GENERAL_ERROR : CKR_OK; }

static void load_and_initialize(const char *module) {
    void *h = dlopen(module, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        printf("P11BENCH error=dlopen detail=\"%s\"\n", dlerror());
        exit(1);
    }
    CK_C_GetFunctionList gfl = (CK_C_GetFunctionList)dlsym(h, "C_GetFunctionList");
    if (!gfl) fail("dlsym", 0);
    check(gfl(&p11), "C_GetFunctionList");
    phase("load_us");
    /* Threads are allowed: OS locking plus the host's own mutexes, as Firefox/NSS passes them. */
    CK_C_INITIALIZE_ARGS args;
    memset(&args, 0, sizeof args);
    args.CreateMutex = mutex_create;
    args.DestroyMutex = mutex_destroy;
    args.LockMutex = mutex_lock;
    args.UnlockMutex = mutex_unlock;
    args.flags = CKF_OS_LOCKING_OK;
    check(p11->C_Initialize(&args), "C_Initialize");
    phase("init_us");
}

static int padded_equals(const unsigned char *field, size_t size, const char *text) {
    size_t n = strlen(text);
    if (n > size || memcmp(field, text, n) != 0) return 0;
    for (size_t i = n; i < size; i++)
        if (field[i] != ' ') return 0;
    return 1;
}

/* The slot of the benchmark's reader: slot list with a token present, then the slot descriptions. */
static CK_SLOT_ID find_slot(void) {
    CK_ULONG n = 0;
    check(p11->C_GetSlotList(CK_TRUE, NULL, &n), "C_GetSlotList(count)");
    CK_SLOT_ID slots[64];
    if (n > 64) n = 64;
    check(p11->C_GetSlotList(CK_TRUE, slots, &n), "C_GetSlotList");
    for (CK_ULONG i = 0; i < n; i++) {
        CK_SLOT_INFO si;
        check(p11->C_GetSlotInfo(slots[i], &si), "C_GetSlotInfo");
        if (!padded_equals(si.slotDescription, sizeof si.slotDescription, opt_reader)) continue;
        if (!opt_token) return slots[i];
        CK_TOKEN_INFO ti;
        check(p11->C_GetTokenInfo(slots[i], &ti), "C_GetTokenInfo(label)");
        if (padded_equals(ti.label, sizeof ti.label, opt_token)) return slots[i];
    }
    fail("no-token-in-reader", 0);
    return 0;
}

static CK_SLOT_ID info_workflow(void) {
    CK_SLOT_ID slot = find_slot();
    phase("slots_us");
    CK_TOKEN_INFO ti;
    check(p11->C_GetTokenInfo(slot, &ti), "C_GetTokenInfo");
    phase("tokeninfo_us");
    put("first_token_info_us", mark);
    return slot;
}

static void get_attribute(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_TYPE type, CK_ULONG *total) {
    CK_ATTRIBUTE a = {type, NULL, 0};
    CK_RV rv = p11->C_GetAttributeValue(s, o, &a, 1);
    if (rv == CKR_ATTRIBUTE_TYPE_INVALID || rv == CKR_ATTRIBUTE_SENSITIVE) return;
    check(rv, "C_GetAttributeValue(size)");
    if (a.ulValueLen == CK_UNAVAILABLE_INFORMATION) return;
    a.pValue = malloc(a.ulValueLen ? a.ulValueLen : 1);
    check(p11->C_GetAttributeValue(s, o, &a, 1), "C_GetAttributeValue");
    if (total) *total += a.ulValueLen;
    free(a.pValue);
}

static void objects_workflow(CK_SLOT_ID slot) {
    CK_SESSION_HANDLE s;
    check(p11->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s), "C_OpenSession");
    check(p11->C_FindObjectsInit(s, NULL, 0), "C_FindObjectsInit");
    CK_OBJECT_HANDLE objects[256];
    CK_ULONG count = 0, got;
    do {
        check(p11->C_FindObjects(s, objects + count, 16, &got), "C_FindObjects");
        count += got;
    } while (got > 0 && count + 16 <= 256);
    check(p11->C_FindObjectsFinal(s), "C_FindObjectsFinal");
    phase("find_us");
    CK_ULONG certs = 0, cert_bytes = 0;
    for (CK_ULONG i = 0; i < count; i++) {
        CK_OBJECT_CLASS cls;
        CK_ATTRIBUTE a = {CKA_CLASS, &cls, sizeof cls};
        check(p11->C_GetAttributeValue(s, objects[i], &a, 1), "C_GetAttributeValue(CKA_CLASS)");
        get_attribute(s, objects[i], CKA_LABEL, NULL);
        get_attribute(s, objects[i], CKA_ID, NULL);
        if (cls == CKO_CERTIFICATE) {
            certs++;
            get_attribute(s, objects[i], CKA_VALUE, &cert_bytes);
        }
    }
    phase("attributes_us");
    check(p11->C_CloseSession(s), "C_CloseSession");
    phase("close_us");
    put("objects", count);
    put("certs", certs);
    put("cert_bytes", cert_bytes);
}

static CK_OBJECT_HANDLE find_private_key(CK_SESSION_HANDLE s) {
    CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
    CK_KEY_TYPE kt = strcmp(opt_key, "ec") == 0 ? CKK_EC : CKK_RSA;
    CK_ATTRIBUTE t[] = {{CKA_CLASS, &cls, sizeof cls}, {CKA_KEY_TYPE, &kt, sizeof kt}, {CKA_ID, opt_id, opt_id_len}};
    check(p11->C_FindObjectsInit(s, t, opt_id_len ? 3 : 2), "C_FindObjectsInit(private key)");
    CK_OBJECT_HANDLE key;
    CK_ULONG n = 0;
    check(p11->C_FindObjects(s, &key, 1, &n), "C_FindObjects(private key)");
    check(p11->C_FindObjectsFinal(s), "C_FindObjectsFinal");
    if (n != 1) fail("no-private-key", 0);
    return key;
}

/* CKA_ALWAYS_AUTHENTICATE of the key (OpenPGP's signature key by default): C_Login(CKU_CONTEXT_SPECIFIC) after
 * each C_SignInit, as PKCS#11 3.0 §5.6 asks and pkcs11-tool does. */
static CK_BBOOL always_authenticate;

static void read_always_authenticate(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key) {
    CK_ATTRIBUTE a = {CKA_ALWAYS_AUTHENTICATE, &always_authenticate, sizeof always_authenticate};
    if (p11->C_GetAttributeValue(s, key, &a, 1) != CKR_OK) always_authenticate = CK_FALSE;
}

static unsigned char first_sig[1024];
static CK_ULONG first_sig_len;

static void sign_once(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key, unsigned char *sig, CK_ULONG *len) {
    CK_MECHANISM m = {opt_mech, NULL, 0};
    unsigned char buf[1024];
    CK_ULONG n = sizeof buf;
    check(p11->C_SignInit(s, &m, key), "C_SignInit");
    if (always_authenticate)
        check(p11->C_Login(s, CKU_CONTEXT_SPECIFIC, (unsigned char *)opt_pin, strlen(opt_pin)), "C_Login(CKU_CONTEXT_SPECIFIC)");
    check(p11->C_Sign(s, (unsigned char *)opt_message, strlen(opt_message), buf, &n), "C_Sign");
    CK_ULONG want = strcmp(opt_key, "ec") == 0 ? 64 : 256;
    if (n != want) fail("signature-length", n);
    if (sig) { memcpy(sig, buf, n); *len = n; }
}

typedef struct {
    CK_SLOT_ID slot;
    CK_OBJECT_HANDLE key;
    long count;
    pthread_barrier_t *start;
} worker_args;

static void *worker(void *p) {
    worker_args *w = p;
    CK_SESSION_HANDLE s;
    check(p11->C_OpenSession(w->slot, CKF_SERIAL_SESSION, NULL, NULL, &s), "C_OpenSession(worker)");
    pthread_barrier_wait(w->start);
    for (long i = 0; i < w->count; i++) sign_once(s, w->key, NULL, NULL);
    check(p11->C_CloseSession(s), "C_CloseSession(worker)");
    return NULL;
}

static void sign_workflow(CK_SLOT_ID slot) {
    CK_SESSION_HANDLE s;
    check(p11->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s), "C_OpenSession");
    phase("session_us");
    check(p11->C_Login(s, CKU_USER, (unsigned char *)opt_pin, strlen(opt_pin)), "C_Login");
    phase("login_us");
    CK_OBJECT_HANDLE key = find_private_key(s);
    read_always_authenticate(s, key);
    phase("findkey_us");
    sign_once(s, key, first_sig, &first_sig_len);
    phase("first_sign_us");

    long rest = opt_count - 1;
    if (rest > 0) {
        pthread_t threads[64];
        worker_args args[64];
        pthread_barrier_t start;
        long t = opt_threads;
        pthread_barrier_init(&start, NULL, (unsigned)t + 1);
        for (long i = 0; i < t; i++) {
            args[i] = (worker_args){slot, key, rest / t + (i < rest % t ? 1 : 0), &start};
            if (pthread_create(&threads[i], NULL, worker, &args[i]) != 0) fail("pthread_create", 0);
        }
        pthread_barrier_wait(&start);
        mark = now_us();
        for (long i = 0; i < t; i++) pthread_join(threads[i], NULL);
        phase("loop_us");
        pthread_barrier_destroy(&start);
    }
    put("loop_sigs", rest);
    size_t n = strlen(line);
    snprintf(line + n, sizeof line - n, " sig=");
    for (CK_ULONG i = 0; i < first_sig_len; i++) snprintf(line + strlen(line), sizeof line - strlen(line), "%02x", first_sig[i]);
    check(p11->C_Logout(s), "C_Logout");
    check(p11->C_CloseSession(s), "C_CloseSession");
    phase("logout_us");
}

static void parse_options(int argc, char **argv) {
    for (int i = 3; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) { fprintf(stderr, "p11bench: %s needs a value\n", o); exit(2); }
        i++;
        if (strcmp(o, "--reader") == 0) opt_reader = v;
        else if (strcmp(o, "--pin") == 0) opt_pin = v;
        else if (strcmp(o, "--token") == 0) opt_token = v;
        else if (strcmp(o, "--key") == 0) opt_key = v;
        else if (strcmp(o, "--id") == 0) {
            size_t n = strlen(v);
            if (n == 0 || n % 2 || n / 2 > sizeof opt_id) { fprintf(stderr, "p11bench: bad --id\n"); exit(2); }
            for (opt_id_len = 0; opt_id_len < n / 2; opt_id_len++) {
                unsigned b;
                if (sscanf(v + 2 * opt_id_len, "%2x", &b) != 1) { fprintf(stderr, "p11bench: bad --id\n"); exit(2); }
                opt_id[opt_id_len] = (unsigned char)b;
            }
        }
        else if (strcmp(o, "--mech") == 0) opt_mech = strtoul(v, NULL, 16);
        else if (strcmp(o, "--count") == 0) opt_count = strtol(v, NULL, 10);
        else if (strcmp(o, "--threads") == 0) opt_threads = strtol(v, NULL, 10);
        else if (strcmp(o, "--message") == 0) opt_message = v;
        else { fprintf(stderr, "p11bench: unknown option %s\n", o); exit(2); }
    }
    if (opt_count < 1 || opt_threads < 1 || opt_threads > 64) { fprintf(stderr, "p11bench: bad --count/--threads\n"); exit(2); }
}

int main(int argc, char **argv) {
    clock_gettime(CLOCK_MONOTONIC, &t_start);
    if (argc < 3) {
        fprintf(stderr, "usage: p11bench MODULE none|load|info|objects|sign [options]\n");
        return 2;
    }
    parse_options(argc, argv);
    const char *workflow = argv[2];
    snprintf(line, sizeof line, "P11BENCH workflow=%s", workflow);
    mark = 0;
    if (strcmp(workflow, "none") != 0) {
        load_and_initialize(argv[1]);
        if (strcmp(workflow, "load") != 0) {
            CK_SLOT_ID slot = info_workflow();
            if (strcmp(workflow, "objects") == 0) objects_workflow(slot);
            else if (strcmp(workflow, "sign") == 0) sign_workflow(slot);
            else if (strcmp(workflow, "info") != 0) { fprintf(stderr, "p11bench: unknown workflow %s\n", workflow); return 2; }
        }
        put("total_us", mark);
        check(p11->C_Finalize(NULL), "C_Finalize");
        phase("finalize_us");
    } else {
        put("total_us", 0);
    }
    put("cpu_us", cpu_us());
    put("maxrss_kb", peak_rss_kb());
    puts(line);
    return 0;
}
