using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Operations;
using SharpSC.Pkcs11.Sessions;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKO;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11;

/// <summary>Object search and attributes (PKCS#11 3.0 §5.7).</summary>
public static partial class Cryptoki
{
    public static ulong FindObjectsInit(ulong session, CkAttribute[] template)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            if (s.Find != null) return CKR_OPERATION_ACTIVE;
            var matches = Visible(s, KindsFor(template), IdIn(template)).Where(o => o.Matches(template)).Select(o => o.Handle).ToArray();
            s.Find = new FindOperation(matches);
        }
        return CKR_OK;
    }

    public static ulong FindObjects(ulong session, int max, out ulong[] handles)
    {
        handles = [];
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            if (s.Find == null) return CKR_OPERATION_NOT_INITIALIZED;
            handles = s.Find.Take(max);
        }
        return CKR_OK;
    }

    public static ulong FindObjectsFinal(ulong session)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate)
        {
            if (s.Find == null) return CKR_OPERATION_NOT_INITIALIZED;
            s.Find = null;
        }
        return CKR_OK;
    }

    /// <summary>
    /// C_GetAttributeValue: one answer per requested type. Values derived from card content (a
    /// certificate body) are read now; a card failure fails the call.
    /// </summary>
    public static ulong GetAttributeValue(ulong session, ulong handle, ulong[] types, out AttributeValue[] values)
    {
        values = [];
        using var call = Enter();
        var s = SessionOf(call.State, session);
        var o = VisibleObject(s, handle);
        var result = new AttributeValue[types.Length];
        s.Token.WithCard(_ =>
        {
            for (var i = 0; i < types.Length; i++) result[i] = o.Get(types[i]);
        });
        values = result;
        return CKR_OK;
    }

    public static ulong GetObjectSize(ulong session, ulong handle, out ulong size)
    {
        size = 0;
        using var call = Enter();
        var s = SessionOf(call.State, session);
        var o = VisibleObject(s, handle);
        size = s.Token.WithCard(_ => o.Size);
        return CKR_OK;
    }

    /// <summary>
    /// What a session may see: public objects, and private ones once the user is logged in. Private keys
    /// are CKA_PRIVATE, so before login their directory is not even read, unless the token has keys the card
    /// uses without a PIN (<see cref="TokenDescription.KeysWithoutPin"/>).
    /// </summary>
    private static IEnumerable<P11Object> Visible(Session s, IEnumerable<ObjectKind> kinds, byte[]? id = null)
    {
        var loggedIn = s.Token.Login.IsUser;
        if (!loggedIn && !s.Token.Description.KeysWithoutPin) kinds = kinds.Where(k => k != ObjectKind.PrivateKeys);
        return s.Token.ObjectsOf(kinds, id).Where(o => !o.IsPrivate || loggedIn);
    }

    /// <summary>The CKA_ID a search template asks for, if any: a device may then read only the objects of that ID.</summary>
    private static byte[]? IdIn(IReadOnlyList<CkAttribute> template) => template.FirstOrDefault(a => a.Type == CKA_ID)?.Value.ToArray();

    /// <summary>The object groups a search template can match: only the group of its CKA_CLASS, if it names one.</summary>
    private static IEnumerable<ObjectKind> KindsFor(IReadOnlyList<CkAttribute> template)
    {
        var classAttribute = template.FirstOrDefault(a => a.Type == CKA_CLASS);
        if (classAttribute == null || classAttribute.Value.Length != AttributeCodec.ULongSize) return Enum.GetValues<ObjectKind>();
        return AttributeCodec.ReadULong(classAttribute) switch
        {
            CKO_CERTIFICATE => [ObjectKind.Certificates],
            CKO_PUBLIC_KEY => [ObjectKind.PublicKeys],
            CKO_PRIVATE_KEY => [ObjectKind.PrivateKeys],
            CKO_DATA => [ObjectKind.Data],
            // CKO_SECRET_KEY and other classes: only session objects can match (derived keys).
            _ => [],
        };
    }

    private static P11Object VisibleObject(Session s, ulong handle)
    {
        var o = s.Token.Published.FirstOrDefault(x => x.Handle == handle);
        if (o == null || (o.IsPrivate && !s.Token.Login.IsUser))
            throw new Pkcs11Exception(CKR_OBJECT_HANDLE_INVALID, $"no object {handle} in this session");
        return o;
    }

    /// <summary>A key for an operation: private keys need the user logged in.</summary>
    private static T KeyOf<T>(Session s, ulong handle) where T : KeyObject
    {
        var o = s.Token.Published.FirstOrDefault(x => x.Handle == handle)
            ?? throw new Pkcs11Exception(CKR_KEY_HANDLE_INVALID, $"no key {handle}");
        if (o.IsPrivate && !s.Token.Login.IsUser)
            throw new Pkcs11Exception(CKR_USER_NOT_LOGGED_IN, "using this key needs a login");
        return o as T ?? throw new Pkcs11Exception(o is KeyObject or SecretKeyObject ? CKR_KEY_TYPE_INCONSISTENT : CKR_KEY_HANDLE_INVALID,
            $"object {handle} is not a {(typeof(T) == typeof(PrivateKeyObject) ? "private" : "public")} key");
    }
}
