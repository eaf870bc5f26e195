namespace SharpSC.Pkcs11.Module;

/// <summary>Monotonic handles (sessions, objects): 0 is CK_INVALID_HANDLE and never issued.</summary>
internal sealed class HandleCounter
{
    private long _last;

    public ulong Next() => (ulong)Interlocked.Increment(ref _last);
}
