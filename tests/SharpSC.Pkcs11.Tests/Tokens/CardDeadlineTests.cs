using System.Diagnostics;
using SharpSC.Cards.Transport;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens;
using SharpSC.Pkcs11.Tokens.Card;
using SharpSC.TestSupport;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tests.Tokens;

/// <summary>
/// The engine over a card that stops answering (a command held by the in-process link): the call gets
/// CKR_DEVICE_ERROR at the deadline instead of hanging, the token's lock is free (other calls fail at once
/// while the reader is blocked), and once the card answers the next call works, re-selecting the applet and
/// presenting the PIN again as after a reset. Full-stack with pcscd, vpcd and the virtual card: Reliability/.
/// </summary>
public sealed class CardDeadlineTests
{
    private static readonly CardDeadlines Deadlines = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));

    private readonly EmulatedTokens _tokens = new("Deadline " + Guid.NewGuid().ToString("N")[..8]);

    private Token Open() => _tokens.Open(() => new DeadlineTransport(_tokens.Reader, _tokens.Connect, Deadlines));

    private StallingTransport Current => _tokens.Connections[^1];

    private static Pkcs11Exception DeviceErrorWithin(TimeSpan limit, Action call)
    {
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<Pkcs11Exception>(call);
        Assert.True(clock.Elapsed < limit, $"the call took {clock.Elapsed}");
        Assert.Equal(CKR_DEVICE_ERROR, e.Code);
        return e;
    }

    private void ReleaseAndWaitForClose(StallingTransport stuck)
    {
        stuck.Release();
        var clock = Stopwatch.StartNew();
        while (!stuck.Disposed)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the connection given up on was not closed after the card answered");
            Thread.Sleep(10);
        }
    }

    [Fact]
    public void A_signature_the_card_never_answers_fails_at_the_deadline_and_the_next_one_works()
    {
        using var token = Open();
        var key = token.ObjectsOf([ObjectKind.PrivateKeys]).OfType<PrivateKeyObject>().First(k => k.Kind == KeyKind.Rsa);
        token.WithCard(d => d.VerifyPin(UserRole.User, EmulatedTokens.Pin));
        token.Login.LoggedIn(UserRole.User, EmulatedTokens.Pin);
        var stuck = Current;
        stuck.StallNext(0x2A);

        DeviceErrorWithin(TimeSpan.FromSeconds(5), () => token.WithCard(d => d.Sign(key, CardSignature.RsaPkcs1, EmulatedTokens.DigestInfo), needsLogin: true));
        // The token's lock is free: calls fail at once while the reader is blocked, they do not queue behind it.
        var blocked = DeviceErrorWithin(TimeSpan.FromMilliseconds(400), () => token.WithCard(d => d.QueryPin(UserRole.User)));
        Assert.Contains("has not answered", blocked.Message, StringComparison.Ordinal);

        ReleaseAndWaitForClose(stuck);
        var signature = token.WithCard(d => d.Sign(key, CardSignature.RsaPkcs1, EmulatedTokens.DigestInfo), needsLogin: true);
        Assert.Equal(256, signature.Length);
        Assert.NotSame(stuck, Current); // a new connection, the PIN presented again on it
    }

    [Fact]
    public void A_search_whose_directory_read_never_returns_fails_at_the_deadline_and_the_next_one_finds_the_objects()
    {
        using var token = Open();
        var stuck = Current;
        stuck.StallNext(0xB0);
        DeviceErrorWithin(TimeSpan.FromSeconds(5), () => token.ObjectsOf([ObjectKind.Certificates]));
        ReleaseAndWaitForClose(stuck);
        Assert.Single(token.ObjectsOf([ObjectKind.Certificates]).OfType<CertificateObject>());
    }

    [Fact]
    public void A_card_that_does_not_answer_its_detection_is_a_device_error()
    {
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<Pkcs11Exception>(() => CardTokenDevice.Open(() => new DeadlineTransport(_tokens.Reader, () =>
        {
            var link = _tokens.Connect();
            _tokens.Connections[^1].StallNext(0xA4);
            return link;
        }, Deadlines)));
        Assert.Equal(CKR_DEVICE_ERROR, e.Code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        ReleaseAndWaitForClose(Current);
        using var token = Open();
        Assert.Equal("Test", token.Description.Label);
    }
}
