using System.Security.Cryptography;
using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Tests;

public class EcCurveTests
{
    [Theory]
    [InlineData(24, 192)]
    [InlineData(28, 224)]
    [InlineData(32, 256)]
    [InlineData(40, 320)]
    [InlineData(48, 384)]
    [InlineData(64, 512)]
    [InlineData(66, 521)]
    [InlineData(20, null)]
    [InlineData(33, null)]
    public void FieldLength_FollowsTheLengthOfThePrime(int bytes, int? bits)
    {
        Assert.Equal(bits, EcCurve.FieldBitsForPrimeLength(bytes));
    }

    [Theory]
    [InlineData("nistP256")]
    [InlineData("brainpoolP320r1")]
    [InlineData("nistP521")]
    public void KnownCurves_AreRecognisedByTheirParameters(string name)
    {
        var template = TestKeys.CurveTemplate(ECCurve.CreateFromFriendlyName(name), out _);
        var curve = EcCurve.Parse(template, 0, template.Length, EcCurve.FieldBitsOf(template, 0, template.Length));
        Assert.True(curve.IsNamed);
    }

    [Fact]
    public void AComponentLongerThanTheField_IsAnUncaughtCryptoException()
    {
        TestKeys.CurveTemplate(ECCurve.NamedCurves.nistP256, out var p);
        var c = p.Curve;
        var list = new List<byte>();
        TestKeys.Tlv(list, 0x81, c.Prime!);
        TestKeys.Tlv(list, 0x82, [0x01, .. c.A!]); // 33 bytes for a 32-byte field
        TestKeys.Tlv(list, 0x83, c.B!);
        TestKeys.Tlv(list, 0x84, [0x04, .. c.G.X!, .. c.G.Y!]);
        TestKeys.Tlv(list, 0x85, c.Order!);
        TestKeys.Tlv(list, 0x87, [0x00, 0x01]);
        var data = list.ToArray();
        Assert.Throws<AppletFaultException>(() => EcCurve.Parse(data, 0, data.Length, 256));
    }
}
