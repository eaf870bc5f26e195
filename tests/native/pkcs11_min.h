/* The few PKCS#11 declarations these test programs need, written from the PKCS#11 3.0 specification
 * (natural alignment, CK_ULONG = unsigned long: Linux/macOS layout). */
#ifndef PKCS11_MIN_H
#define PKCS11_MIN_H

typedef unsigned long CK_ULONG;
typedef CK_ULONG CK_RV;
typedef unsigned char CK_BYTE;

typedef struct { CK_BYTE major, minor; } CK_VERSION;

typedef struct {
    CK_VERSION cryptokiVersion;
    CK_BYTE manufacturerID[32];
    CK_ULONG flags;
    CK_BYTE libraryDescription[32];
    CK_VERSION libraryVersion;
} CK_INFO;

typedef struct {
    CK_BYTE slotDescription[64];
    CK_BYTE manufacturerID[32];
    CK_ULONG flags;
    CK_VERSION hardwareVersion, firmwareVersion;
} CK_SLOT_INFO;

typedef struct {
    CK_RV (*CreateMutex)(void **);
    CK_RV (*DestroyMutex)(void *);
    CK_RV (*LockMutex)(void *);
    CK_RV (*UnlockMutex)(void *);
    CK_ULONG flags;
    void *pReserved;
} CK_C_INITIALIZE_ARGS;

typedef struct CK_FUNCTION_LIST {
    CK_VERSION version;
    CK_RV (*C_Initialize)(void *);
    CK_RV (*C_Finalize)(void *);
    CK_RV (*C_GetInfo)(CK_INFO *);
    CK_RV (*C_GetFunctionList)(struct CK_FUNCTION_LIST **);
    CK_RV (*C_GetSlotList)(CK_BYTE, CK_ULONG *, CK_ULONG *);
    CK_RV (*C_GetSlotInfo)(CK_ULONG, CK_SLOT_INFO *);
    /* the rest of the 2.40 table is not used by these programs */
    void *rest[62];
} CK_FUNCTION_LIST;

typedef struct {
    CK_BYTE *pInterfaceName;
    void *pFunctionList;
    CK_ULONG flags;
} CK_INTERFACE;

#define CKR_OK 0x0UL
#define CKR_ARGUMENTS_BAD 0x7UL
#define CKR_CANT_LOCK 0xAUL
#define CKR_BUFFER_TOO_SMALL 0x150UL
#define CKR_CRYPTOKI_NOT_INITIALIZED 0x190UL
#define CKR_CRYPTOKI_ALREADY_INITIALIZED 0x191UL
#define CKF_OS_LOCKING_OK 0x2UL

#endif
