using System.Text.Json.Serialization;

namespace SharpSC.Cli.Output;

// What --json prints (docs/CLI.md "JSON output"). Ids and ATRs are uppercase hex; times are ISO 8601 UTC.

internal sealed record JsonReader(int Index, string Name, bool CardPresent, string? Atr);

internal sealed record JsonReaders(IReadOnlyList<JsonReader> Readers);

internal sealed record JsonAtr(string Reader, string Atr);

internal sealed record JsonToken(string? Label, string? Serial, string? Manufacturer, string? LastUpdate, IReadOnlyList<string> Flags);

internal sealed record JsonPin(string? Label, string? AuthId, int? Reference, int MinLength, int? MaxLength, IReadOnlyList<string> Flags);

internal sealed record JsonKey(string Type, string Id, string? Label, string Algorithm, int? Bits, string? Curve, int? KeyReference,
    IReadOnlyList<string> Usage, string? AuthId, string? Path, string Uri);

internal sealed record JsonCertificate(string Id, string? Label, bool Authority, string? Subject, string? Issuer, string? Serial,
    string? NotBefore, string? NotAfter, string? Path, string Uri);

internal sealed record JsonData(string? Label, string? Application, string? Oid, bool Private, string? Path, string Uri);

internal sealed record JsonCard(string Reader, JsonToken? Token, IReadOnlyList<JsonPin> Pins, IReadOnlyList<JsonKey> PrivateKeys,
    IReadOnlyList<JsonKey> PublicKeys, IReadOnlyList<JsonCertificate> Certificates, IReadOnlyList<JsonData> DataObjects);

internal sealed record JsonPinStatus(bool Set, int? TriesLeft, bool Blocked);

internal sealed record JsonInfo(string Reader, string Atr, string Driver, string Version, IReadOnlyList<string> Features,
    IReadOnlyList<string> Algorithms, int? KeySlots, int? KeySlotsUsed, string? CardSerial, string? SerialNote,
    JsonPinStatus? Pin, JsonToken? Token);

internal sealed record JsonInit(JsonToken Token, IReadOnlyList<JsonPin> Pins, IReadOnlyList<string> Notes);

internal sealed record JsonKeyPair(JsonKey PrivateKey, JsonKey PublicKey, string PublicKeyPem, double Seconds);

internal sealed record JsonImport(JsonKey? PrivateKey, JsonKey? PublicKey, IReadOnlyList<JsonCertificate> Certificates);

internal sealed record JsonDataStored(JsonData DataObject);

internal sealed record JsonObjects(IReadOnlyList<string> Objects);

internal sealed record JsonSteps(IReadOnlyList<string> Steps);

internal sealed record JsonPivSlot(string Slot, string Name, string Id, string Algorithm, string PinPolicy, string? TouchPolicy, bool? Generated,
    string? CertificateSubject, string? CertificateNotAfter);

internal sealed record JsonPivStatus(string Reader, string Version, string? Serial, int? PinTriesLeft, int? PukTriesLeft, bool? PinIsDefault,
    string? ManagementKey, bool? ManagementKeyIsDefault, IReadOnlyList<JsonPivSlot> Slots);

internal sealed record JsonPivKey(string Slot, string Algorithm, string PublicKeyPem, double Seconds);

internal sealed record JsonPivCertificate(string Slot, string CertificatePem);

internal sealed record JsonOpenPgpKey(string Slot, string Algorithm, string? Fingerprint, string? Created);

internal sealed record JsonOpenPgpStatus(string Reader, string Aid, string Version, string Manufacturer, string Serial, string Cardholder,
    int SignatureCounter, bool SignaturePinForced, int Pw1Tries, int ResetCodeTries, int Pw3Tries, IReadOnlyList<JsonOpenPgpKey> Keys);

internal sealed record JsonSlotCertificate(string? Subject, string? Issuer, string? Serial, string? NotBefore, string? NotAfter, string Uri, string? Pem);

internal sealed record JsonSlotKey(string Slot, string Name, string Id, string Algorithm, string? PinPolicy, string? TouchPolicy, bool? Generated,
    string? Fingerprint, string? Created, string Uri, string? PublicKeyPem, JsonSlotCertificate? Certificate);

internal sealed record JsonSlotCard(string Reader, string Application, string? Token, IReadOnlyList<JsonSlotKey> Keys);

internal sealed record JsonExport(string Type, string Pem);

internal sealed record JsonError(int ExitCode, string Kind, string Message);

internal sealed record JsonErrorEnvelope(JsonError Error);

/// <summary>Source-generated (no reflection: the CLI is NativeAOT) serialisation of the --json output.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonReaders))]
[JsonSerializable(typeof(JsonAtr))]
[JsonSerializable(typeof(JsonCard))]
[JsonSerializable(typeof(JsonInfo))]
[JsonSerializable(typeof(JsonInit))]
[JsonSerializable(typeof(JsonKeyPair))]
[JsonSerializable(typeof(JsonImport))]
[JsonSerializable(typeof(JsonDataStored))]
[JsonSerializable(typeof(JsonObjects))]
[JsonSerializable(typeof(JsonSteps))]
[JsonSerializable(typeof(JsonPivStatus))]
[JsonSerializable(typeof(JsonPivKey))]
[JsonSerializable(typeof(JsonPivCertificate))]
[JsonSerializable(typeof(JsonOpenPgpStatus))]
[JsonSerializable(typeof(JsonOpenPgpKey))]
[JsonSerializable(typeof(JsonSlotCard))]
[JsonSerializable(typeof(JsonExport))]
[JsonSerializable(typeof(JsonErrorEnvelope))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>The serializer the CLI uses: the generated context with relaxed escaping ('+' in PEM stays '+').</summary>
internal static class CliJson
{
    public static CliJsonContext Context { get; } = new(new System.Text.Json.JsonSerializerOptions(CliJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
