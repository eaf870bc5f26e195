using SharpSC.Cards.Apdu;

namespace SharpSC.Cards.Errors;

/// <summary>
/// THE table from status word to <see cref="CardError"/> (ISO/IEC 7816-4 §5.6 tables 5 and 6; the same
/// choices as OpenSC iso7816.c). Nothing else in the code base interprets error status words.
/// </summary>
public static class StatusWordMap
{
    private static readonly Dictionary<ushort, (CardError Error, string Text)> Table = new()
    {
        [StatusWords.WarningNoInformation] = (CardError.Unknown, "warning, no information given"),
        [StatusWords.DataMayBeCorrupted] = (CardError.FileInvalid, "part of the returned data may be corrupted"),
        [StatusWords.EndOfFileReached] = (CardError.WrongParameters, "end of file reached before reading Ne bytes"),
        [StatusWords.SelectedFileDeactivated] = (CardError.FileInvalid, "selected file deactivated"),
        [StatusWords.FileControlInfoBadlyFormatted] = (CardError.FileInvalid, "file control information not formatted correctly"),
        [StatusWords.SelectedFileTerminated] = (CardError.FileInvalid, "selected file in termination state"),
        [StatusWords.VerificationFailed] = (CardError.PinIncorrect, "verification failed"),
        [StatusWords.FileFilledUp] = (CardError.NotEnoughMemory, "file filled up by the last write"),
        [StatusWords.ExecutionError] = (CardError.CardInternalError, "execution error, memory unchanged"),
        [StatusWords.MemoryFailure] = (CardError.CardInternalError, "memory failure"),
        [StatusWords.WrongLength] = (CardError.WrongLength, "wrong length (Lc or Le)"),
        [StatusWords.ClaFunctionNotSupported] = (CardError.FunctionNotSupported, "functions in CLA not supported"),
        [StatusWords.LogicalChannelNotSupported] = (CardError.LogicalChannelNotSupported, "logical channel not supported"),
        [StatusWords.SecureMessagingNotSupported] = (CardError.SecureMessagingNotSupported, "secure messaging not supported"),
        [StatusWords.LastCommandOfChainExpected] = (CardError.ChainingNotSupported, "last command of the chain expected"),
        [StatusWords.CommandChainingNotSupported] = (CardError.ChainingNotSupported, "command chaining not supported"),
        [StatusWords.CommandNotAllowed] = (CardError.CommandNotAllowed, "command not allowed"),
        [StatusWords.IncompatibleFileStructure] = (CardError.IncompatibleFileStructure, "command incompatible with file structure"),
        [StatusWords.SecurityStatusNotSatisfied] = (CardError.SecurityStatusNotSatisfied, "security status not satisfied"),
        [StatusWords.AuthenticationMethodBlocked] = (CardError.AuthenticationBlocked, "authentication method blocked"),
        [StatusWords.ReferenceDataNotUsable] = (CardError.ReferenceDataNotUsable, "reference data not usable / data invalid"),
        [StatusWords.ConditionsOfUseNotSatisfied] = (CardError.ConditionsNotSatisfied, "conditions of use not satisfied"),
        [StatusWords.CommandNotAllowedNoCurrentEf] = (CardError.CommandNotAllowed, "command not allowed (no current EF)"),
        [StatusWords.SecureMessagingDataObjectMissing] = (CardError.SecureMessagingNotSupported, "expected secure messaging data objects missing"),
        [StatusWords.SecureMessagingDataObjectIncorrect] = (CardError.SecureMessagingNotSupported, "incorrect secure messaging data objects"),
        [StatusWords.IncorrectData] = (CardError.IncorrectData, "incorrect parameters in the data field"),
        [StatusWords.FunctionNotSupported] = (CardError.FunctionNotSupported, "function not supported"),
        [StatusWords.FileNotFound] = (CardError.FileNotFound, "file or application not found"),
        [StatusWords.RecordNotFound] = (CardError.RecordNotFound, "record not found"),
        [StatusWords.NotEnoughMemory] = (CardError.NotEnoughMemory, "not enough memory space in the file"),
        [StatusWords.NcInconsistentWithTlv] = (CardError.IncorrectData, "Nc inconsistent with TLV structure"),
        [StatusWords.IncorrectP1P2] = (CardError.WrongParameters, "incorrect parameters P1-P2"),
        [StatusWords.NcInconsistentWithP1P2] = (CardError.WrongParameters, "Nc inconsistent with parameters P1-P2"),
        [StatusWords.ReferencedDataNotFound] = (CardError.ReferencedDataNotFound, "referenced data or reference data not found"),
        [StatusWords.FileAlreadyExists] = (CardError.FileExists, "file already exists"),
        [StatusWords.DfNameAlreadyExists] = (CardError.FileExists, "DF name already exists"),
        [StatusWords.WrongParameters] = (CardError.WrongParameters, "wrong parameters P1-P2 (offset outside the EF)"),
        [StatusWords.InstructionNotSupported] = (CardError.InstructionNotSupported, "instruction not supported"),
        [StatusWords.ClassNotSupported] = (CardError.ClassNotSupported, "class not supported"),
        [StatusWords.NoPreciseDiagnosis] = (CardError.CardInternalError, "no precise diagnosis (card-internal error)"),
    };

    /// <summary>Kind, text and tries left for a status word that is not 9000.</summary>
    public static (CardError Error, string Description, int? TriesLeft) Describe(ushort sw)
    {
        if (StatusWords.IsCounter(sw))
        {
            var tries = sw & 0x0F;
            return tries == 0
                ? (CardError.AuthenticationBlocked, "verification failed, no tries left (blocked)", 0)
                : (CardError.PinIncorrect, $"verification failed, {tries} {(tries == 1 ? "try" : "tries")} left", tries);
        }
        if (StatusWords.IsWrongLe(sw))
            return (CardError.WrongLength, $"wrong Le, the card has {StatusWords.LengthFromSw2(sw)} bytes", null);
        if (StatusWords.IsBytesRemaining(sw))
            return (CardError.UnexpectedResponse, $"{StatusWords.LengthFromSw2(sw)} response bytes left unread", null);
        if (Table.TryGetValue(sw, out var entry))
            return (entry.Error, entry.Text, null);
        return (sw >> 8) switch
        {
            0x64 or 0x65 or 0x66 => (CardError.CardInternalError, "execution error", null),
            0x62 or 0x63 => (CardError.Unknown, "warning", null),
            0x68 => (CardError.FunctionNotSupported, "function in CLA not supported", null),
            0x69 => (CardError.CommandNotAllowed, "command not allowed", null),
            0x6A => (CardError.WrongParameters, "wrong parameters P1-P2", null),
            _ => (CardError.Unknown, "unknown status word", null),
        };
    }

    public static CardError ToError(ushort sw) => Describe(sw).Error;
}
