using SharpSC.Diagnostics;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Slots;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tokens;

/// <summary>
/// A card in a slot, from its detection until it is removed (or the module finalizes). Owns the
/// device, the objects with their handles, and the login state shared by its sessions. Every card
/// access goes through <see cref="WithCard{T}"/>: one at a time per token, with recovery when another
/// process reset the card or re-selected the applet (which clears the card's PIN state).
/// </summary>
internal sealed class Token : IDisposable
{
    private readonly object _cardGate = new();
    private readonly object _objectsGate = new();
    private readonly Func<ulong> _newHandle;
    private readonly List<P11Object> _objects = [];
    private readonly HashSet<ObjectKind> _loaded = [];
    private PinStatus? _userPin;

    public Token(Slot slot, ITokenDevice device, uint readerEventCounter, Func<ulong> newHandle)
    {
        Slot = slot;
        Device = device;
        ReaderEventCounter = readerEventCounter;
        _newHandle = newHandle;
        Description = device.Description;
    }

    public Slot Slot { get; }

    public ITokenDevice Device { get; }

    public TokenDescription Description { get; private set; }

    /// <summary>pcscd's insert/remove counter when this token was created: a change means another card.</summary>
    public uint ReaderEventCounter { get; }

    public LoginState Login { get; } = new();

    /// <summary>The token's random number generator (C_GenerateRandom, C_SeedRandom).</summary>
    public Drbg.TokenRandom Random { get; } = new();

    public bool Removed { get; private set; }

    /// <summary>Runs a card operation; see the class comment for the recovery rules.</summary>
    public T WithCard<T>(Func<ITokenDevice, T> operation, bool needsLogin = false)
    {
        lock (_cardGate)
        {
            if (Removed) throw new Pkcs11Exception(CKR_DEVICE_REMOVED, $"the card in {Slot.ReaderName} was removed");
            var succeeded = false;
            try
            {
                var result = Attempt(operation, needsLogin);
                succeeded = true;
                return result;
            }
            finally
            {
                Device.EndCall(succeeded);
            }
        }
    }

    private T Attempt<T>(Func<ITokenDevice, T> operation, bool needsLogin)
    {
        try
        {
            return operation(Device);
        }
        catch (TokenResetException e)
        {
            Log.Info("token", $"{Slot.ReaderName}: {e.Message}; re-establishing");
            Device.Reestablish();
            PresentPinAgain();
            return operation(Device);
        }
        catch (Pkcs11Exception e) when (e.Code == CKR_USER_NOT_LOGGED_IN && needsLogin && Login.HasPin)
        {
            // The card forgot our VERIFY (another process, or another application of this card, selected
            // an applet between our transactions). Present the PIN that worked once more, holding the card
            // until the operation is repeated; if that fails, we are logged out.
            Log.Info("token", $"{Slot.ReaderName}: the card no longer has our PIN verified; presenting it again");
            using var hold = Device.HoldCard();
            PresentPinAgain();
            return operation(Device);
        }
    }

    public void WithCard(Action<ITokenDevice> operation, bool needsLogin = false) =>
        WithCard(d =>
        {
            operation(d);
            return true;
        }, needsLogin);

    private void PresentPinAgain()
    {
        if (Login.Role is not { } role || !Login.HasPin) return;
        try
        {
            Device.VerifyPin(role, Login.Pin);
        }
        catch (Pkcs11Exception e)
        {
            Log.Error("token", $"{Slot.ReaderName}: presenting the PIN again failed ({CkrNames.Name(e.Code)}); logged out");
            Login.Clear();
            _userPin = null;
            throw new Pkcs11Exception(CKR_USER_NOT_LOGGED_IN, "the card lost the login and the remembered PIN was refused", e);
        }
    }

    /// <summary>The PIN counters, asked of the card once and refreshed after each PIN operation.</summary>
    public PinStatus UserPinStatus()
    {
        var cached = _userPin;
        if (cached != null) return cached;
        var status = WithCard(d => d.QueryPin(UserRole.User));
        _userPin = status;
        return status;
    }

    public void ForgetPinStatus() => _userPin = null;

    /// <summary>All objects of the token with their handles (each group loaded from the card on first use).</summary>
    public IReadOnlyList<P11Object> Objects => ObjectsOf(Enum.GetValues<ObjectKind>());

    /// <summary>
    /// The objects of some groups, loading those groups that were not loaded yet; with <paramref name="id"/> (a search
    /// by CKA_ID) a device that can reads only the objects of that CKA_ID, and the group stays to be loaded.
    /// </summary>
    public IReadOnlyList<P11Object> ObjectsOf(IEnumerable<ObjectKind> kinds, byte[]? id = null)
    {
        var wanted = kinds.ToHashSet();
        lock (_objectsGate)
        {
            var missing = wanted.Where(k => !_loaded.Contains(k)).ToList();
            // The card gate first, as every WithCard takes it: a listing that holds the card keeps that order.
            var holding = missing.Count > 1;
            if (holding) Monitor.Enter(_cardGate);
            try
            {
                using var listing = holding ? Device.BeginListing() : null;
                Load(missing, id);
            }
            finally
            {
                if (holding) Monitor.Exit(_cardGate);
            }
            return _objects.Where(o => !o.IsToken || wanted.Contains(KindOf(o))).ToArray();
        }
    }

    private void Load(List<ObjectKind> missing, byte[]? id)
    {
        foreach (var kind in missing)
        {
            if (id != null && WithCard(d => d.LoadObjects(kind, id)) is { } part)
            {
                foreach (var o in part)
                    if (!_objects.Contains(o)) Publish(o);
                continue;
            }
            _loaded.Add(kind);
            try
            {
                foreach (var o in WithCard(d => d.LoadObjects(kind)))
                    if (!_objects.Contains(o)) Publish(o);
                // What the card could not give now is asked for again by the next search.
                if (!Device.IsComplete(kind)) _loaded.Remove(kind);
            }
            catch
            {
                _loaded.Remove(kind);
                throw;
            }
        }
    }

    /// <summary>The objects that already have handles (a handle can only name one of these).</summary>
    public IReadOnlyList<P11Object> Published
    {
        get
        {
            lock (_objectsGate) return _objects.ToArray();
        }
    }

    private static ObjectKind KindOf(P11Object o) => o switch
    {
        CertificateObject => ObjectKind.Certificates,
        PublicKeyObject => ObjectKind.PublicKeys,
        PrivateKeyObject => ObjectKind.PrivateKeys,
        _ => ObjectKind.Data,
    };

    /// <summary>Gives an object its handle and makes it visible.</summary>
    public P11Object Publish(P11Object o)
    {
        lock (_objectsGate)
        {
            o.Handle = _newHandle();
            _objects.Add(o);
            return o;
        }
    }

    /// <summary>After a write: the token objects the device says the write replaced lose their handles (<see cref="ITokenDevice.IsStale"/>).</summary>
    public void DropStaleObjects()
    {
        lock (_objectsGate)
        {
            foreach (var o in _objects.Where(o => o.IsToken && Device.IsStale(o)).ToList())
            {
                _objects.Remove(o);
                (o as IDisposable)?.Dispose();
            }
        }
    }

    public bool Unpublish(P11Object o)
    {
        lock (_objectsGate) return _objects.Remove(o);
    }

    /// <summary>Drops the session objects of a closed session.</summary>
    public void DropSessionObjects(ulong session)
    {
        lock (_objectsGate)
        {
            foreach (var o in _objects.Where(o => !o.IsToken && o.OwnerSession == session)) (o as IDisposable)?.Dispose();
            _objects.RemoveAll(o => !o.IsToken && o.OwnerSession == session);
        }
    }

    /// <summary>Re-reads the objects (after a write by us, or when the card says they changed).</summary>
    public void ReloadObjects()
    {
        lock (_objectsGate)
        {
            var sessionObjects = _objects.Where(o => !o.IsToken).ToList();
            _objects.Clear();
            _objects.AddRange(sessionObjects);
            _loaded.Clear();
        }
        Description = Device.Description;
    }

    public void MarkRemoved()
    {
        Removed = true;
        Login.Clear();
    }

    public void Dispose()
    {
        Login.Dispose();
        lock (_objectsGate)
        {
            foreach (var o in _objects) (o as IDisposable)?.Dispose();
        }
        lock (_cardGate)
        {
            Removed = true;
            Device.Dispose();
        }
    }
}
