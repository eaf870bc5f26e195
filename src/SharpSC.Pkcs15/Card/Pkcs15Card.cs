using SharpSC.Cards.Drivers;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Card;

/// <summary>
/// The PKCS#15 structure of a card, read through its driver: loads EF.DIR, ODF, TokenInfo and the
/// directory files in one card transaction, and reads object values (certificates, public keys, data)
/// on demand. The read side shared by the PKCS#11 engine and the CLI.
/// </summary>
public sealed class Pkcs15Card
{
    private Pkcs15Card(CardDriver driver, Pkcs15Application? application, string? missingReason)
    {
        Driver = driver;
        Application = application;
        MissingReason = missingReason;
    }

    public CardDriver Driver { get; }

    /// <summary>The PKCS#15 application, or null on a card that has none (blank, or another layout).</summary>
    public Pkcs15Application? Application { get; }

    /// <summary>Why <see cref="Application"/> is null.</summary>
    public string? MissingReason { get; }

    /// <summary>
    /// Reads the structure. A card without PKCS#15 gives a null <see cref="Application"/>; malformed
    /// PKCS#15 data throws <see cref="Pkcs15FormatException"/> naming the file and offset.
    /// </summary>
    public static Pkcs15Card Read(CardDriver driver)
    {
        ArgumentNullException.ThrowIfNull(driver);
        using var transaction = driver.BeginTransaction();
        try
        {
            return new Pkcs15Card(driver, Pkcs15Loader.Load(path => ReadFileOrNull(driver, path)), null);
        }
        catch (Pkcs15FormatException e) when (e.Offset == null)
        {
            // A required file (EF.DIR/ODF/TokenInfo) is missing: the card carries no PKCS#15 application.
            return new Pkcs15Card(driver, null, e.Message);
        }
    }

    /// <summary>
    /// A card taken as having no PKCS#15 structure without reading it (e.g. to erase one that does not parse).
    /// </summary>
    public static Pkcs15Card WithoutStructure(CardDriver driver, string reason)
    {
        ArgumentNullException.ThrowIfNull(driver);
        return new Pkcs15Card(driver, null, reason);
    }

    /// <summary>
    /// The same card with another structure: what a writer returns after changing the card, so callers refresh
    /// without reading the card again. Null <paramref name="application"/> means the card has none (erased).
    /// </summary>
    public Pkcs15Card WithApplication(Pkcs15Application? application, string? missingReason = null) =>
        new(Driver, application, application is null ? missingReason ?? "the card carries no PKCS#15 structure" : null);

    /// <summary>
    /// Reads a whole file by absolute hex path; null when the card has no such file. PKCS#15 files are
    /// BER-TLV objects padded with zeros, so reading stops at the end of the last object.
    /// </summary>
    public static byte[]? ReadFileOrNull(CardDriver driver, string hexPath)
    {
        try
        {
            return driver.ReadFile(CardPath.Parse(hexPath), ContentLength.BerTlvObjects);
        }
        catch (CardException e) when (e.Error is CardError.FileNotFound or CardError.RecordNotFound)
        {
            return null;
        }
    }

    /// <summary>The bytes of an object value: direct, or (part of) the file its path names.</summary>
    public byte[] ReadValue(ObjectValue value)
    {
        if (value.Direct is { } direct) return direct.ToArray();
        if (value.Path is not { } path)
            throw new Pkcs15FormatException("object value", null, $"unsupported value form ({value})");
        var app = Application ?? throw new InvalidOperationException("no PKCS#15 application");
        var absolute = app.Resolve(path);
        byte[] content;
        if (absolute.Index is { } index && absolute.Length is { } length)
        {
            content = Driver.ReadBinary(CardPath.Parse(absolute.Hex), index, length);
        }
        else
        {
            content = Driver.ReadFile(CardPath.Parse(absolute.Hex), ContentLength.SingleBerTlvObject);
        }
        return content;
    }
}
