using SharpSC.PCSC;

namespace SharpSC.Cli;

/// <summary>sharpsc: the card owner's tool (grows in the card-layer issue; today it lists readers).</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] != "readers")
        {
            Console.Error.WriteLine("usage: sharpsc readers");
            return 2;
        }
        using var context = PcscContext.TryEstablish(out var error);
        if (context == null)
        {
            Console.Error.WriteLine($"sharpsc: PC/SC is not available: {PcscError.Describe(error)}");
            return 1;
        }
        var readers = context.ListReaders();
        for (var i = 0; i < readers.Length; i++) Console.WriteLine($"{i}  {readers[i]}");
        return 0;
    }
}
