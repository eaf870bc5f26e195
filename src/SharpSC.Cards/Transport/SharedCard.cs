namespace SharpSC.Cards.Transport;

/// <summary>
/// What the applications found on one card share inside this process: the lock that lets one of them use
/// the card at a time (held for a driver's outermost transaction), and which of them selected itself last,
/// so that a driver whose application another one deselected selects it again before its next command.
/// Each <see cref="ApduChannel"/> of the card carries the same instance; a channel made on its own has one
/// of its own.
/// </summary>
public sealed class SharedCard
{
    private readonly Lock _lock = new();
    private object? _selectedBy;

    /// <summary>Takes the card for one application (reentrant; released by <see cref="Exit"/> on the same thread).</summary>
    internal void Enter() => _lock.Enter();

    internal void Exit() => _lock.Exit();

    /// <summary>Is <paramref name="application"/>'s application the one selected on the card, as far as this process knows?</summary>
    internal bool IsSelectedBy(object application) => ReferenceEquals(Volatile.Read(ref _selectedBy), application);

    /// <summary>
    /// No application of this process is known to be selected: after a probe that found nothing, or after a reset.
    /// A probe's SELECT of an AID the card lacks leaves the card's selection where it was (Java Card 2.2.2 JCRE §4.5.1).
    /// </summary>
    internal bool SelectionUnknown => Volatile.Read(ref _selectedBy) == null;

    /// <summary>Records who selected itself last; null when the selection is unknown (e.g. after another application's probe).</summary>
    internal void SelectedBy(object? application) => Volatile.Write(ref _selectedBy, application);

    /// <summary>Forgets the selection unless <paramref name="application"/> holds it no more (it leaves a selection others made alone).</summary>
    internal void Release(object application) => Interlocked.CompareExchange(ref _selectedBy, null, application);
}
