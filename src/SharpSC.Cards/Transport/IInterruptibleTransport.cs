namespace SharpSC.Cards.Transport;

/// <summary>
/// A connection whose blocked call can be made to return from another thread. The connection is
/// unusable afterwards (it is closed and opened again). <see cref="DeadlineTransport"/> then runs every
/// call on the caller's own thread and only interrupts one that misses its deadline, instead of handing
/// each call to a worker thread.
/// </summary>
public interface IInterruptibleTransport
{
    /// <summary>Whether <see cref="Interrupt"/> works for this connection.</summary>
    bool CanInterrupt { get; }

    /// <summary>Makes the call blocked in this connection return at once with an error (safe from any thread).</summary>
    void Interrupt();
}
