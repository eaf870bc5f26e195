namespace SharpSC.Sample;

/// <summary>The command line: a command and its --options.</summary>
public sealed record Options(string Command, string ModulePath, string? KeyId, string? InputFile, string? OutputFile, string? TokenLabel)
{
    public const string InstalledModule = "/usr/lib/x86_64-linux-gnu/pkcs11/sharpsc-pkcs11.so";

    /// <summary>Null when the command line is not understood.</summary>
    public static Options? Parse(string[] args)
    {
        string? command = null, module = null, id = null, input = null, output = null, token = null;
        for (var i = 0; i < args.Length; i++)
        {
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--module": module = Value(); break;
                case "--id": id = Value(); break;
                case "--in": input = Value(); break;
                case "--out": output = Value(); break;
                case "--token": token = Value(); break;
                case "list" or "sign" when command == null: command = args[i]; break;
                default: return null;
            }
        }
        module ??= Environment.GetEnvironmentVariable("SHARPSC_MODULE") ?? InstalledModule;
        if (command == null || (command == "sign" && (id == null || input == null || output == null)))
            return null;
        return new Options(command, module, id, input, output, token);
    }
}
