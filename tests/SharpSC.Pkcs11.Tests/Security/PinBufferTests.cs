using System.Runtime.InteropServices;
using SharpSC.Native.Marshalling;
using SharpSC.Pkcs11.Tokens;

namespace SharpSC.Pkcs11.Tests.Security;

/// <summary>
/// The copies of a PIN the module makes are cleared when they are no longer needed: the copy taken from
/// the caller's buffer (every C_Login, C_InitPIN, C_SetPIN) and the one remembered to present again after
/// another process reset the card.
/// </summary>
public sealed unsafe class PinBufferTests
{
    [Fact]
    public void The_copy_of_the_callers_PIN_is_zeroed_when_the_call_ends()
    {
        var caller = "731946"u8.ToArray();
        byte[] copy;
        fixed (byte* p = caller)
        {
            using var pin = SecretBytes.From(p, new CULong(6));
            copy = pin.Value!;
            Assert.Equal(caller, copy);
            Assert.NotSame(caller, copy);
        }
        Assert.All(copy, b => Assert.Equal(0, b));
        Assert.Equal("731946"u8.ToArray(), caller); // the caller's own buffer is the caller's business
    }

    [Fact]
    public void The_remembered_PIN_is_zeroed_on_logout_and_on_dispose()
    {
        var login = new LoginState();
        login.LoggedIn(UserRole.User, "731946"u8);
        var remembered = login.Pin;
        Assert.Equal("731946"u8.ToArray(), remembered.ToArray());
        login.Clear();
        Assert.All(remembered.ToArray(), b => Assert.Equal(0, b));
        Assert.False(login.HasPin);

        login.LoggedIn(UserRole.SecurityOfficer, "0123456789abcdef"u8);
        var again = login.Pin;
        login.Dispose();
        Assert.All(again.ToArray(), b => Assert.Equal(0, b));
        Assert.Null(login.Role);
    }

    [Fact]
    public void Logging_in_again_zeroes_the_PIN_remembered_before()
    {
        var login = new LoginState();
        login.LoggedIn(UserRole.User, "731946"u8);
        var first = login.Pin;
        login.LoggedIn(UserRole.User, "246813"u8);
        Assert.All(first.ToArray(), b => Assert.Equal(0, b));
        Assert.Equal("246813"u8.ToArray(), login.Pin.ToArray());
    }
}
