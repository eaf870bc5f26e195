using SharpSC.Cards.Errors;
using SharpSC.Cards.Transport;
using SharpSC.Pkcs15;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tokens.Card;

/// <summary>
/// The one translation of card-layer failures into PKCS#11 return codes (as OpenSC's pkcs11/misc.c
/// does for sc_* errors). Status words became <see cref="CardError"/> kinds in SharpSC.Cards; here
/// the kinds become CKR_* codes, with the operation's context where the same kind means different
/// things (a wrong length of a PIN is CKR_PIN_LEN_RANGE, of a ciphertext CKR_ENCRYPTED_DATA_LEN_RANGE).
/// </summary>
internal static class CardErrorMapping
{
    public enum Context
    {
        General,
        Pin,
        Decrypt,
        Write,
    }

    public static Exception Map(Exception e, Context context = Context.General) => e switch
    {
        Pkcs11Exception p => p,
        TokenResetException r => r,
        CardResetException r => new TokenResetException(r.Message, r),
        CardRemovedException r => new Pkcs11Exception(CKR_DEVICE_REMOVED, r.Message, r),
        CardTransportException t => new Pkcs11Exception(CKR_DEVICE_ERROR, t.Message, t),
        CardException c => new Pkcs11Exception(Code(c.Error, context), c.Message, c),
        Pkcs15FormatException f => new Pkcs11Exception(CKR_DEVICE_ERROR, "the card's PKCS#15 data is malformed: " + f.Message, f),
        _ => e,
    };

    /// <summary>
    /// A failure while connecting to a card, finding its applications or reading its structure. That is part of
    /// C_GetTokenInfo, C_OpenSession ...: whatever the card said (6982, 6Cxx ...), those functions can only
    /// report a device that could not be read (or removed, or not recognised).
    /// </summary>
    public static Exception MapConnectFailure(Exception e)
    {
        if (e is Pkcs15FormatException f)
            return new Pkcs11Exception(CKR_TOKEN_NOT_RECOGNIZED, "the card's PKCS#15 structure is malformed: " + f.Message, f);
        var mapped = Map(e);
        if (mapped is TokenResetException) return new Pkcs11Exception(CKR_DEVICE_ERROR, "the card was reset while it was being read", e);
        if (mapped is Pkcs11Exception p && p.Code is not (CKR_DEVICE_ERROR or CKR_DEVICE_MEMORY or CKR_DEVICE_REMOVED or CKR_TOKEN_NOT_RECOGNIZED))
            return new Pkcs11Exception(CKR_DEVICE_ERROR, "reading the card failed: " + p.Message, e);
        return mapped;
    }

    // PIN codes only answer PIN operations: C_Sign, C_Decrypt, C_GetTokenInfo ... may not return them
    // (PKCS#11 3.0 §5.x return values), so a card that answers 63Cx or 6983 to anything else is broken.
    // Likewise "not supported" from the card for an operation the token offered is a device error;
    // CKR_FUNCTION_NOT_SUPPORTED is for what the driver itself cannot do.
    public static ulong Code(CardError error, Context context) => (error, context) switch
    {
        (CardError.PinIncorrect, Context.Pin) => CKR_PIN_INCORRECT,
        (CardError.AuthenticationBlocked, Context.Pin) => CKR_PIN_LOCKED,
        (CardError.PinLengthInvalid, Context.Pin) => CKR_PIN_LEN_RANGE,
        (CardError.WrongLength, Context.Pin) => CKR_PIN_LEN_RANGE,
        (CardError.ReferenceDataNotUsable, Context.Pin) => CKR_PIN_LOCKED,
        (CardError.SecurityStatusNotSatisfied, _) => CKR_USER_NOT_LOGGED_IN,
        (CardError.IncorrectData or CardError.WrongLength, Context.Decrypt) => CKR_ENCRYPTED_DATA_INVALID,
        (CardError.NotEnoughMemory, _) => CKR_DEVICE_MEMORY,
        (CardError.NotSupportedByDriver, Context.Write) => CKR_TOKEN_WRITE_PROTECTED,
        (CardError.NotSupportedByDriver, _) => CKR_FUNCTION_NOT_SUPPORTED,
        (CardError.WrongLength, _) => CKR_DATA_LEN_RANGE,
        _ => CKR_DEVICE_ERROR,
    };
}
