namespace SharpSC.Pkcs11.Slots;

/// <summary>
/// A PKCS#11 slot = a PC/SC reader. The ID is given when the reader is first seen and kept for the
/// life of the module (a reader that goes and comes back under the same name gets its ID back).
/// </summary>
internal sealed class Slot
{
    public Slot(ulong id, string readerName)
    {
        Id = id;
        ReaderName = readerName;
    }

    public ulong Id { get; }

    public string ReaderName { get; }

    /// <summary>The reader is currently listed by PC/SC.</summary>
    public bool ReaderPresent { get; set; } = true;

    /// <summary>The token of the card currently in the reader, once a caller needed it.</summary>
    public Tokens.Token? Token { get; set; }
}
