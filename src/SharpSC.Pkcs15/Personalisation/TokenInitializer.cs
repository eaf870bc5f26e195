using SharpSC.Cards.Drivers;
using SharpSC.Cards.Families;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Pkcs15.Files;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>
/// Creates the PKCS#15 structure on a card that has none, in an order that keeps it invisible until it is
/// complete: PIN/PUK, application DF, AODF (with the PIN entry) and the empty directory files, the ODF, then
/// TokenInfo (readers open a PKCS#15 card by TokenInfo: from here it is there, whole) and EF.DIR last.
/// </summary>
internal sealed class TokenInitializer(CardDriver driver, PersonalisationProfile profile, TimeProvider clock)
{
    private readonly List<string> _notes = [];

    public IReadOnlyList<string> Notes => _notes;

    public Pkcs15Application Run(TokenInitialization request)
    {
        var app = BuildModel(request);
        var tokenInfo = Pkcs15Codec.EncodeTokenInfo(app.TokenInfo);
        var efDir = Pkcs15Codec.EncodeEfDir(app.EfDir!);
        if (tokenInfo.Length > profile.Layout.TokenInfo.Size || efDir.Length > profile.Layout.EfDir.Size)
            throw new PersonalisationException(PersonalisationError.InvalidRequest, $"the label '{request.Label}' is too long for this card's TokenInfo/EF.DIR");
        SetUpPins(request);
        RemoveLeftovers(app);
        WriteStructure(app, tokenInfo, efDir);
        profile.Family.FinishInitialisation();
        return Pkcs15Loader.Load(path => Read(app, path, tokenInfo, efDir));
    }

    private Pkcs15Application BuildModel(TokenInitialization request)
    {
        if (string.IsNullOrWhiteSpace(request.Label))
            throw new PersonalisationException(PersonalisationError.InvalidRequest, "the token needs a label");
        var layout = profile.Layout;
        var appPath = new Pkcs15Path(Pkcs15Path.MasterFile).Append(layout.ApplicationFileId);
        var pins = profile.Family.PinEntries(Setup(request)).Select(PersonalisationProfile.ToPinObject).ToArray();
        var directories = profile.Directories.Select(d => new Pkcs15DirectoryFile
        {
            Kind = d.Kind,
            Path = appPath.Append(d.FileId),
            Objects = d.Kind == DirectoryKind.AuthObjects ? ValueList.From<Pkcs15Object>(pins) : [],
        }).ToList();
        var serial = request.SerialNumber ?? new ByteString(SharpSC.Diagnostics.SystemRandom.GetBytes(layout.SerialNumberLength));
        return new Pkcs15Application
        {
            EfDir = new EfDir
            {
                Applications = [new ApplicationTemplate { Aid = EfDir.Pkcs15Aid, Label = request.Label, Path = appPath.Value }],
            },
            ApplicationPath = appPath,
            OdfPath = appPath.Append(layout.Odf.FileId),
            TokenInfoPath = appPath.Append(layout.TokenInfo.FileId),
            Odf = new Odf { Entries = ValueList.From(directories.Select(d => new OdfEntry(d.Kind, d.Path))) },
            TokenInfo = new TokenInfo
            {
                Version = 0,
                SerialNumber = serial,
                ManufacturerId = request.Manufacturer ?? layout.DefaultManufacturer,
                Label = request.Label,
                Flags = profile.TokenFlags,
                LastUpdate = LastUpdate.FromTime(clock.GetUtcNow()),
            },
            Directories = ValueList.From(directories),
        };
    }

    private static PinSetup Setup(TokenInitialization request) => new()
    {
        UserPin = request.UserPin,
        Puk = request.Puk,
        SoPin = request.SoPin,
        SoPuk = request.SoPuk,
    };

    /// <summary>
    /// Checks the secrets against what the card family says of its PINs, then lets the family give the card its
    /// PINs (<see cref="CardPersonalisation.SetUpPins"/>: IsoApplet sets PUK and PIN once, MyEID creates them).
    /// </summary>
    private void SetUpPins(TokenInitialization request)
    {
        var pins = driver.Facts.Pins;
        if (request.SoPin is not null && pins.SecurityOfficer.Kind != SecurityOfficerKind.Pin)
            throw new PersonalisationException(PersonalisationError.NotSupported, pins.SecurityOfficer.Kind == SecurityOfficerKind.Puk
                ? $"{profile.Name} cards have no SO PIN (the PUK unblocks the user PIN): initialise without one"
                : $"{profile.Name} cards have no SO PIN: initialise without one");
        var format = profile.Layout.UserPinEntry.Pin.Format;
        if (request.UserPin is { } given && (given.Length < format.MinLength || given.Length > format.MaxLength))
            throw new PersonalisationException(PersonalisationError.InvalidRequest, $"the PIN must have {format.MinLength} to {format.MaxLength} characters");
        if (request.Puk is { } puk && pins.Puk?.Format is { } pukFormat && (puk.Length < pukFormat.MinLength || puk.Length > pukFormat.MaxLength))
            throw new PersonalisationException(PersonalisationError.InvalidRequest, pukFormat.MinLength == pukFormat.MaxLength
                ? $"the PUK must have exactly {pukFormat.MinLength} characters"
                : $"the PUK must have {pukFormat.MinLength} to {pukFormat.MaxLength} characters");
        if (request.SoPin is { } so && pins.SecurityOfficerFormat is { } soFormat && (so.Length < soFormat.MinLength || so.Length > soFormat.MaxLength))
            throw new PersonalisationException(PersonalisationError.InvalidRequest, $"the SO PIN must have {soFormat.MinLength} to {soFormat.MaxLength} characters");
        try
        {
            _notes.AddRange(profile.Family.SetUpPins(Setup(request)));
        }
        catch (ArgumentException e)
        {
            throw new PersonalisationException(PersonalisationError.InvalidRequest, e.Message, e);
        }
    }

    /// <summary>Deletes what an interrupted initialisation or erase left (the card has no readable structure).</summary>
    private void RemoveLeftovers(Pkcs15Application app)
    {
        foreach (var path in new[] { WriteSession.ToCardPath(app.ApplicationPath), CardPath.MasterFile.Append(profile.Layout.EfDir.FileId) })
        {
            try
            {
                driver.SelectFile(path);
            }
            catch (CardException e) when (e.Error == CardError.FileNotFound)
            {
                continue;
            }
            driver.DeleteFile(path);
            _notes.Add($"removed {path} left by an earlier, interrupted initialisation or erase");
        }
    }

    private void WriteStructure(Pkcs15Application app, byte[] tokenInfo, byte[] efDir)
    {
        var layout = profile.Layout;
        var appDf = WriteSession.ToCardPath(app.ApplicationPath);
        driver.CreateFile(CardPath.MasterFile,
            FileSpec.Df(layout.ApplicationFileId, layout.ApplicationDfSize, layout.ApplicationDfAcl, EfDir.Pkcs15Aid.ToArray()));
        foreach (var dir in app.Directories)
        {
            var file = profile.LayoutOf(dir.Kind).File;
            var content = Pkcs15Codec.EncodeDirectory(dir.Objects);
            if (content.Length > file.Size)
                throw new PersonalisationException(PersonalisationError.DirectoryFull, $"the {dir.Kind.ShortName()} entries do not fit {file.Size} bytes");
            CreateAndWrite(appDf, file, content);
        }
        CreateAndWrite(appDf, layout.Odf, Pkcs15Codec.EncodeOdf(app.Odf));
        CreateAndWrite(appDf, layout.TokenInfo, tokenInfo);
        CreateAndWrite(CardPath.MasterFile, layout.EfDir, efDir);
    }

    /// <summary>CREATE FILE, then (the new EF is current) its content, if any.</summary>
    private void CreateAndWrite(CardPath parent, LayoutFile file, byte[] content)
    {
        driver.CreateFile(parent, FileSpec.TransparentEf(file.FileId, file.Size, file.Acl));
        if (content.Length > 0)
            driver.UpdateBinary(parent.Append(file.FileId), 0, content);
    }

    /// <summary>The files just written, for decoding the model exactly as a reader of the card will.</summary>
    private static byte[]? Read(Pkcs15Application app, string path, byte[] tokenInfo, byte[] efDir)
    {
        if (path == Pkcs15Loader.EfDirPath.Hex) return efDir;
        if (path == app.TokenInfoPath.Hex) return tokenInfo;
        if (path == app.OdfPath.Hex) return Pkcs15Codec.EncodeOdf(app.Odf);
        return app.Directories.FirstOrDefault(d => d.Path.Hex == path) is { } dir ? Pkcs15Codec.EncodeDirectory(dir.Objects) : null;
    }
}
