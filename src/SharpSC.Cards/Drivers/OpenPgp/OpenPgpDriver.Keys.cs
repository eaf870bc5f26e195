using System.Globalization;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Keys;

namespace SharpSC.Cards.Drivers.OpenPgp;

// Keys: public key read and generation (§7.2.14), algorithm attributes, fingerprints and times as GnuPG writes them
// (§4.4.3.10, scd/app-openpgp.c store_fpr), key import (§4.4.3.12).
public sealed partial class OpenPgpDriver
{
    /// <summary>The public key of a key slot (GENERATE 81, always readable); null when the slot is empty.</summary>
    public OpenPgpPublicKey? ReadPublicKey(OpenPgpKeyRef key) => Run("READ public key " + key.ShortName(), () =>
    {
        var attributes = KnownAttributes(key);
        var answer = Channel.Transmit(GenerateCommand(OpenPgpSpec.P1P2.ReadPublicKey, key, attributes));
        // Cards answer an empty slot with 6A88 (the spec), 6A80 or 6982 (YubiKey, as GnuPG notes).
        if (answer.StatusWord is StatusWords.ReferencedDataNotFound or StatusWords.IncorrectData or StatusWords.SecurityStatusNotSatisfied
            || (answer.IsSuccess && answer.Data.Length == 0))
            return null;
        return OpenPgpPublicKey.Parse(answer.EnsureSuccess("READ public key").Data, attributes, key);
    });

    /// <summary>
    /// Generates a key on the card by the slot's current attributes (PW3 verified first). The card clears the
    /// fingerprint and time; <see cref="WriteKeyMetadata"/> sets them as GnuPG does, so that GnuPG shows the key.
    /// </summary>
    public OpenPgpPublicKey GenerateKey(OpenPgpKeyRef key) => Run("GENERATE " + key.ShortName(), () =>
    {
        var attributes = KnownAttributes(key);
        var answer = Send("GENERATE ASYMMETRIC KEY PAIR", GenerateCommand(OpenPgpSpec.P1P2.GenerateKeyPair, key, attributes));
        var publicKey = OpenPgpPublicKey.Parse(answer.Data, attributes, key);
        RefreshApplicationDataInRun();
        return publicKey;
    });

    /// <summary>
    /// Writes the algorithm attributes of a key (PUT DATA C1-C3, PW3). A card that cannot change them, or does not
    /// take the value, says so; a change of key type makes the card drop the key in the slot.
    /// </summary>
    public void SetAlgorithmAttributes(OpenPgpKeyRef key, AlgorithmAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        Run("PUT DATA attributes " + key.ShortName(), () =>
        {
            if (ApplicationData.AttributesOf(key).Raw.AsSpan().SequenceEqual(attributes.Raw)) return;
            if (!ApplicationData.ExtendedCapabilities.AlgorithmAttributesChangeable)
                throw new CardException(CardError.NotSupportedByDriver, $"This card cannot change the algorithm of its {key.Label().ToLowerInvariant()} (extended capabilities).");
            PutDataInRun(key.AttributesTag(), attributes.Raw);
            RefreshApplicationDataInRun();
        });
    }

    /// <summary>Fingerprint (C7-C9) and generation time (CE-D0) of a key, as GnuPG writes them after generation or import.</summary>
    public void WriteKeyMetadata(OpenPgpKeyRef key, OpenPgpPublicKey publicKey, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        var time = (uint)Math.Clamp(created.ToUnixTimeSeconds(), 0, uint.MaxValue);
        var fingerprint = OpenPgpFingerprint.Compute(publicKey, time);
        Run("PUT DATA fingerprint " + key.ShortName(), () =>
        {
            PutDataInRun(key.FingerprintTag(), fingerprint);
            if (ApplicationData.Aid.Version > 0x0100)
                PutDataInRun(key.GenerationTimeTag(), [(byte)(time >> 24), (byte)(time >> 16), (byte)(time >> 8), (byte)time]);
            RefreshApplicationDataInRun();
        });
    }

    /// <summary>Imports private key material into a key slot (PUT DATA 3FFF, PW3), shaped as the slot's attributes ask.</summary>
    public void ImportKey(OpenPgpKeyRef key, OpenPgpPrivateKey material)
    {
        ArgumentNullException.ThrowIfNull(material);
        Run("IMPORT " + key.ShortName(), () =>
        {
            if (!ApplicationData.ExtendedCapabilities.KeyImport)
                throw new CardException(CardError.NotSupportedByDriver, "This card does not import keys (extended capabilities).");
            var template = material.Template(key, KnownAttributes(key));
            try
            {
                Send("PUT DATA 3FFF", new CommandApdu(0x00, OpenPgpSpec.Ins.PutDataOdd, 0x3F, 0xFF, template) { SensitiveData = true });
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(template);
            }
            RefreshApplicationDataInRun();
        });
    }

    /// <summary>ISO-style generation for generic callers: key reference 1-3, RSA or a NIST/brainpool curve.</summary>
    public override PublicKeyInfo GenerateKeyPair(byte keyReference, KeySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (keyReference is < 1 or > 3) throw new ArgumentOutOfRangeException(nameof(keyReference), keyReference, "OpenPGP keys are 1, 2 and 3.");
        var key = (OpenPgpKeyRef)keyReference;
        var attributes = spec.Algorithm == KeyAlgorithm.Rsa
            ? AlgorithmAttributes.Rsa(spec.SizeBits)
            : AlgorithmAttributes.FromName(spec.Curve!.Name, key)
              ?? throw new CardException(CardError.FunctionNotSupported, $"An OpenPGP card has no attributes for {spec}.");
        SetAlgorithmAttributes(key, attributes);
        var publicKey = GenerateKey(key);
        return publicKey.IsRsa
            ? new RsaPublicKeyInfo(publicKey.Modulus!, publicKey.Exponent!)
            : new EcPublicKeyInfo(attributes.Curve!.Weierstrass ?? throw new CardException(CardError.FunctionNotSupported, "not a Weierstrass curve"), publicKey.Point!);
    }

    /// <summary>PUT DATA of a simple data object, chained or extended as the card allows.</summary>
    private void PutDataInRun(int tag, byte[] value) =>
        Send(string.Create(CultureInfo.InvariantCulture, $"PUT DATA {tag:X2}"), new CommandApdu(0x00, OpenPgpSpec.Ins.PutData, (byte)(tag >> 8), (byte)tag, value));

    private void RefreshApplicationDataInRun() =>
        Adopt(ApplicationRelatedData.Parse(Send("GET DATA 6E", GetData(OpenPgpSpec.Tag.ApplicationRelatedData)).Data));

    private AlgorithmAttributes KnownAttributes(OpenPgpKeyRef key)
    {
        var attributes = ApplicationData.AttributesOf(key);
        return attributes.IsKnown ? attributes
            : throw new CardException(CardError.NotSupportedByDriver, $"The {key.Label().ToLowerInvariant()} has algorithm attributes this driver does not know ({attributes}).");
    }

    /// <summary>GENERATE with the key's CRT (B6/B8/A4 00); Ne large enough for the public key of its attributes.</summary>
    private CommandApdu GenerateCommand(byte p1, OpenPgpKeyRef key, AlgorithmAttributes attributes)
    {
        var expected = attributes.IsRsa ? 16 + (attributes.ModulusBits + 7) / 8 + (attributes.ExponentBits + 7) / 8 : 10 + 2 * 66 + 1;
        return new CommandApdu(0x00, OpenPgpSpec.Ins.GenerateAsymmetricKeyPair, p1, 0x00, (byte[])[key.Crt(), 0x00], ExpectedNe(expected));
    }
}
