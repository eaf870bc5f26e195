using System.Globalization;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Connection;
using SharpSC.Cli.Errors;
using SharpSC.Cli.Output;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands;

/// <summary>
/// What the generic commands do on an OpenPGP card: list and dump the three key slots, export a slot's public
/// key or certificate, store or delete a slot's certificate; and `openpgp set-attributes`.
/// </summary>
internal static class OpenPgpObjectCommands
{
    public static int List(Invocation invocation, CliEnvironment env, bool dump)
    {
        using var session = CardSession.Open(env, invocation);
        var driver = OpenPgpCommand.Require(session);
        var data = driver.ApplicationData;
        var name = driver.ReadCardholderData().DisplayName;
        var token = name.Length > 0 ? name : "OpenPGP card " + data.Aid.SerialText;
        var certificates = driver.ReadCertificates();
        var keys = new List<JsonSlotKey>();
        foreach (var key in OpenPgpKeyRefs.All)
        {
            if (data.KeyPresent(key) != true)
                continue;
            var id = new[] { (byte)key };
            var time = data.GenerationTimes[key.Index()];
            var publicKey = dump ? driver.ReadPublicKey(key) : null;
            keys.Add(new JsonSlotKey(key.ShortName(), key.Label(), Convert.ToHexString(id), data.AttributesOf(key).ToString(), null, null, null,
                data.HasFingerprint(key) ? Convert.ToHexString(data.FingerprintOf(key)) : null,
                time == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(time).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                Pkcs11Uri.For(token, id, key.Label(), "private"),
                publicKey is null ? null : PublicKeyPem(SubjectPublicKeyInfo(publicKey)),
                SlotKeysView.Certificate(certificates.GetValueOrDefault(key), Pkcs11Uri.For(token, id, key.Label(), "cert"), dump)));
        }
        var card = new JsonSlotCard(session.ReaderLabel, $"{driver.Name} ({driver.Version})", token, keys);
        Print(env, invocation, card, CliJson.Context.JsonSlotCard, o => SlotKeysView.Write(o, card, dump));
        return 0;
    }

    /// <summary>export --key sig [--type cert]: the public key the card answers (GENERATE 81) or the slot's certificate.</summary>
    public static int Export(Invocation invocation, CliEnvironment env)
    {
        var key = OpenPgpCommand.KeySlot(invocation);
        var type = ExportCommand.Type(invocation);
        using var session = CardSession.Open(env, invocation);
        var driver = OpenPgpCommand.Require(session);
        if (type == "cert")
        {
            var der = driver.ReadCertificate(key) ?? throw new CliException(ExitCodes.Failure, $"the {key.ShortName()} key has no certificate");
            return ExportCommand.Write(env, invocation, "CERTIFICATE", der);
        }
        var publicKey = driver.ReadPublicKey(key) ?? throw new CliException(ExitCodes.Failure, $"the {key.ShortName()} slot has no key");
        return ExportCommand.Write(env, invocation, "PUBLIC KEY", SubjectPublicKeyInfo(publicKey));
    }

    /// <summary>import-cert --key aut FILE: the certificate into the slot's DO 7F21 (needs the admin PIN).</summary>
    public static int ImportCertificate(Invocation invocation, CliEnvironment env)
    {
        var key = OpenPgpCommand.KeySlot(invocation);
        var path = invocation.Argument(0)!;
        using var certificate = Piv.PivKeyCommands.LoadCertificate(ReadInput(env, path), path);
        using var adminPin = env.Secrets.Get(invocation, "admin-pin", "admin PIN");
        using var session = CardSession.Open(env, invocation);
        var driver = OpenPgpCommand.Require(session);
        driver.Verify(OpenPgpPassword.Pw3, adminPin.Span);
        driver.WriteCertificate(key, certificate.RawData);
        return OpenPgpCommand.Done(env, invocation, $"Certificate \"{certificate.Subject}\" written for the {key.ShortName()} key.");
    }

    /// <summary>delete --key aut --type cert: the slot's certificate. A key cannot be deleted alone (a factory reset empties every slot).</summary>
    public static int Delete(Invocation invocation, CliEnvironment env)
    {
        var key = OpenPgpCommand.KeySlot(invocation);
        if (invocation.Get("type") is not "cert")
            throw new CliException(ExitCodes.NotSupported,
                "an OpenPGP card cannot delete a key alone: generate another over it, or empty every slot with 'sharpsc openpgp reset'; --type cert deletes the certificate");
        using var adminPin = env.Secrets.Get(invocation, "admin-pin", "admin PIN");
        using var session = CardSession.Open(env, invocation);
        var driver = OpenPgpCommand.Require(session);
        if (driver.ReadCertificate(key) is null)
            throw new CliException(ExitCodes.Failure, $"the {key.ShortName()} key has no certificate");
        driver.Verify(OpenPgpPassword.Pw3, adminPin.Span);
        driver.WriteCertificate(key, []);
        return OpenPgpCommand.Done(env, invocation, $"Certificate of the {key.ShortName()} key deleted.");
    }

    public static int SetAttributes(Invocation invocation, CliEnvironment env)
    {
        var key = OpenPgpCommand.KeySlot(invocation);
        var attributes = OpenPgpCommand.Attributes(invocation, key);
        using var adminPin = env.Secrets.Get(invocation, "admin-pin", "admin PIN");
        using var session = CardSession.Open(env, invocation);
        var driver = OpenPgpCommand.Require(session);
        driver.Verify(OpenPgpPassword.Pw3, adminPin.Span);
        driver.SetAlgorithmAttributes(key, attributes);
        return OpenPgpCommand.Done(env, invocation, $"The {key.ShortName()} key's algorithm is now {attributes}.");
    }

    /// <summary>A card's public key as X.509 SubjectPublicKeyInfo (RFC 5480 EC, RFC 8410 Ed25519 and X25519).</summary>
    public static byte[] SubjectPublicKeyInfo(OpenPgpPublicKey key)
    {
        if (key.IsRsa)
            return Pkcs15.Personalisation.PublicKeyEncoding.SubjectPublicKeyInfo(new Cards.Keys.RsaPublicKeyInfo(key.Modulus!, key.Exponent!));
        var curve = key.Attributes.Curve!;
        var point = key.Point!;
        var algorithm = curve.Kind switch
        {
            OpenPgpCurveKind.Ed25519 => new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
            OpenPgpCurveKind.X25519 => new AlgorithmIdentifier(EdECObjectIdentifiers.id_X25519),
            _ => new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(curve.OidDer)),
        };
        // RFC 8410 keys are the 32 raw bytes; some cards prefix the native 0x40.
        if (curve.Kind is OpenPgpCurveKind.Ed25519 or OpenPgpCurveKind.X25519 && point.Length == 33 && point[0] == 0x40)
            point = point[1..];
        return new SubjectPublicKeyInfo(algorithm, point).GetDerEncoded();
    }
}
