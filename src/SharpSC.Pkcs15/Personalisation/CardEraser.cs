using SharpSC.Cards.Drivers;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Families;
using SharpSC.Cards.Files;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>
/// Takes a card back to blank as far as the card allows: makes the keys in the slots the PrKDF references
/// unusable (optional; cards that keep keys in files lose them with the application DF), deletes the
/// application DF (IsoApplet drops its whole subtree with it: one APDU removes the structure) and then EF.DIR.
/// What stays on IsoApplet: the applet's PIN, PUK and their retry counters, and the applet's life cycle (only
/// reinstalling the applet resets them); keys in slots no PrKDF entry references.
/// </summary>
internal static class CardEraser
{
    public static List<string> Run(CardDriver driver, PersonalisationProfile profile, Pkcs15Application? app, EraseOptions options)
    {
        var done = new List<string>();
        if (app is not null && options.DestroyKeys && profile.Layout.Keys == KeyStorage.Slots)
        {
            foreach (var slot in app.PrivateKeys.Select(k => k.Key.KeyReference).OfType<int>().Distinct().Order())
            {
                profile.Family.DestroyKey(slot);
                done.Add($"overwrote key slot {slot}");
            }
        }
        var appDf = app is not null ? WriteSession.ToCardPath(app.ApplicationPath) : CardPath.MasterFile.Append(profile.Layout.ApplicationFileId);
        foreach (var path in new[] { appDf, CardPath.MasterFile.Append(profile.Layout.EfDir.FileId) })
        {
            try
            {
                driver.DeleteFile(path);
                done.Add($"deleted {path}");
            }
            catch (CardException e) when (e.Error == CardError.FileNotFound)
            {
            }
        }
        return done;
    }
}
