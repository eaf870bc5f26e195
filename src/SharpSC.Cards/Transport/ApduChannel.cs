using System.Globalization;
using System.Security.Cryptography;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Diagnostics;

namespace SharpSC.Cards.Transport;

/// <summary>
/// Exchanges logical commands with a card over an <see cref="ICardTransport"/>: picks short or extended
/// encoding, chains long data, follows 61xx with GET RESPONSE and 6Cxx with a re-send (both bounded), counts
/// every physical APDU and traces it at Debug level with secrets redacted. It never checks the final status
/// word: that is the caller's (see <see cref="ResponseApdu.EnsureSuccess"/>).
/// </summary>
public sealed class ApduChannel
{
    internal const string TraceComponent = "apdu";
    private const byte ChainingBit = 0x10;
    private const byte InsGetResponse = 0xC0;

    public ApduChannel(ICardTransport transport, ApduChannelOptions? options = null)
    {
        Transport = transport ?? throw new ArgumentNullException(nameof(transport));
        Options = options ?? ApduChannelOptions.Default;
    }

    public ICardTransport Transport { get; }

    /// <summary>What this channel's application shares with the other applications found on the same card.</summary>
    public SharedCard Card { get; init; } = new();

    /// <summary>The card's abilities; drivers set this once they know the card.</summary>
    public ApduChannelOptions Options { get; set; }

    public ApduStatistics Statistics { get; } = new();

    /// <summary>Largest data field one APDU carries with the current options.</summary>
    public int MaxCommandData => Options.ExtendedLength ? Options.MaxExtendedCommandData : CommandApdu.MaxShortData;

    /// <summary>Largest response one APDU (without GET RESPONSE) returns with the current options.</summary>
    public int MaxResponseData => Options.ExtendedLength ? CommandApdu.MaxExtendedNe : CommandApdu.MaxShortNe;

    /// <summary>Sends one logical command and returns the card's final answer (data of all 61xx rounds joined).</summary>
    public ResponseApdu Transmit(CommandApdu command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (IsSecretBearing(command.Ins) && !command.SensitiveData && !command.Data.IsEmpty)
            command = new CommandApdu(command.Cla, command.Ins, command.P1, command.P2, command.Data, command.Ne)
            { SensitiveData = true, SensitiveResponse = command.SensitiveResponse };
        if (IsGeneralAuthenticate(command.Ins) && !(command.SensitiveData && command.SensitiveResponse))
            command = new CommandApdu(command.Cla, command.Ins, command.P1, command.P2, command.Data, command.Ne)
            { SensitiveData = true, SensitiveResponse = true };

        if (command.Data.Length <= MaxCommandData)
            return TransmitUnchained(command);
        if (!Options.CommandChaining)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"INS {command.Ins:X2}: {command.Data.Length} data bytes exceed the {MaxCommandData} one APDU carries on this card, which takes no command chaining."), nameof(command));
        return TransmitChained(command);
    }

    private ResponseApdu TransmitChained(CommandApdu command)
    {
        var chunk = MaxCommandData;
        var data = command.Data;
        var offset = 0;
        while (data.Length - offset > chunk)
        {
            var link = new CommandApdu((byte)(command.Cla | ChainingBit), command.Ins, command.P1, command.P2, data.Slice(offset, chunk))
            { SensitiveData = command.SensitiveData };
            var answer = Exchange(link);
            if (!answer.IsSuccess)
                return answer; // the chain is broken; the caller maps the status word
            offset += chunk;
        }
        var last = command.WithData(data[offset..], command.Ne);
        return CollectGetResponse(Exchange(last), last);
    }

    private ResponseApdu TransmitUnchained(CommandApdu command)
    {
        var response = Exchange(command);
        for (var retry = 0; StatusWords.IsWrongLe(response.StatusWord) && !command.SensitiveData; retry++)
        {
            if (retry >= Options.MaxWrongLeRetries)
                throw new CardException(CardError.WrongLength, string.Create(CultureInfo.InvariantCulture,
                    $"INS {command.Ins:X2}: the card kept answering {response.StatusWord:X4} after {retry} re-send(s) with its Le."), response.StatusWord);
            command = command.WithNe(StatusWords.LengthFromSw2(response.StatusWord));
            response = Exchange(command);
        }
        return CollectGetResponse(response, command);
    }

    private ResponseApdu CollectGetResponse(ResponseApdu response, CommandApdu command)
    {
        if (!StatusWords.IsBytesRemaining(response.StatusWord) || !Options.GetResponse)
            return response;
        var collected = new List<byte>(response.Data.Length + 256);
        collected.AddRange(response.Data);
        for (var round = 0; StatusWords.IsBytesRemaining(response.StatusWord); round++)
        {
            if (round >= Options.MaxGetResponseRounds || collected.Count > Options.MaxResponseData)
                throw new CardException(CardError.UnexpectedResponse, string.Create(CultureInfo.InvariantCulture,
                    $"INS {command.Ins:X2}: the card still answered {response.StatusWord:X4} after {round} GET RESPONSE rounds and {collected.Count} bytes."),
                    response.StatusWord);
            var getResponse = new CommandApdu((byte)(command.Cla & ~ChainingBit), InsGetResponse, 0, 0, ne: StatusWords.LengthFromSw2(response.StatusWord))
            { SensitiveResponse = command.SensitiveResponse };
            response = Exchange(getResponse);
            collected.AddRange(response.Data);
        }
        return new ResponseApdu(collected.ToArray(), response.StatusWord);
    }

    /// <summary>One physical exchange: encode, count, trace, transmit, parse.</summary>
    private ResponseApdu Exchange(CommandApdu command)
    {
        var extended = Options.ExtendedLength && command.NeedsExtended;
        if (!extended && command.Ne > CommandApdu.MaxShortNe)
            command = command.WithNe(CommandApdu.MaxShortNe); // the rest comes through 61xx / GET RESPONSE
        var encoded = command.Encode(extended);
        byte[] raw;
        try
        {
            if (Log.IsEnabled(LogLevel.Debug))
                Log.Debug(TraceComponent, "> " + command + (extended ? " [extended]" : ""));
            raw = Transport.Transmit(encoded);
        }
        finally
        {
            if (command.SensitiveData)
                CryptographicOperations.ZeroMemory(encoded);
        }
        Statistics.Count(encoded.Length, raw.Length);
        var response = ResponseApdu.Parse(raw);
        if (Log.IsEnabled(LogLevel.Debug))
            Log.Debug(TraceComponent, "< " + (command.SensitiveResponse && response.Data.Length > 0
                ? string.Create(CultureInfo.InvariantCulture, $"<redacted {response.Data.Length} bytes> {response.StatusWord:X4}")
                : response.ToString()));
        return response;
    }

    /// <summary>VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER always carry PINs/PUKs (ISO 7816-4 §11.5).</summary>
    private static bool IsSecretBearing(byte ins) => ins is 0x20 or 0x24 or 0x2C;

    /// <summary>
    /// GENERAL AUTHENTICATE (ISO 7816-4 §11.5, INS 86/87) carries the witness and challenges of an authentication
    /// made with a secret key (PIV: the management key) and answers deciphered blocks and key-agreement secrets:
    /// neither side is traced.
    /// </summary>
    private static bool IsGeneralAuthenticate(byte ins) => ins is 0x86 or 0x87;
}
