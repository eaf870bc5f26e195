using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Output;
using SharpSC.Pkcs15.Objects;
using SharpSC.Pkcs15.Personalisation;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands;

/// <summary>sharpsc label: a new token label, or a new label for the objects with an id.</summary>
internal static class LabelCommand
{
    public static CommandSpec Create(CliEnvironment env) => new("label", "Change the token's label, or with --id the label of keys and certificates")
    {
        Arguments = ["TEXT"],
        RequiredArguments = 1,
        Options = [new("id", null, "HEX", "relabel the objects with this id instead of the token"), .. Options.UserPin, .. Options.Card],
        Handler = i => Run(i, env),
    };

    private static int Run(Invocation invocation, CliEnvironment env)
    {
        var label = invocation.Argument(0)!;
        var id = OptionalId(invocation, "id");
        return PersonalisingCommand.Run(invocation, env, (_, personaliser) =>
        {
            var changed = new List<string>();
            if (id is null)
            {
                personaliser.SetTokenLabel(label);
                changed.Add("token");
            }
            else
            {
                var targets = RequireStructure(personaliser.Card).FindById(id.Value).Where(o => o is not PinObject).ToList();
                if (targets.Count == 0)
                    throw new PersonalisationException(PersonalisationError.ObjectNotFound, $"no object with id {id} on the card");
                foreach (var target in targets)
                {
                    var current = personaliser.Card.Application!.AllObjects.First(o => o.GetType() == target.GetType() && o.ObjectId == id);
                    personaliser.SetLabel(current, label);
                    changed.Add($"{current.GetType().Name.Replace("Object", "", StringComparison.Ordinal)} {id}");
                }
            }
            Print(env, invocation, new JsonObjects(changed), CliJson.Context.JsonObjects, o => o.WriteLine($"Relabelled {string.Join(", ", changed)} as \"{label}\""));
            return 0;
        });
    }
}
