using System.Globalization;
using Org.BouncyCastle.X509;
using SharpSC.Cards.Keys;
using SharpSC.Pkcs15;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Objects;
using SharpSC.Pkcs15.Personalisation;

namespace SharpSC.Cli.Output;

/// <summary>The objects of a card as the CLI shows them: JSON records with PKCS#11 URIs, and readable text.</summary>
internal sealed class CardView(Pkcs15Card card, string reader)
{
    private readonly Pkcs15Application _app = card.Application ?? throw new InvalidOperationException("no PKCS#15 structure");
    private readonly Dictionary<string, PublicKeyInfo?> _publicKeys = [];

    private string? TokenLabel => _app.TokenInfo.Label;

    public JsonCard ToJson() => new(reader, Token(_app.TokenInfo), _app.Pins.Select(Pin).ToList(),
        _app.PrivateKeys.Select(k => Key(k)).ToList(), _app.PublicKeys.Select(k => Key(k)).ToList(),
        _app.Certificates.Select(Certificate).ToList(), _app.DataObjects.Select(Data).ToList());

    public static JsonToken Token(Pkcs15.Files.TokenInfo info) => new(info.Label, info.SerialNumberHex, info.ManufacturerId,
        info.LastUpdate?.TryGetTime()?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? info.LastUpdate?.Time,
        Names((uint)info.EffectiveFlags, Enum.GetValues<Pkcs15.Files.TokenFlags>().Select(f => ((uint)f, f.ToString()))));

    public static JsonPin Pin(PinObject pin) => new(pin.Label, pin.AuthId?.ToString(), pin.Attributes.Reference, pin.Attributes.MinLength,
        pin.Attributes.MaxLength, Names((uint)pin.Attributes.Flags, Enum.GetValues<PinFlags>().Select(f => ((uint)f, f.ToString()))));

    public JsonKey Key(PrivateKeyObject key, PublicKeyInfo? known = null) => new("private", key.Key.Id.Value.ToHex(), key.Label, Algorithm(key.Algorithm),
        key.KeySizeBits, (known as EcPublicKeyInfo)?.Curve.Name ?? CurveOf(key.Key.Id), key.Key.KeyReference, Usage(key.Key.Usage), key.Common.AuthId?.ToString(),
        key.Value.Path?.Hex, Pkcs11Uri.For(TokenLabel, key.Key.Id.Value.Span, key.Label, "private"));

    /// <param name="known">The public key when the caller has it (after keygen), so its file is not read again.</param>
    public JsonKey Key(PublicKeyObject key, PublicKeyInfo? known = null)
    {
        var info = known ?? PublicKey(key);
        return new JsonKey("public", key.Key.Id.Value.ToHex(), key.Label, Algorithm(key.Algorithm),
            key.ModulusLength ?? (info is null ? null : PublicKeyEncoding.SizeBits(info)), (info as EcPublicKeyInfo)?.Curve.Name, null,
            Usage(key.Key.Usage), key.Common.AuthId?.ToString(), key.Value.Path?.Hex,
            Pkcs11Uri.For(TokenLabel, key.Key.Id.Value.Span, key.Label, "public"));
    }

    public JsonCertificate Certificate(CertificateObject cert)
    {
        var parsed = Parse(cert);
        return new JsonCertificate(cert.Id.Value.ToHex(), cert.Label, cert.IsAuthority, parsed?.SubjectDN.ToString(), parsed?.IssuerDN.ToString(),
            parsed?.SerialNumber.ToString(16).ToUpperInvariant(), Time(parsed?.NotBefore), Time(parsed?.NotAfter), cert.Value.Path?.Hex,
            Pkcs11Uri.For(TokenLabel, cert.Id.Value.Span, cert.Label, "cert"));
    }

    public JsonData Data(DataObject data) => new(data.Label, data.ApplicationName, data.ApplicationOid, data.Common.IsPrivate, data.Value.Path?.Hex,
        Pkcs11Uri.For(TokenLabel, [], data.Label, "data"));

    /// <summary>The card as readable blocks, one per object, with aligned fields.</summary>
    public void WriteText(TextWriter output)
    {
        var json = ToJson();
        var t = json.Token!;
        output.WriteLine($"Token \"{t.Label}\"");
        TextBlock.Write(output, [("Serial", t.Serial), ("Manufacturer", t.Manufacturer), ("Updated", t.LastUpdate), ("Reader", reader)]);
        foreach (var pin in json.Pins)
        {
            output.WriteLine($"PIN \"{pin.Label}\"");
            TextBlock.Write(output, [("Auth ID", pin.AuthId), ("Reference", pin.Reference?.ToString(CultureInfo.InvariantCulture)),
                ("Length", $"{pin.MinLength}-{pin.MaxLength}"), ("Flags", string.Join(", ", pin.Flags))]);
        }
        foreach (var key in json.PrivateKeys.Concat(json.PublicKeys))
            WriteKey(output, key);
        foreach (var cert in json.Certificates)
            WriteCertificate(output, cert);
        foreach (var data in json.DataObjects)
        {
            output.WriteLine($"{(data.Private ? "Private" : "Public")} data object \"{data.Label}\"");
            TextBlock.Write(output, [("Application", data.Application), ("OID", data.Oid), ("URI", data.Uri)]);
        }
        if (json.PrivateKeys.Count + json.PublicKeys.Count + json.Certificates.Count + json.DataObjects.Count == 0)
            output.WriteLine("(no keys, certificates or data objects)");
    }

    public static void WriteKey(TextWriter output, JsonKey key)
    {
        var kind = key.Algorithm == "RSA" ? $"RSA-{key.Bits}" : key.Curve is { } curve ? $"EC {curve}" : $"EC-{key.Bits}";
        output.WriteLine($"{(key.Type == "private" ? "Private" : "Public")} {kind} key \"{key.Label}\"");
        TextBlock.Write(output, [("ID", key.Id.ToLowerInvariant()), ("Slot", key.KeyReference?.ToString(CultureInfo.InvariantCulture)),
            ("Usage", string.Join(", ", key.Usage)), ("PIN", key.AuthId), ("URI", key.Uri)]);
    }

    public static void WriteCertificate(TextWriter output, JsonCertificate cert)
    {
        output.WriteLine($"{(cert.Authority ? "CA certificate" : "Certificate")} \"{cert.Label}\"");
        TextBlock.Write(output, [("ID", cert.Id.ToLowerInvariant()), ("Subject", cert.Subject), ("Issuer", cert.Issuer),
            ("Valid", cert.NotBefore is null ? null : $"{cert.NotBefore} .. {cert.NotAfter}"), ("URI", cert.Uri)]);
    }

    public static IReadOnlyList<string> Usage(KeyUsageFlags usage) =>
        Names((uint)usage, Enum.GetValues<KeyUsageFlags>().Select(f => ((uint)f, f.ToString())));

    private static string Algorithm(Pkcs15.Objects.KeyAlgorithm algorithm) => algorithm == Pkcs15.Objects.KeyAlgorithm.Rsa ? "RSA" : "EC";

    private string? CurveOf(Pkcs15Id id) =>
        _app.FindPublicKey(id) is { } pub && PublicKey(pub) is EcPublicKeyInfo ec ? ec.Curve.Name : null;

    private PublicKeyInfo? PublicKey(PublicKeyObject key)
    {
        var cacheKey = key.Key.Id.ToString() + key.Value;
        if (_publicKeys.TryGetValue(cacheKey, out var known))
            return known;
        PublicKeyInfo? info = null;
        try
        {
            info = PublicKeyEncoding.TryParse(card.ReadValue(key.Value));
        }
        catch (Exception e) when (e is Cards.Errors.CardException or Pkcs15FormatException)
        {
        }
        _publicKeys[cacheKey] = info;
        return info;
    }

    private X509Certificate? Parse(CertificateObject cert)
    {
        try
        {
            return new X509Certificate(card.ReadValue(cert.Value));
        }
        catch (Exception e) when (e is Cards.Errors.CardException or Pkcs15FormatException or ArgumentException or IOException
                                      or Org.BouncyCastle.Security.Certificates.CertificateException)
        {
            return null;
        }
    }

    private static string? Time(DateTime? time) => time?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static List<string> Names(uint flags, IEnumerable<(uint Bit, string Name)> names) =>
        names.Where(n => n.Bit != 0 && (flags & n.Bit) == n.Bit).Select(n => char.ToLowerInvariant(n.Name[0]) + n.Name[1..]).ToList();
}
