namespace SharpSC.Cards.Transport;

/// <summary>How an <see cref="ApduChannel"/> fits commands and responses to what the card does.</summary>
public sealed record ApduChannelOptions
{
    /// <summary>The card takes extended-length APDUs (Nc up to 65535, Ne up to 65536 in one exchange).</summary>
    public bool ExtendedLength { get; init; }

    /// <summary>Data longer than one APDU holds is sent as a command chain (CLA | 0x10, ISO 7816-4 §5.3.3).</summary>
    public bool CommandChaining { get; init; } = true;

    /// <summary>61xx answers are followed by GET RESPONSE until the card says 9000 (ISO 7816-4 §5.3.4).</summary>
    public bool GetResponse { get; init; } = true;

    /// <summary>Largest data field of one APDU in extended mode (chunk size of chains in extended mode).</summary>
    public int MaxExtendedCommandData { get; init; } = 65535;

    /// <summary>Bound on the response bytes assembled from 61xx rounds (protects against a card that never stops).</summary>
    public int MaxResponseData { get; init; } = 65536;

    /// <summary>Bound on GET RESPONSE rounds for one command.</summary>
    public int MaxGetResponseRounds { get; init; } = 300;

    /// <summary>Bound on re-sends after 6Cxx for one command.</summary>
    public int MaxWrongLeRetries { get; init; } = 2;

    /// <summary>ISO 7816-4 defaults: short APDUs, chaining and GET RESPONSE allowed.</summary>
    public static ApduChannelOptions Default { get; } = new();
}
