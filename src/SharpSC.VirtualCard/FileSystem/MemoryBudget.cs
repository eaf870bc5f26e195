using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.FileSystem;

/// <summary>
/// The card's free persistent memory (EEPROM/flash) shared by files and keys. A JCOP 2.4.2 card with
/// 80 KB of EEPROM keeps about 64 KB free once the IsoApplet is installed, hence the default.
/// </summary>
internal sealed class MemoryBudget(int capacity)
{
    public const int DefaultCapacity = 64 * 1024;

    public int Capacity { get; } = capacity;
    public int Used { get; private set; }
    public int Free => Capacity - Used;

    /// <summary>Reserves bytes or ends the command with 6A84 (not enough memory space).</summary>
    public void Reserve(int bytes)
    {
        if (bytes > Free) throw IsoException.Of(StatusWords.FileFull);
        Used += bytes;
    }

    /// <summary>Replaces an allocation of <paramref name="oldBytes"/> by one of <paramref name="newBytes"/>.</summary>
    public void Replace(int oldBytes, int newBytes)
    {
        if (newBytes - oldBytes > Free) throw IsoException.Of(StatusWords.FileFull);
        Used += newBytes - oldBytes;
    }

    /// <summary>Checks that a replacement would fit, without reserving (6A84 when it would not).</summary>
    public void EnsureRoom(int oldBytes, int newBytes)
    {
        if (newBytes - oldBytes > Free) throw IsoException.Of(StatusWords.FileFull);
    }

    public void Release(int bytes) => Used = Math.Max(0, Used - bytes);

    /// <summary>Sets the usage after a state file was loaded.</summary>
    public void Restore(int used) => Used = used;
}
