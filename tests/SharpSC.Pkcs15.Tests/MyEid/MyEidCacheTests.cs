using SharpSC.Cards.Keys;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Objects;
using SharpSC.Pkcs15.Personalisation;
using SharpSC.TestSupport;

namespace SharpSC.Pkcs15.Tests.MyEid;

/// <summary>
/// The PKCS#15 file cache on MyEID, whose TokenInfo belongs to the SO and stays the same when keys and
/// certificates are added: the card's change counter tells a changed card from the cached one.
/// </summary>
[Collection(CacheEnvironment.Name)]
public sealed class MyEidCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sharpsc-myeid-cache-").FullName;
    private readonly string? _saved = Environment.GetEnvironmentVariable("SHARPSC_CACHE_DIR");

    public MyEidCacheTests() => Environment.SetEnvironmentVariable("SHARPSC_CACHE_DIR", Path.Combine(_dir, "cache"));

    [Fact]
    public void A_key_another_program_adds_is_seen_though_token_info_did_not_change()
    {
        var t = new MyEidToken(MyEidFixtureCards.OpenScPersonalised());
        var first = Pkcs15Card.Open(t.Connect());
        var tokenInfo = Pkcs15Card.ReadFileOrNull(first.Driver, "3F0050155032");
        Assert.Equal(2, first.Objects<PrivateKeyObject>(DirectoryKind.PrivateKeys).Count);
        first.FlushCache();
        var cached = Pkcs15Card.Open(t.Connect());
        Assert.True(cached.CachedFiles > 0); // the cache serves this card state

        t.LoggedIn().GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp384r1), Id = Pkcs15Id.Parse("03"), Label = "P-384" });

        var after = Pkcs15Card.Open(t.Connect());
        Assert.Equal(tokenInfo, Pkcs15Card.ReadFileOrNull(after.Driver, "3F0050155032"));
        Assert.Equal(3, after.Objects<PrivateKeyObject>(DirectoryKind.PrivateKeys).Count);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("SHARPSC_CACHE_DIR", _saved);
        Directory.Delete(_dir, recursive: true);
    }
}
