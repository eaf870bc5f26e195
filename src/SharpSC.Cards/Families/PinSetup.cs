namespace SharpSC.Cards.Families;

/// <summary>
/// The secrets a new token gets (sharpsc init, C_InitToken), as <see cref="CardPersonalisation.SetUpPins"/>
/// takes them. Null: not given. The caller owns and clears the buffers.
/// </summary>
public sealed record PinSetup
{
    public ReadOnlyMemory<byte>? UserPin { get; init; }

    /// <summary>The user PIN's unblocking code.</summary>
    public ReadOnlyMemory<byte>? Puk { get; init; }

    public ReadOnlyMemory<byte>? SoPin { get; init; }

    /// <summary>The SO PIN's unblocking code, on cards where the SO PIN has one (MyEID).</summary>
    public ReadOnlyMemory<byte>? SoPuk { get; init; }
}
