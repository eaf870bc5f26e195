namespace SharpSC.Pkcs11.Operations;

/// <summary>C_FindObjectsInit .. C_FindObjectsFinal: the matching handles, handed out in order.</summary>
internal sealed class FindOperation(IReadOnlyList<ulong> handles)
{
    private int _position;

    public ulong[] Take(int max)
    {
        var n = Math.Max(0, Math.Min(max, handles.Count - _position));
        var result = new ulong[n];
        for (var i = 0; i < n; i++) result[i] = handles[_position + i];
        _position += n;
        return result;
    }
}
