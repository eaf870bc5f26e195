using SharpSC.Cards.Drivers;
using SharpSC.Cards.Drivers.IsoApplet;
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
        if (tokenInfo.Length > profile.TokenInfoSize || efDir.Length > profile.EfDirSize)
            throw new PersonalisationException(PersonalisationError.InvalidRequest, $"the label '{request.Label}' is too long for this card's TokenInfo/EF.DIR");
        SetUpPins(request);
        RemoveLeftovers(app);
        WriteStructure(app, tokenInfo, efDir);
        return Pkcs15Loader.Load(path => Read(app, path, tokenInfo, efDir));
    }

    private Pkcs15Application BuildModel(TokenInitialization request)
    {
        if (string.IsNullOrWhiteSpace(request.Label))
            throw new PersonalisationException(PersonalisationError.InvalidRequest, "the token needs a label");
        var appPath = new Pkcs15Path(Pkcs15Path.MasterFile).Append(profile.ApplicationFileId);
        var pin = new PinObject
        {
            Common = new CommonObjectAttributes { Label = profile.UserPinLabel, Flags = ObjectFlags.Private | ObjectFlags.Modifiable },
            AuthId = profile.UserPinAuthId,
            Attributes = profile.UserPinAttributes,
        };
        var directories = profile.Directories.Select(d => new Pkcs15DirectoryFile
        {
            Kind = d.Kind,
            Path = appPath.Append(d.FileId),
            Objects = d.Kind == DirectoryKind.AuthObjects ? [pin] : [],
        }).ToList();
        var serial = request.SerialNumber ?? new ByteString(SharpSC.Diagnostics.SystemRandom.GetBytes(profile.SerialNumberLength));
        return new Pkcs15Application
        {
            EfDir = new EfDir
            {
                Applications = [new ApplicationTemplate { Aid = EfDir.Pkcs15Aid, Label = request.Label, Path = appPath.Value }],
            },
            ApplicationPath = appPath,
            OdfPath = appPath.Append(profile.OdfFileId),
            TokenInfoPath = appPath.Append(profile.TokenInfoFileId),
            Odf = new Odf { Entries = ValueList.From(directories.Select(d => new OdfEntry(d.Kind, d.Path))) },
            TokenInfo = new TokenInfo
            {
                Version = 0,
                SerialNumber = serial,
                ManufacturerId = request.Manufacturer ?? profile.DefaultManufacturer,
                Label = request.Label,
                Flags = profile.TokenFlags,
                LastUpdate = LastUpdate.FromTime(clock.GetUtcNow()),
            },
            Directories = ValueList.From(directories),
        };
    }

    /// <summary>
    /// IsoApplet: a blank applet gets the PUK (once) and the PIN; an applet that already has a PIN keeps it
    /// (it cannot be reset without reinstalling the applet) and needs it, or the PUK to set a new one.
    /// </summary>
    private void SetUpPins(TokenInitialization request)
    {
        if (request.SoPin is not null)
            throw new PersonalisationException(PersonalisationError.NotSupported,
                $"{profile.Name} cards have no SO PIN (the PUK unblocks the user PIN): initialise without one");
        var format = Card.Pkcs15Pins.ToReference(new PinObject { Common = new(), Attributes = profile.UserPinAttributes }).Format;
        if (request.UserPin is { } given && (given.Length < format.MinLength || given.Length > format.MaxLength))
            throw new PersonalisationException(PersonalisationError.InvalidRequest, $"the PIN must have {format.MinLength} to {format.MaxLength} characters");
        if (request.Puk is { } puk && profile.PukLength is int pukLength && puk.Length != pukLength)
            throw new PersonalisationException(PersonalisationError.InvalidRequest, $"the PUK must have exactly {pukLength} characters");
        if (driver is not IsoAppletDriver iso)
            throw new PersonalisationException(PersonalisationError.NotSupported, $"cannot set the PINs of a {driver.Name} card");

        var status = driver.GetPinStatus(IsoAppletDriver.UserPin);
        if (!status.VerificationRequired)
        {
            if (request.Puk is { } newPuk)
                SetPuk(iso, newPuk.Span);
            else
                _notes.Add("no PUK was set: a blocked PIN cannot be unblocked");
            if (request.UserPin is { } newPin)
                iso.SetInitialPin(newPin.Span);
            else
                _notes.Add("the user PIN is not set yet (C_InitPIN sets it)");
        }
        else if (request.UserPin is not { } currentPin)
        {
            throw new PersonalisationException(PersonalisationError.InvalidRequest,
                "this applet already has a user PIN (IsoApplet cannot reset it): initialise with that PIN, or with the PUK and a new PIN");
        }
        else if (request.Puk is { } existingPuk)
        {
            driver.UnblockPin(IsoAppletDriver.UserPin, IsoAppletDriver.Puk, existingPuk.Span, currentPin.Span);
            _notes.Add("the applet already had a PIN and PUK: the PUK was accepted and the PIN set anew (the PUK cannot be changed)");
        }
        else if (status.Blocked)
        {
            throw new CardException(CardError.AuthenticationBlocked,
                "the applet's PIN (set when it was first personalised) is blocked: give the PUK to set a new PIN");
        }
        else
        {
            _notes.Add("the applet already had a PIN (IsoApplet cannot reset it): it was verified and kept, as was the PUK");
        }
        if (request.UserPin is not { } pin)
            return;
        try
        {
            driver.VerifyPin(IsoAppletDriver.UserPin, pin.Span);
        }
        catch (CardException e) when (e.Error == CardError.PinIncorrect && status.VerificationRequired && request.Puk is null)
        {
            throw new CardException(CardError.PinIncorrect,
                $"the applet already has a PIN (IsoApplet cannot reset it): give that PIN, or the PUK to set a new one; {e.Message}",
                e.StatusWord, e.TriesLeft, e);
        }
    }

    private void SetPuk(IsoAppletDriver iso, ReadOnlySpan<byte> puk)
    {
        try
        {
            iso.SetPuk(puk);
        }
        catch (CardException e) when (e.Error == CardError.WrongParameters)
        {
            // IsoApplet answers 6A86 to a second PUK: an interrupted personalisation set it already.
            _notes.Add("the PUK had been set by an earlier, interrupted initialisation and was kept");
        }
    }

    /// <summary>Deletes what an interrupted initialisation or erase left (the card has no readable structure).</summary>
    private void RemoveLeftovers(Pkcs15Application app)
    {
        foreach (var path in new[] { WriteSession.ToCardPath(app.ApplicationPath), CardPath.MasterFile.Append(profile.EfDirFileId) })
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
        var appDf = WriteSession.ToCardPath(app.ApplicationPath);
        driver.CreateFile(CardPath.MasterFile,
            FileSpec.Df(profile.ApplicationFileId, profile.ApplicationDfSize, profile.ApplicationDfAcl, EfDir.Pkcs15Aid.ToArray()));
        foreach (var dir in app.Directories)
        {
            var size = profile.LayoutOf(dir.Kind).Size;
            var content = Pkcs15Codec.EncodeDirectory(dir.Objects);
            if (content.Length > size)
                throw new PersonalisationException(PersonalisationError.DirectoryFull, $"the {dir.Kind.ShortName()} entries do not fit {size} bytes");
            CreateAndWrite(appDf, dir.Path.FileId!.Value, size, profile.DirectoryFileAcl, content);
        }
        CreateAndWrite(appDf, profile.OdfFileId, profile.OdfSize, profile.StructureFileAcl, Pkcs15Codec.EncodeOdf(app.Odf));
        CreateAndWrite(appDf, profile.TokenInfoFileId, profile.TokenInfoSize, profile.StructureFileAcl, tokenInfo);
        CreateAndWrite(CardPath.MasterFile, profile.EfDirFileId, profile.EfDirSize, profile.StructureFileAcl, efDir);
    }

    /// <summary>CREATE FILE, then (the new EF is current) its content, if any.</summary>
    private void CreateAndWrite(CardPath parent, ushort fid, int size, FileAcl acl, byte[] content)
    {
        driver.CreateFile(parent, FileSpec.TransparentEf(fid, size, acl));
        if (content.Length > 0)
            driver.UpdateBinary(parent.Append(fid), 0, content);
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
