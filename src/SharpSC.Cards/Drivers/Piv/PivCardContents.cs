using System.Globalization;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Keys;
using SharpSC.Diagnostics;
using static SharpSC.Cards.Drivers.Piv.PivConstants;

namespace SharpSC.Cards.Drivers.Piv;

/// <summary>
/// A key found in a slot: its type, public key (when known), PIN policy, where the facts came from and, when the
/// card says (GET METADATA), whether it was generated on the card.
/// </summary>
public sealed record PivSlotKey(PivSlot Slot, KeySpec Spec, PublicKeyInfo? PublicKey, PivPinPolicy PinPolicy, bool FromMetadata)
{
    public bool? Generated { get; init; }
}

/// <summary>
/// What a PIV card holds, read with as few APDUs as the card allows and remembered for the driver's life:
/// the slots worth looking at (the four standard ones, and of the 20 retired ones only as many as the key
/// history object counts: no probe of an empty retired slot), each slot's key from GET METADATA where the
/// card has it (type, size and public key without reading a certificate) or else from its certificate, and
/// certificates only when asked for. A slot whose answer is malformed is left out with a log line; the
/// others are unaffected. Writes through <see cref="Forget"/> keep it honest.
/// </summary>
public sealed class PivCardContents(PivDriver driver)
{
    private const string TraceComponent = "card";
    private readonly Dictionary<byte, (bool Known, PivSlotKey? Key)> _keys = [];
    private readonly Dictionary<byte, (bool Known, byte[]? Der)> _certificates = [];
    private (bool Known, PivKeyHistory? Value) _history;

    public PivDriver Driver { get; } = driver ?? throw new ArgumentNullException(nameof(driver));

    /// <summary>The key history object, or null (absent or unreadable: then no retired slot is looked at).</summary>
    public PivKeyHistory? KeyHistory
    {
        get
        {
            if (_history.Known) return _history.Value;
            PivKeyHistory? value = null;
            try
            {
                value = Driver.ReadKeyHistory();
            }
            catch (CardException e) when (e.Error == CardError.UnexpectedResponse)
            {
                Log.Info(TraceComponent, $"PIV: the key history object does not parse ({e.Message}); retired slots are not listed");
            }
            _history = (true, value);
            return value;
        }
    }

    /// <summary>9A, 9C, 9D, 9E, then the first N retired slots, N = keys with on-card plus off-card certificates (SP 800-73-4 Part 1 §3.3.2).</summary>
    public IReadOnlyList<PivSlot> CandidateSlots
    {
        get
        {
            var history = KeyHistory;
            var retired = history == null ? 0 : Math.Min(20, history.KeysWithOnCardCertificates + history.KeysWithOffCardCertificates);
            return [.. PivSlot.All.Take(4), .. PivSlot.Retired.Take(retired)];
        }
    }

    /// <summary>The keys of <see cref="CandidateSlots"/>.</summary>
    public IReadOnlyList<PivSlotKey> Keys() => CandidateSlots.Select(KeyOf).OfType<PivSlotKey>().ToList();

    /// <summary>
    /// The key in a slot, or null when the slot is empty (or its facts are malformed: logged, left out).
    /// GET METADATA when the card has it; otherwise the certificate's public key, with the PIN policy the spec gives the slot.
    /// </summary>
    public PivSlotKey? KeyOf(PivSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        if (_keys.TryGetValue(slot.Reference, out var known) && known.Known) return known.Key;
        PivSlotKey? key;
        try
        {
            key = Discover(slot);
        }
        catch (CardException e) when (e.Error == CardError.UnexpectedResponse)
        {
            Log.Info(TraceComponent, $"PIV: slot {slot.Reference:X2} left out: {e.Message}");
            key = null;
        }
        _keys[slot.Reference] = (true, key);
        return key;
    }

    /// <summary>The slot's certificate (DER), or null; read once. A malformed one is a <see cref="CardException"/> (UnexpectedResponse).</summary>
    public byte[]? CertificateOf(PivSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        if (_certificates.TryGetValue(slot.Reference, out var known) && known.Known) return known.Der;
        var der = Driver.ReadCertificate(slot);
        _certificates[slot.Reference] = (true, der);
        return der;
    }

    /// <summary>Forgets what is known of a slot (after generate, import, certificate write or delete) and, for retired slots, the key history.</summary>
    public void Forget(PivSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        _keys.Remove(slot.Reference);
        _certificates.Remove(slot.Reference);
        if (slot.IsRetired) _history = default;
    }

    /// <summary>
    /// After a key or certificate went into a retired slot: makes the key history object count that slot, so that
    /// this driver and OpenSC, which look at no more retired slots than it counts, find the key. The count only
    /// grows (keys in the slots before stay counted); the off-card count and URL are kept. Needs the management key.
    /// </summary>
    public void CoverRetiredSlot(PivSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        if (!slot.IsRetired) return;
        var needed = slot.Reference - PivSlot.Retired[0].Reference + 1;
        var history = KeyHistory ?? new PivKeyHistory(0, 0, null);
        if (history.KeysWithOnCardCertificates + history.KeysWithOffCardCertificates >= needed) return;
        var covering = history with { KeysWithOnCardCertificates = needed - history.KeysWithOffCardCertificates };
        Driver.WriteObject(ObjKeyHistory, covering.Encode());
        _history = (true, covering);
        Log.Info(TraceComponent, $"PIV: key history now counts {needed} retired slot(s)");
    }

    /// <summary>Forgets everything (after a reset of the application).</summary>
    public void ForgetAll()
    {
        _keys.Clear();
        _certificates.Clear();
        _history = default;
    }

    private PivSlotKey? Discover(PivSlot slot)
    {
        if (Driver.TryGetKeyMetadata(slot, out var metadata))
        {
            if (metadata == null) return null;
            if (metadata.Spec == null) return null; // logged by the parser: an algorithm this driver does not know
            return new PivSlotKey(slot, metadata.Spec, metadata.PublicKey, metadata.PinPolicy == PivPinPolicy.Default ? slot.SpecPinPolicy : metadata.PinPolicy, true)
            {
                Generated = metadata.Generated,
            };
        }
        var der = CertificateOf(slot);
        if (der == null) return null;
        var (spec, publicKey) = PublicKeyOfCertificate(der, slot);
        return new PivSlotKey(slot, spec, publicKey, slot.SpecPinPolicy, false);
    }

    /// <summary>The key type and public key of an X.509 certificate (RSA, or EC on a named curve this layer knows).</summary>
    public static (KeySpec Spec, PublicKeyInfo PublicKey) PublicKeyOfCertificate(byte[] der, PivSlot slot)
    {
        ArgumentNullException.ThrowIfNull(der);
        var what = string.Create(CultureInfo.InvariantCulture, $"certificate of slot {slot.Reference:X2}");
        SubjectPublicKeyInfo spki;
        try
        {
            spki = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(der)).SubjectPublicKeyInfo;
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or InvalidOperationException)
        {
            throw CardException.Malformed($"{what}: not an X.509 certificate ({e.Message}).");
        }
        var algorithm = spki.Algorithm.Algorithm.Id;
        if (algorithm == "1.2.840.113549.1.1.1")
        {
            RsaPublicKeyStructure rsa;
            try
            {
                rsa = RsaPublicKeyStructure.GetInstance(spki.ParsePublicKey());
            }
            catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException)
            {
                throw CardException.Malformed($"{what}: a broken RSA public key ({e.Message}).");
            }
            var modulus = rsa.Modulus.ToByteArrayUnsigned();
            var bits = modulus.Length * 8;
            if (bits is not (1024 or 2048 or 3072 or 4096))
                throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"{what}: an RSA key of {rsa.Modulus.BitLength} bits."));
            return (KeySpec.Rsa(bits), new RsaPublicKeyInfo(modulus, rsa.PublicExponent.ToByteArrayUnsigned()));
        }
        if (algorithm == "1.2.840.10045.2.1")
        {
            var curve = spki.Algorithm.Parameters is DerObjectIdentifier oid ? EcCurves.FindByOid(oid.Id) : null;
            if (curve == null)
                throw CardException.Malformed($"{what}: an EC key on a curve that is not named or not known.");
            var point = spki.PublicKey.GetOctets();
            if (point.Length != curve.PointBytes || point[0] != 0x04)
                throw CardException.Malformed($"{what}: an EC point that is not an uncompressed {curve} point.");
            return (KeySpec.Ec(curve), new EcPublicKeyInfo(curve, point));
        }
        throw CardException.Malformed($"{what}: key algorithm {algorithm} is neither RSA nor EC.");
    }
}
