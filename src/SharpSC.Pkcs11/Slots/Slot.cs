namespace SharpSC.Pkcs11.Slots;

/// <summary>
/// A PKCS#11 slot: a PC/SC reader, or one application of the card in it. A reader's first slot
/// (<see cref="Application"/> null) holds the card's first application (the only one on most cards); each
/// further application the module finds on a card in that reader gets a slot of its own, named after the
/// application ("Virtual PCD 00 00 (OpenPGP)"). IDs are given in order of first sight and kept for the life
/// of the module, per reader and application: a reader that goes and comes back under the same name, or an
/// application seen again in the same reader, gets its ID back.
/// </summary>
internal sealed class Slot
{
    public Slot(ulong id, string readerName, string? application = null)
    {
        Id = id;
        ReaderName = readerName;
        Application = application;
    }

    public ulong Id { get; }

    public string ReaderName { get; }

    /// <summary>The application this slot shows (the driver table row's name); null for the reader's first slot.</summary>
    public string? Application { get; }

    /// <summary>CK_SLOT_INFO slotDescription: the reader's name, with the application for a reader's further slots.</summary>
    public string Description => Application is null ? ReaderName : $"{ReaderName} ({Application})";

    /// <summary>The reader is currently listed by PC/SC.</summary>
    public bool ReaderPresent { get; set; } = true;

    /// <summary>The token of the card currently in the reader, once a caller needed it.</summary>
    public Tokens.Token? Token { get; set; }
}
