namespace SharpSC.VirtualCard.Runtime;

/// <summary>Notes that persistent card state changed during a command, so the card saves it before answering.</summary>
internal sealed class ChangeTracker
{
    private bool _changed;

    public void Mark() => _changed = true;

    public bool Take()
    {
        var c = _changed;
        _changed = false;
        return c;
    }
}
