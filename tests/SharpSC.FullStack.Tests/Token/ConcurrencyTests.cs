using System.Collections.Concurrent;
using System.Diagnostics;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Token;

/// <summary>Many threads on many sessions of one token (CKF_OS_LOCKING_OK hosts such as browsers do this).</summary>
[Collection(PcscCollection.Name)]
public sealed class ConcurrencyTests(OpenScCard card) : IClassFixture<OpenScCard>
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    [Fact]
    public void Eight_threads_with_four_sessions_each_sign_and_read_attributes_for_30_seconds()
    {
        using var library = Module.Load();
        var slot = Module.Slot(library, TokenReader.Name);
        using (var login = slot.OpenSession(SessionType.ReadOnly))
        {
            login.Login(CKU.CKU_USER, TokenReader.Pin);
            var errors = new ConcurrentQueue<Exception>();
            var signatures = 0;
            var reads = 0;
            var stop = Stopwatch.StartNew();
            var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
            {
                var sessions = Enumerable.Range(0, 4).Select(_ => slot.OpenSession(SessionType.ReadOnly)).ToList();
                try
                {
                    var attr = Module.Factories.ObjectAttributeFactory;
                    var mech = Module.Factories.MechanismFactory;
                    for (var i = 0; stop.Elapsed < Duration; i++)
                    {
                        var s = sessions[i % sessions.Count];
                        var rsa = s.FindAllObjects([attr.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY), attr.Create(CKA.CKA_ID, new byte[] { 1 })]).Single();
                        var ec = s.FindAllObjects([attr.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY), attr.Create(CKA.CKA_ID, new byte[] { 3 })]).Single();
                        var data = BitConverter.GetBytes(i * 31 + t);
                        var sig = (i % 2 == 0)
                            ? s.Sign(mech.Create(CKM.CKM_SHA256_RSA_PKCS), rsa, data)
                            : s.Sign(mech.Create(CKM.CKM_ECDSA_SHA1), ec, data);
                        Assert.Equal(i % 2 == 0 ? 256 : 64, sig.Length);
                        Interlocked.Increment(ref signatures);
                        var cert = s.FindAllObjects([attr.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE)]).Single();
                        Assert.NotEmpty(s.GetAttributeValue(cert, [CKA.CKA_VALUE])[0].GetValueAsByteArray());
                        Interlocked.Increment(ref reads);
                    }
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                }
                finally
                {
                    foreach (var s in sessions) s.Dispose();
                }
            })).ToList();
            threads.ForEach(th => th.Start());
            Assert.All(threads, th => Assert.True(th.Join(Duration + TimeSpan.FromMinutes(2)), "a thread hung"));
            Assert.Empty(errors);
            Assert.True(signatures > 100, $"only {signatures} signatures in {Duration.TotalSeconds} s");
            Assert.True(reads > 100);
        }
        Assert.True(card.Card.ApduCount > 0);
    }
}
