using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>PSO:CDS, PSO:DECIPHER, INTERNAL AUTHENTICATE, MANAGE SECURITY ENVIRONMENT and GET CHALLENGE (§7.2.10-7.2.18).</summary>
internal sealed class SecurityCommands(OpenPgpState state, SessionState session, ChangeTracker changes)
{
    public Response PerformSecurityOperation(CommandApdu c) => c.P1P2 switch
    {
        0x9E9A => ComputeDigitalSignature(c),
        0x8086 => Decipher(c),
        _ => throw IsoException.Of(StatusWords.IncorrectP1P2),
    };

    /// <summary>
    /// PSO:CDS with the signature key after VERIFY 81. The card pads (RSA: the DigestInfo the host sends; ECDSA:
    /// the hash; EdDSA: the message) and counts the signature. With PW status byte 00, PW1 (81) is spent by one
    /// signature and must be verified again.
    /// </summary>
    private Response ComputeDigitalSignature(CommandApdu c)
    {
        if (!session.Pw1Signature) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
        var key = state[KeySlot.Signature].Key ?? throw IsoException.Of(StatusWords.ReferencedDataNotFound);
        var signature = key.Sign(c.Data);
        if (!state.Pw1ValidForSeveralSignatures) session.Pw1Signature = false;
        if (state.SignatureCounter < 0xFFFFFF) state.SignatureCounter++;
        changes.Mark();
        return Response.Ok(signature);
    }

    /// <summary>
    /// PSO:DECIPHER after VERIFY 82: 00 || RSA cryptogram, or the cipher DO A6 { 7F49 { 86 ephemeral public key } }
    /// for ECDH (answering the shared secret: X for NIST curves, the X25519 result). 02 (AES) is not offered.
    /// </summary>
    private Response Decipher(CommandApdu c)
    {
        if (!session.Pw1Other) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
        var key = state[session.DecipherKey].Key ?? throw IsoException.Of(StatusWords.ReferencedDataNotFound);
        var d = c.Data;
        if (d.Length == 0) throw IsoException.Of(StatusWords.WrongLength);
        if (d[0] == 0x00 && key.IsRsa) return Response.Ok(key.Decipher(d[1..]));
        if (d[0] == PgpSpec.Tag.CipherTemplate && !key.IsRsa) return Response.Ok(key.Decipher(EphemeralPublicKey(d)));
        if (d[0] == 0x02) throw IsoException.Of(StatusWords.FunctionNotSupported);
        throw IsoException.Of(StatusWords.WrongData);
    }

    private static byte[] EphemeralPublicKey(byte[] d)
    {
        var outer = PgpTlv.Parse(d);
        if (outer.Count != 1) throw IsoException.Of(StatusWords.WrongData);
        var template = PgpTlv.Parse(d, outer[0].Offset, outer[0].Length);
        if (template.Count != 1 || template[0].Tag != PgpSpec.Tag.PublicKey) throw IsoException.Of(StatusWords.WrongData);
        var point = PgpTlv.Parse(d, template[0].Offset, template[0].Length);
        if (point.Count != 1 || point[0].Tag != 0x86) throw IsoException.Of(StatusWords.WrongData);
        return point[0].Value(d);
    }

    /// <summary>INTERNAL AUTHENTICATE (§7.2.13) with the authentication key after VERIFY 82.</summary>
    public Response InternalAuthenticate(CommandApdu c)
    {
        if (c.P1P2 != 0x0000) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (!session.Pw1Other) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
        var key = state[session.AuthenticationKey].Key ?? throw IsoException.Of(StatusWords.ReferencedDataNotFound);
        return Response.Ok(key.Sign(c.Data));
    }

    /// <summary>
    /// MSE SET (§7.2.18): P2 A4 makes INTERNAL AUTHENTICATE use, P2 B8 makes PSO:DECIPHER use, the key named by
    /// 83 01 02 (decryption key) or 83 01 03 (authentication key). Lasts until the application is selected again.
    /// </summary>
    public Response ManageSecurityEnvironment(CommandApdu c)
    {
        if (c.P1 != 0x41 || c.P2 is not (PgpSpec.Crt.Authentication or PgpSpec.Crt.Decryption)) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var d = c.Data;
        if (d.Length != 3 || d[0] != 0x83 || d[1] != 0x01 || d[2] is not (0x02 or 0x03)) throw IsoException.Of(StatusWords.WrongData);
        var slot = d[2] == 0x02 ? KeySlot.Decryption : KeySlot.Authentication;
        if (c.P2 == PgpSpec.Crt.Authentication) session.AuthenticationKey = slot;
        else session.DecipherKey = slot;
        return Response.Success;
    }

    /// <summary>GET CHALLENGE: Le random bytes, at most the length the extended capabilities announce.</summary>
    public static Response GetChallenge(CommandApdu c)
    {
        if (c.P1P2 != 0) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (c.Lc != 0 || c.Ne == 0 || c.Ne > CardProfile.MaxChallengeLength) throw IsoException.Of(StatusWords.WrongLength);
        return Response.Ok(CardRandom.Bytes(c.Ne));
    }
}
