using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Objects.Templates;
using SharpSC.Pkcs11.Operations;
using SharpSC.Pkcs11.Sessions;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11;

/// <summary>
/// Writing: key generation on the card, object creation, destruction, relabelling, token
/// initialisation (PKCS#11 3.0 §5.6, §5.7, §5.14). Token objects go to the card through the device
/// (the same personaliser the CLI uses); session objects (CKA_TOKEN false) live in memory until their
/// session closes. Templates are checked completely before anything is written.
/// </summary>
public static partial class Cryptoki
{
    public static ulong GenerateKeyPair(ulong session, Mechanism mechanism, CkAttribute[] publicTemplate, CkAttribute[] privateTemplate,
        out ulong publicKey, out ulong privateKey)
    {
        publicKey = privateKey = 0;
        using var call = Enter();
        var s = SessionOf(call.State, session);
        var token = s.Token;
        MechanismRules.Require(mechanism, token.Description, Constants.CKF.CKF_GENERATE_KEY_PAIR);
        var request = KeyPairTemplates.Parse(mechanism, publicTemplate, privateTemplate, token.Description.Capabilities);
        RequireWritableSession(s, needsUser: true);
        token.ObjectsOf([ObjectKind.PrivateKeys, ObjectKind.PublicKeys]);
        var (priv, pub) = token.WithCard(d => d.GenerateKeyPair(request), needsLogin: true);
        token.DropStaleObjects();
        publicKey = token.Publish(pub).Handle;
        privateKey = token.Publish(priv).Handle;
        return CKR_OK;
    }

    public static ulong CreateObject(ulong session, CkAttribute[] template, out ulong handle)
    {
        handle = 0;
        using var call = Enter();
        var s = SessionOf(call.State, session);
        var create = CreateTemplates.Parse(template);
        handle = Create(s, create).Handle;
        return CKR_OK;
    }

    /// <summary>
    /// C_CopyObject: certificates, data objects and public keys can be copied (for example a session
    /// object onto the token); card keys cannot (CKA_COPYABLE is false: they never leave the card). The
    /// template may change only what PKCS#11 lets a copy change (<see cref="ObjectCopy.CheckTemplate"/>).
    /// </summary>
    public static ulong CopyObject(ulong session, ulong handle, CkAttribute[] template, out ulong newHandle)
    {
        newHandle = 0;
        using var call = Enter();
        var s = SessionOf(call.State, session);
        var source = VisibleObject(s, handle);
        if (!ObjectCopy.IsCopyable(source)) return CKR_ACTION_PROHIBITED;
        ObjectCopy.CheckTemplate(source, template);
        var merged = ObjectCopy.Attributes(source).Where(a => template.All(t => t.Type != a.Type)).Concat(template).ToList();
        newHandle = Create(s, CreateTemplates.Parse(merged)).Handle;
        return CKR_OK;
    }

    public static ulong DestroyObject(ulong session, ulong handle)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        var o = VisibleObject(s, handle);
        if (o.IsToken)
        {
            if (!o.IsDestroyable) return CKR_ACTION_PROHIBITED;
            RequireWritableSession(s, needsUser: true);
            s.Token.WithCard(d => d.Destroy(o), needsLogin: true);
            s.Token.DropStaleObjects();
        }
        s.Token.Unpublish(o);
        (o as IDisposable)?.Dispose();
        return CKR_OK;
    }

    /// <summary>C_SetAttributeValue: CKA_LABEL and CKA_ID (what PKCS#15 holds); everything else is read-only here.</summary>
    public static ulong SetAttributeValue(ulong session, ulong handle, CkAttribute[] template)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        if (VisibleObject(s, handle) is not StorageObject o) return CKR_ACTION_PROHIBITED;
        string? label = null;
        byte[]? id = null;
        bool? sensitive = null, extractable = null;
        foreach (var a in template)
        {
            switch (a.Type)
            {
                case CKA_LABEL:
                    label = AttributeCodec.ReadUtf8(a);
                    break;
                case CKA_ID when o is not DataObject:
                    id = a.Value;
                    break;
                case CKA_SENSITIVE when o is SecretKeyObject:
                    sensitive = AttributeCodec.ReadBool(a);
                    break;
                case CKA_EXTRACTABLE when o is SecretKeyObject:
                    extractable = AttributeCodec.ReadBool(a);
                    break;
                default:
                    return o.Get(a.Type).Status == CKR_ATTRIBUTE_TYPE_INVALID ? CKR_ATTRIBUTE_TYPE_INVALID : CKR_ATTRIBUTE_READ_ONLY;
            }
        }
        if (o.IsToken)
        {
            if (!o.IsModifiable) return CKR_ACTION_PROHIBITED;
            RequireWritableSession(s, needsUser: true);
            s.Token.WithCard(d => d.Update(o, new ObjectUpdate(label, id)), needsLogin: true);
        }
        else if (!o.IsModifiable)
            return CKR_ACTION_PROHIBITED;
        // PKCS#11 3.0 §4.10: CKA_SENSITIVE only becomes true, CKA_EXTRACTABLE only false.
        if (o is SecretKeyObject key && !key.TryProtect(sensitive, extractable)) return CKR_ATTRIBUTE_READ_ONLY;
        if (label != null) o.Label = label;
        if (id != null) o.Id = id;
        return CKR_OK;
    }

    /// <summary>
    /// C_InitToken erases the card's PKCS#15 structure and builds a new one (PKCS#11 3.0 §5.6.1): no
    /// session may be open; the device decides what the SO PIN means on its card and how the erase is
    /// guarded.
    /// </summary>
    public static ulong InitToken(ulong slotId, byte[]? soPin, string label)
    {
        using var call = Enter();
        var token = call.State.Tokens.RequireToken(FindSlot(call.State, slotId));
        if (call.State.Sessions.OfToken(token).Count > 0) return CKR_SESSION_EXISTS;
        if (soPin == null) return token.Description.ProtectedAuthenticationPath ? CKR_FUNCTION_NOT_SUPPORTED : CKR_ARGUMENTS_BAD;
        if (token.Description.ReadOnly) return CKR_TOKEN_WRITE_PROTECTED;
        token.WithCard(d => d.Initialize(soPin, label));
        call.State.Tokens.Retire(token, "re-initialised");
        return CKR_OK;
    }

    private static P11Object Create(Session s, CreateRequest create)
    {
        var token = s.Token;
        if (!create.OnToken)
            return token.Publish(SessionObjects.Create(create.Request, s.Handle));
        RequireWritableSession(s, needsUser: true);
        token.ObjectsOf(Enum.GetValues<ObjectKind>());
        var o = token.WithCard(d => d.Store(create.Request), needsLogin: true);
        token.DropStaleObjects();
        return token.Publish(o);
    }

    /// <summary>
    /// Token writes need a read/write session and the login the token names for writes: the user's PIN on
    /// PKCS#15 cards, the SO's authority where the card wants that (PIV management key, OpenPGP PW3).
    /// </summary>
    private static void RequireWritableSession(Session s, bool needsUser)
    {
        if (!s.ReadWrite) throw new Pkcs11Exception(CKR_SESSION_READ_ONLY, "token objects are changed in read/write sessions only");
        if (s.Token.Description.ReadOnly) throw new Pkcs11Exception(CKR_TOKEN_WRITE_PROTECTED, "this card is read-only");
        var authority = s.Token.Description.WriteAuthority;
        if (needsUser && s.Token.Login.Role != authority)
            throw new Pkcs11Exception(CKR_USER_NOT_LOGGED_IN,
                authority == UserRole.User ? "writing to the card needs the user PIN" : "writing to the card needs the SO login (C_Login CKU_SO)");
    }
}
