using System.Security.Cryptography;
using SharpSC.Cards.Registry;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Sessions;
using SharpSC.Pkcs11.Slots;
using SharpSC.Pkcs11.Tokens;
using SharpSC.TestSupport;
using SharpSC.VirtualCard;
using static SharpSC.Pkcs11.Tests.MultiApplication.TwoApplicationCards;

namespace SharpSC.Pkcs11.Tests.MultiApplication;

/// <summary>
/// A card with two applications in the engine: a slot and a token per application, one connection, found once
/// per insertion; both tokens logged in and used in turn; removal retires both. The card is two IsoApplet
/// emulators behind one transport (<see cref="TwoAppletTransport"/>), the second found as generic PKCS#15.
/// </summary>
public class MultiApplicationTokenTests
{
    private const string Reader = "Virtual PCD 00 00";
    private const string GenericName = "Generic PKCS#15";

    static MultiApplicationTokenTests() => Environment.SetEnvironmentVariable("SHARPSC_CACHE", "off");

    private sealed class Engine
    {
        public Engine(FakeReaders readers, DriverRegistry? drivers = null)
        {
            Readers = readers;
            Slots = new SlotManager(readers);
            Tokens = new TokenRegistry(Slots, Sessions, new HandleCounter(), drivers ?? TwoAppletTransport.DriverTable);
        }

        public FakeReaders Readers { get; }
        public SlotManager Slots { get; }
        public SessionTable Sessions { get; } = new();
        public TokenRegistry Tokens { get; }

        public Slot Slot(ulong id) => Slots.Find(id)!;

        /// <summary>The tokens of the two applications of the card in <see cref="Reader"/> (slots 0 and 1).</summary>
        public (Token First, Token Second) TwoTokens()
        {
            Tokens.DiscoverApplications();
            return (Tokens.TokenIn(Slot(0))!, Tokens.TokenIn(Slot(1))!);
        }
    }

    [Fact]
    public void Two_applications_give_two_slots_each_with_its_own_token_over_one_connection()
    {
        var card = TwoApplications();
        var engine = new Engine(new FakeReaders().Add(Reader, card).Add("Virtual PCD 00 01"));
        Assert.Equal([0UL, 1UL], engine.Slots.PresentSlots.Select(s => s.Id));

        var appeared = Assert.Single(engine.Tokens.DiscoverApplications());
        Assert.Equal((2UL, Reader, GenericName, $"{Reader} ({GenericName})"), (appeared.Id, appeared.ReaderName, appeared.Application, appeared.Description));
        Assert.Equal(Reader, engine.Slot(0).Description);
        // IsoApplet v1: SELECT and GET DATA; the PKCS#15 application: one SELECT.
        Assert.Equal(3, card.Apdus);
        Assert.Equal([0UL, 1UL, 2UL], engine.Slots.PresentSlots.Select(s => s.Id));
        Assert.Equal([true, false, true], engine.Slots.PresentSlots.Select(engine.Tokens.TokenPresent));

        var first = engine.Tokens.TokenIn(engine.Slot(0))!;
        var second = engine.Tokens.TokenIn(engine.Slot(2))!;
        Assert.Equal(("First", "IsoApplet 1.00"), (first.Description.Label, first.Description.Model));
        Assert.Equal(("Second", GenericName), (second.Description.Label, second.Description.Model));
        Assert.Null(engine.Tokens.TokenIn(engine.Slot(1)));
        Assert.Equal(1, engine.Readers.Connects);

        // Found once per insertion: looking again costs nothing.
        var apdus = card.Apdus;
        Assert.Empty(engine.Tokens.DiscoverApplications());
        Assert.True(engine.Tokens.TokenPresent(engine.Slot(2)));
        Assert.Same(second, engine.Tokens.TokenIn(engine.Slot(2)));
        Assert.Equal(apdus, card.Apdus);
        Assert.Equal(1, engine.Readers.Connects);
    }

    [Fact]
    public void Both_tokens_log_in_and_work_in_turn_with_one_select_per_switch()
    {
        var card = TwoApplications();
        var engine = new Engine(new FakeReaders().Add(Reader, card));
        var (first, second) = engine.TwoTokens();

        LogIn(first, FirstPin);
        var key = first.ObjectsOf([ObjectKind.PrivateKeys]).OfType<PrivateKeyObject>().Single();
        AssertSigns(first, key);

        LogIn(second, SecondPin);
        Assert.Equal("Second key", second.ObjectsOf([ObjectKind.PrivateKeys]).OfType<PrivateKeyObject>().Single().Label);
        Assert.Equal(["Second key"], second.ObjectsOf([ObjectKind.PublicKeys]).OfType<StorageObject>().Select(o => o.Label));

        // Back to the first: its driver selects its application again (the PKCS#15 one was selected since).
        // The applet forgets the PIN on SELECT, as IsoApplet does, and the token presents it once more.
        var (apdus, switches, selects) = (card.Apdus, card.Switches, card.Selects);
        AssertSigns(first, key);
        Assert.Equal(1, card.Switches - switches);
        Assert.Equal(1, card.Selects - selects);
        // SELECT, MSE SET (6982: the applet forgot the PIN), VERIFY, MSE SET, PSO.
        Assert.Equal(5, card.Apdus - apdus);

        // Staying on one application costs no SELECT.
        (apdus, selects) = (card.Apdus, card.Selects);
        AssertSigns(first, key);
        Assert.Equal(0, card.Selects - selects);
        Assert.Equal(2, card.Apdus - apdus);
    }

    [Fact]
    public async Task Two_threads_using_the_two_tokens_never_share_the_card_at_once()
    {
        var card = TwoApplications();
        var engine = new Engine(new FakeReaders().Add(Reader, card));
        var (first, second) = engine.TwoTokens();
        LogIn(first, FirstPin);
        var key = first.ObjectsOf([ObjectKind.PrivateKeys]).OfType<PrivateKeyObject>().Single();

        var signer = Task.Run(() =>
        {
            for (var i = 0; i < 15; i++) AssertSigns(first, key);
        });
        var reader = Task.Run(() =>
        {
            for (var i = 0; i < 15; i++)
            {
                var status = second.WithCard(d => d.QueryPin(UserRole.User));
                Assert.True(status.IsSet);
            }
        });
        await Task.WhenAll(signer, reader).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(0, card.Interleaved);
        Assert.True(card.Switches > 0);
    }

    [Fact]
    public void Removing_the_card_retires_both_tokens_and_the_same_slots_come_back_with_it()
    {
        var card = TwoApplications();
        var engine = new Engine(new FakeReaders().Add(Reader, card));
        var (first, second) = engine.TwoTokens();
        var session = new Session(100, second, readWrite: false);
        engine.Sessions.Add(session);

        engine.Readers.Remove(Reader);
        Assert.Null(engine.Tokens.TokenIn(engine.Slot(0)));
        Assert.True(first.Removed);
        Assert.False(card.Disposed); // the second token still uses the connection
        Assert.False(engine.Tokens.StillPresent(second));
        Assert.True(second.Removed);
        Assert.Null(engine.Sessions.Get(100));
        Assert.True(card.Disposed);
        Assert.Equal([false, false], engine.Slots.PresentSlots.Select(engine.Tokens.TokenPresent));

        // The same card again: a new insertion, found again, the same slot IDs.
        var again = new TwoAppletTransport(card.First, card.Second, Reader);
        engine.Readers.Insert(Reader, again);
        Assert.Empty(engine.Tokens.DiscoverApplications());
        Assert.Equal([0UL, 1UL], engine.Slots.PresentSlots.Select(s => s.Id));
        var secondAgain = engine.Tokens.TokenIn(engine.Slot(1))!;
        Assert.NotSame(second, secondAgain);
        Assert.Equal("Second", secondAgain.Description.Label);
        Assert.Equal(2, engine.Readers.Connects);
    }

    [Fact]
    public void A_card_without_the_second_application_leaves_its_slot_without_a_token()
    {
        var engine = new Engine(new FakeReaders().Add(Reader, TwoApplications()));
        engine.Tokens.DiscoverApplications();
        // A blank IsoApplet: no PKCS#15 application beside the applet (a personalised one would show its own
        // structure through EF.DIR to the generic driver, which this test table lets look beside IsoApplet).
        engine.Readers.Insert(Reader, new EmulatorTransport(new IsoAppletCard(AppletVersion.V1), Reader));
        Assert.Empty(engine.Tokens.DiscoverApplications());
        Assert.Equal([true, false], engine.Slots.PresentSlots.Select(engine.Tokens.TokenPresent));
        Assert.Null(engine.Tokens.TokenIn(engine.Slot(1)));
        var alone = engine.Tokens.TokenIn(engine.Slot(0))!;
        Assert.Equal(("IsoApplet 1.00", false), (alone.Description.Model, alone.Description.Initialized));
    }

    [Fact]
    public void A_card_with_one_application_costs_one_select_as_before_and_gets_no_further_slot()
    {
        var transport = new EmulatorTransport(new IsoAppletCard(AppletVersion.V0), Reader);
        var engine = new Engine(new FakeReaders().Add(Reader, transport), DriverRegistry.Default);
        Assert.Empty(engine.Tokens.DiscoverApplications());
        Assert.Equal(1, transport.Apdus);
        Assert.Single(engine.Slots.PresentSlots);
        var token = engine.Tokens.TokenIn(engine.Slot(0))!;
        Assert.Equal("IsoApplet 0.06", token.Description.Model);
        Assert.False(token.Description.Initialized);
    }

    [Fact]
    public void A_card_nothing_recognises_is_not_a_token_and_is_asked_again_when_one_is_wanted()
    {
        var card = new IsoAppletCard(AppletVersion.V0);
        var engine = new Engine(new FakeReaders().Add(Reader, new NothingHere(card)), DriverRegistry.Default);
        Assert.Empty(engine.Tokens.DiscoverApplications());
        var e = Assert.Throws<Pkcs11Exception>(() => engine.Tokens.TokenIn(engine.Slot(0)));
        Assert.Equal(Constants.CKR.CKR_TOKEN_NOT_RECOGNIZED, e.Code);
        Assert.Equal(2, engine.Readers.Connects);
    }

    private static void LogIn(Token token, byte[] pin)
    {
        token.WithCard(d => d.VerifyPin(UserRole.User, pin));
        token.Login.LoggedIn(UserRole.User, pin);
    }

    private static void AssertSigns(Token token, PrivateKeyObject key)
    {
        var hash = SHA256.HashData("multi-application"u8);
        var signature = token.WithCard(d => d.Sign(key, CardSignature.EcdsaPrehashed, hash), needsLogin: true);
        using var ec = ECDsa.Create();
        ec.ImportSubjectPublicKeyInfo(key.Material.SubjectPublicKeyInfo, out _);
        Assert.True(ec.VerifyHash(hash, signature, DSASignatureFormat.Rfc3279DerSequence));
    }

    /// <summary>A card that answers 6A82 to every SELECT: no application of the table.</summary>
    private sealed class NothingHere(IsoAppletCard card) : Cards.Transport.ICardTransport
    {
        public ReadOnlyMemory<byte> Atr => card.Atr;
        public string ReaderName => Reader;
        public byte[] Transmit(ReadOnlySpan<byte> command) => [0x6A, 0x82];
        public IDisposable BeginTransaction() => new EmulatorTransport(card).BeginTransaction();
        public void Dispose()
        {
        }
    }
}
