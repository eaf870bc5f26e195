namespace SharpSC.Pkcs11.Sessions;

/// <summary>
/// Session handles: issued from one counter for the life of the module state and never reused, so a
/// stale handle can never reach another session.
/// </summary>
internal sealed class SessionTable
{
    private readonly object _gate = new();
    private readonly Dictionary<ulong, Session> _sessions = [];

    public Session? Get(ulong handle)
    {
        lock (_gate) return _sessions.GetValueOrDefault(handle);
    }

    public void Add(Session session)
    {
        lock (_gate) _sessions.Add(session.Handle, session);
    }

    public bool Remove(ulong handle)
    {
        lock (_gate) return _sessions.Remove(handle);
    }

    public IReadOnlyList<Session> OfToken(Tokens.Token token)
    {
        lock (_gate) return _sessions.Values.Where(s => s.Token == token).ToArray();
    }

    public IReadOnlyList<Session> All
    {
        get
        {
            lock (_gate) return _sessions.Values.ToArray();
        }
    }
}
