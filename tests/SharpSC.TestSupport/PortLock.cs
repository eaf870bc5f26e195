namespace SharpSC.TestSupport;

/// <summary>
/// vpcd takes one card per port. Test runs that share a machine (several test processes, or a
/// developer's manual card) wait for each other on a lock file per port instead of stealing it.
/// </summary>
public static class PortLock
{
    public static FileStream Acquire(int port, TimeSpan? timeout = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sharpsc-vpcd-{port}.lock");
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(15));
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(250);
            }
        }
    }
}
