using Net.Pkcs11Interop.Common;
using SharpSC.Sample;

const string Usage = """
    usage: sharpsc-sample [--module PATH] list
           sharpsc-sample [--module PATH] sign --id HEX --in FILE --out FILE [--token LABEL]

      list   every slot, its token and the token's certificates and keys
      sign   signs FILE with the private key whose CKA_ID is HEX; the signature is what
             `openssl dgst -<digest> -verify public.pem -signature OUT FILE` checks (ECDSA in DER)

    The module is --module, else $SHARPSC_MODULE, else the installed one. The PIN is read from
    $SHARPSC_PIN, else asked for on the terminal; a key that wants it for every signature
    (CKA_ALWAYS_AUTHENTICATE: PIV slot 9C, an OpenPGP card's signature key) gets it again.
    """;

try
{
    var options = Options.Parse(args);
    if (options == null)
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }
    using var card = CardModule.Load(options.ModulePath);
    switch (options.Command)
    {
        case "list":
            TokenLister.Print(card, Console.Out);
            return 0;
        case "sign":
            var result = CardSigner.SignFile(card, options, Pin.Read());
            Console.WriteLine($"signed {options.InputFile} with key {options.KeyId} on token \"{result.TokenLabel}\" " +
                $"using {result.Mechanism} (digest {result.Digest}){(result.PinGivenAgain ? ", the PIN given again for the key" : "")}; " +
                $"signature in {options.OutputFile}");
            return 0;
        default:
            Console.Error.WriteLine(Usage);
            return 2;
    }
}
catch (Pkcs11Exception e)
{
    Console.Error.WriteLine($"sharpsc-sample: {e.Method} failed: {e.RV}");
    return 1;
}
catch (SampleException e)
{
    Console.Error.WriteLine("sharpsc-sample: " + e.Message);
    return 1;
}
