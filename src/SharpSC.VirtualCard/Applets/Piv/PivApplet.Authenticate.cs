using System.Security.Cryptography;
using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.Piv;

// GENERAL AUTHENTICATE (SP 800-73-4 Part 2 §3.2.4) with the dynamic authentication template 7C:
// management key (9B) challenge-response, and private-key operations in a key slot.
internal sealed partial class PivApplet
{
    private Response GeneralAuthenticate(CommandApdu c, byte[] data)
    {
        var template = PivTlv.Parse(PivTlv.Single(data, PivSpec.TagDynamicAuth));
        return c.P2 == PivSpec.SlotManagement
            ? AuthenticateManagementKey(c.P1, template)
            : PrivateKeyOperation(c.P1, c.P2, template);
    }

    /// <summary>
    /// SP 800-73-4 Part 2 Appendix A: {80 empty} asks for a witness (the card's random block, encrypted);
    /// {80 decrypted witness, 81 challenge} completes mutual authentication and answers {82 encrypted challenge};
    /// {81 empty} asks for a challenge, {82 response} completes external authentication. P1 00 stands for the
    /// key's own algorithm when only a challenge is asked (OpenSC's random numbers do that).
    /// </summary>
    private Response AuthenticateManagementKey(byte algorithm, List<PivTlv.Element> template)
    {
        var key = _state.ManagementKey;
        var witness = PivTlv.Find(template, PivSpec.TagWitness);
        var challenge = PivTlv.Find(template, PivSpec.TagChallenge);
        var response = PivTlv.Find(template, PivSpec.TagResponse);
        var challengeOnly = witness == null && response == null && challenge is { Length: 0 };
        if (algorithm != key.Algorithm && !(algorithm == 0x00 && challengeOnly))
            throw IsoException.Of(StatusWords.WrongData);

        if (witness is { Length: 0 } && challenge == null && response == null)
        {
            _managementAuthenticated = false;
            _pendingWitness = CardRandom.Bytes(key.BlockSize);
            return DynamicAuth(PivSpec.TagWitness, key.Encrypt(_pendingWitness));
        }
        if (witness != null && challenge != null && response == null)
        {
            var expected = _pendingWitness;
            _pendingWitness = null;
            if (expected == null || witness.Length != key.BlockSize || !CryptographicOperations.FixedTimeEquals(witness, expected))
                throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
            if (challenge.Length != key.BlockSize) throw IsoException.Of(StatusWords.WrongData);
            _managementAuthenticated = true;
            return DynamicAuth(PivSpec.TagResponse, key.Encrypt(challenge));
        }
        if (challengeOnly)
        {
            _managementAuthenticated = false;
            _pendingChallenge = CardRandom.Bytes(key.BlockSize);
            return DynamicAuth(PivSpec.TagChallenge, (byte[])_pendingChallenge.Clone());
        }
        if (response != null && witness == null && challenge == null)
        {
            var expected = _pendingChallenge;
            _pendingChallenge = null;
            if (expected == null || response.Length != key.BlockSize || !CryptographicOperations.FixedTimeEquals(response, key.Encrypt(expected)))
                throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
            _managementAuthenticated = true;
            return Response.Success;
        }
        throw IsoException.Of(StatusWords.WrongData);
    }

    /// <summary>
    /// {82 empty, 81 data}: RSA private-key operation on a modulus-sized block (signature and decryption alike)
    /// or ECDSA on a hash; {82 empty, 85 point}: ECDH. The algorithm in P1 must be the slot's, and the PIN
    /// policy of the key decides whether the PIN is needed (always: verified right before this use).
    /// </summary>
    private Response PrivateKeyOperation(byte algorithm, byte slot, List<PivTlv.Element> template)
    {
        if (!PivSpec.IsKeySlot(slot) || slot == PivSpec.SlotAttestation) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (!_state.Keys.TryGetValue(slot, out var key)) throw IsoException.Of(StatusWords.ReferencedDataNotFound);
        if (key.Algorithm != algorithm) throw IsoException.Of(StatusWords.WrongData);
        if (PivTlv.Find(template, PivSpec.TagResponse) is not { Length: 0 }) throw IsoException.Of(StatusWords.WrongData);
        var challenge = PivTlv.Find(template, PivSpec.TagChallenge);
        var exponentiation = PivTlv.Find(template, PivSpec.TagExponentiation);
        if ((challenge == null) == (exponentiation == null)) throw IsoException.Of(StatusWords.WrongData);

        CheckPinPolicy(key);
        byte[] result = key switch
        {
            PivRsaKey rsa when challenge != null => rsa.RawPrivate(challenge),
            PivEcKey ec when challenge != null => ec.SignHash(challenge),
            PivEcKey ec when exponentiation != null => ec.Agree(exponentiation),
            _ => throw IsoException.Of(StatusWords.WrongData),
        };
        if (key.PinPolicy == PivSpec.PinPolicyAlways) _pinFresh = false;
        return DynamicAuth(PivSpec.TagResponse, result);
    }

    private void CheckPinPolicy(PivKey key)
    {
        var satisfied = key.PinPolicy switch
        {
            PivSpec.PinPolicyNever => true,
            PivSpec.PinPolicyAlways => _pinVerified && _pinFresh,
            _ => _pinVerified,
        };
        if (!satisfied) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
    }

    private static Response DynamicAuth(byte tag, byte[] value) =>
        Response.Ok(PivTlv.Encode(PivSpec.TagDynamicAuth, PivTlv.Encode(tag, value)));
}
