using CsCheck;
using SharpSC.Cards.Apdu;

namespace SharpSC.Cards.Tests.Apdu;

/// <summary>CsCheck properties of the APDU codec (ISO 7816-4 §5.1): what is encoded parses back; garbage fails cleanly.</summary>
public class ApduPropertyTests
{
    private static readonly Gen<CommandApdu> Commands =
        from header in Gen.Byte.Array[4]
        from extended in Gen.Bool
        from data in Gen.Byte.Array[0, 300]
        from ne in Gen.OneOf(Gen.Const(0), Gen.Int[1, 256], Gen.Int[257, CommandApdu.MaxExtendedNe])
        where extended || (data.Length <= CommandApdu.MaxShortData && ne <= CommandApdu.MaxShortNe)
        select new CommandApdu(header[0], header[1], header[2], header[3], data, ne);

    [Fact]
    public void Every_command_parses_back_to_itself_in_short_and_extended_form() =>
        Commands.Sample(command =>
        {
            foreach (var extended in new[] { false, true })
            {
                if (!extended && command.NeedsExtended) continue;
                var parsed = CommandApdu.Parse(command.Encode(extended));
                Assert.Equal((command.Cla, command.Ins, command.P1, command.P2, command.Ne), (parsed.Cla, parsed.Ins, parsed.P1, parsed.P2, parsed.Ne));
                Assert.Equal(command.Data.ToArray(), parsed.Data.ToArray());
                Assert.Equal(command.Encode(extended), parsed.Encode(extended));
            }
        });

    [Fact]
    public void Any_bytes_parse_as_a_command_or_fail_with_a_format_exception() =>
        Gen.Byte.Array[0, 400].Sample(bytes =>
        {
            try
            {
                var parsed = CommandApdu.Parse(bytes);
                var extended = bytes.Length >= 7 && bytes[4] == 0; // a body of 3+ bytes opening with 00
                Assert.Equal(bytes, parsed.Encode(extended));
            }
            catch (FormatException)
            {
            }
        });

    [Fact]
    public void Every_response_splits_into_data_and_status_word() =>
        Gen.Byte.Array[2, 600].Sample(raw =>
        {
            var r = ResponseApdu.Parse(raw);
            Assert.Equal(raw[..^2], r.Data);
            Assert.Equal((ushort)((raw[^2] << 8) | raw[^1]), r.StatusWord);
        });
}
