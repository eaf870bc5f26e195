using System.Globalization;
using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Errors;
using SharpSC.Cli.Output;
using SharpSC.Pkcs15.Personalisation;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands.Piv;

/// <summary>
/// What the generic commands do on a PIV card: list and dump the slots, export a slot's public key or
/// certificate, import a PKCS#12 file into a slot, delete a slot's certificate.
/// </summary>
internal static class PivObjectCommands
{
    public static int List(Invocation invocation, CliEnvironment env, bool dump)
    {
        using var piv = PivSession.Open(env, invocation);
        var driver = piv.Driver;
        _ = driver.FirmwareVersion;
        var contents = new PivCardContents(driver);
        var token = driver.YubicoSerial is { } serial ? "YubiKey PIV #" + serial.ToString(CultureInfo.InvariantCulture) : null;
        var keys = contents.Keys().Select(k =>
        {
            var slot = PivStatusCommand.Slot(contents, k);
            var id = new[] { k.Slot.OpenScId };
            return new JsonSlotKey(slot.Slot, slot.Name, slot.Id, slot.Algorithm, slot.PinPolicy, slot.TouchPolicy, slot.Generated, null, null,
                Pkcs11Uri.For(token, id, null, "private"),
                dump && k.PublicKey is { } publicKey ? PublicKeyPem(PublicKeyEncoding.SubjectPublicKeyInfo(publicKey)) : null,
                SlotKeysView.Certificate(contents.CertificateOf(k.Slot), Pkcs11Uri.For(token, id, null, "cert"), dump));
        }).ToList();
        var card = new JsonSlotCard(piv.Card.ReaderLabel, $"{driver.Name} ({driver.Version})", token, keys);
        Print(env, invocation, card, CliJson.Context.JsonSlotCard, o => SlotKeysView.Write(o, card, dump));
        return 0;
    }

    /// <summary>export --slot 9a [--type cert]: the slot's public key (GET METADATA or its certificate) or certificate.</summary>
    public static int Export(Invocation invocation, CliEnvironment env)
    {
        var slot = PivSession.Slot(invocation, allowAttestation: true);
        var type = ExportCommand.Type(invocation);
        using var piv = PivSession.Open(env, invocation);
        var contents = new PivCardContents(piv.Driver);
        if (type == "cert")
        {
            var der = contents.CertificateOf(slot) ?? throw new CliException(ExitCodes.Failure, $"slot {PivSession.SlotName(slot)} has no certificate");
            return ExportCommand.Write(env, invocation, "CERTIFICATE", der);
        }
        var key = contents.KeyOf(slot)?.PublicKey ?? throw new CliException(ExitCodes.Failure, $"slot {PivSession.SlotName(slot)} has no key whose public key the card shows");
        return ExportCommand.Write(env, invocation, "PUBLIC KEY", PublicKeyEncoding.SubjectPublicKeyInfo(key));
    }

    /// <summary>import-p12 --slot 9a FILE: the private key into the slot, the certificate into its object (the chain has no place on PIV).</summary>
    public static int ImportP12(Invocation invocation, CliEnvironment env, Pkcs12Contents p12)
    {
        var slot = PivSession.Slot(invocation);
        using var key = PivManagementKeySource.Get(env, invocation);
        using var piv = PivSession.Open(env, invocation);
        piv.AuthenticateManagementKey(key);
        piv.Driver.ImportPrivateKey(slot, p12.Key, PivKeyCommands.PinPolicy(invocation), PivKeyCommands.TouchPolicy(invocation));
        piv.Driver.WriteCertificate(slot, p12.Certificate, compress: invocation.Has("compress"));
        new PivCardContents(piv.Driver).CoverRetiredSlot(slot);
        var name = Pkcs12Reader.CommonName(p12.Certificate) ?? "the certificate";
        var message = $"Imported the key and \"{name}\" into slot {PivSession.SlotName(slot)}" +
            (p12.Chain.Count > 0 ? $" ({p12.Chain.Count} CA certificate(s) left out: a PIV card keeps one certificate per slot)." : ".");
        return PivKeyCommands.Done(env, invocation, message);
    }

    /// <summary>delete --slot 9a: the certificate; a PIV card has no command to delete a key (only 'piv reset' empties the slots).</summary>
    public static int Delete(Invocation invocation, CliEnvironment env)
    {
        var type = invocation.Get("type") ?? "all";
        if (type is "key" or "private-key" or "public-key" or "data")
            throw new CliException(ExitCodes.NotSupported,
                type == "data" ? "a PIV card's data objects are its slots' certificates: delete with --type cert"
                    : "a PIV card cannot delete a key: generate or import another over it, or empty every slot with 'sharpsc piv reset'");
        var result = PivKeyCommands.DeleteCertificate(invocation, env);
        if (type == "all")
            env.Error.WriteLine($"{CliApp.Name}: note: the key in the slot stays (a PIV card cannot delete a key)");
        return result;
    }
}
