using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace SharpSC.Sample;

public sealed record SignResult(string TokenLabel, string Mechanism, string Digest, bool PinGivenAgain);

/// <summary>
/// `sign`: log in, find the private key by CKA_ID, sign with a mechanism the token can sign with. A key with
/// CKA_ALWAYS_AUTHENTICATE (PIV 9C, an OpenPGP card's signature key) wants the PIN again for each signature:
/// C_Login(CKU_CONTEXT_SPECIFIC) between C_SignInit and C_Sign (PKCS#11 2.40 §5.6).
/// </summary>
public static class CardSigner
{
    public static SignResult SignFile(CardModule card, Options options, string pin)
    {
        var id = ParseId(options.KeyId!);
        var tokens = card.Tokens().ToList();
        if (tokens.Count == 0) throw new SampleException("no token: is a card in a reader?");
        var (slot, token) = options.TokenLabel == null
            ? tokens[0]
            : tokens.FirstOrDefault(t => t.Token.Label == options.TokenLabel);
        if (slot == null) throw new SampleException($"no token labelled \"{options.TokenLabel}\"");

        using var session = slot.OpenSession(SessionType.ReadOnly);
        Login(session, pin);
        try
        {
            var attributes = CardModule.Factories.ObjectAttributeFactory;
            var key = session.FindAllObjects([attributes.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY), attributes.Create(CKA.CKA_ID, id)])
                .FirstOrDefault() ?? throw new SampleException($"no private key with id {options.KeyId} on token \"{token.Label}\"");
            var a = session.GetAttributeValue(key, [CKA.CKA_KEY_TYPE, CKA.CKA_ALWAYS_AUTHENTICATE]);
            var keyType = (CKK)a[0].GetValueAsUlong();
            var alwaysAuthenticate = !a[1].CannotBeRead && a[1].GetValueAsBool();
            var choice = SignatureMechanism.Choose(slot, keyType);
            var mechanism = CardModule.Factories.MechanismFactory.Create(choice.Mechanism);
            var data = choice.Prepare(File.ReadAllBytes(options.InputFile!));
            var signature = alwaysAuthenticate ? session.Sign(mechanism, key, pin, data) : session.Sign(mechanism, key, data);
            File.WriteAllBytes(options.OutputFile!, choice.Encode(signature));
            return new SignResult(token.Label, choice.Mechanism.ToString(), choice.Digest, alwaysAuthenticate);
        }
        finally
        {
            session.Logout();
        }
    }

    private static byte[] ParseId(string hex)
    {
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new SampleException($"--id {hex}: not hexadecimal");
        }
    }

    private static void Login(ISession session, string pin)
    {
        try
        {
            session.Login(CKU.CKU_USER, pin);
        }
        catch (Pkcs11Exception e) when (e.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_LEN_RANGE)
        {
            throw new SampleException("wrong PIN (the card counts the failure)");
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_PIN_LOCKED)
        {
            throw new SampleException("the PIN is blocked: unblock it with the PUK");
        }
    }
}
