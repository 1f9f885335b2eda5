using System.CommandLine;
using Xcally.Licensing.Document;
using Xcally.Licensing.Issuing;
using Xcally.Licensing.Issuing.Requests;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>
/// The license-portal requests given on the command line, one command each: demo, modify, contract,
/// move, reactivate, deactivate, renew. Each parses its options into the request, hands it to the
/// issuing desk (which applies the contract rules to the ledger) and shows the result.
/// </summary>
internal static class LifecycleCommands
{
    public static IEnumerable<Command> Create(CliContext context) =>
        [Demo(context), Modify(context), Contract(context), Move(context), Reactivate(context), Deactivate(context), Renew(context)];

    private static Option<string> TokenOption(string name = "--token", string description = "The server's installation token.") =>
        new(name) { Description = description, Required = true };

    private static Command Demo(CliContext context)
    {
        var token = TokenOption();
        var customer = new Option<string>("--customer") { Description = "Customer name or reference.", Required = true };
        var email = new Option<string>("--email") { Description = "Customer email address.", Required = true };
        var options = new IssuingOptions();
        var command = new Command("demo", "Activate a 30-day free demo: 3 agents, 1 admin, 1 telephone, 1 mobile agent, every add-on (WebRTC and the Windows Phonebar included). Once per token, never over an active license.");
        command.Options.Add(token);
        command.Options.Add(customer);
        command.Options.Add(email);
        options.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var tokenValue = IssuingOptions.Token(parseResult.GetRequiredValue(token));
            using var session = options.Open(parseResult, context, error);
            var request = new DemoRequest(tokenValue, new Customer(parseResult.GetRequiredValue(customer), parseResult.GetRequiredValue(email)), session.Operator, session.Now);
            return session.Write(session.Desk.Demo(request), output, error);
        }));
        return command;
    }

    private static Command Modify(CliContext context)
    {
        var token = TokenOption();
        var agents = new Option<int?>("--agents") { Description = "Total concurrent agents (at least 5)." };
        var users = new Option<int?>("--users") { Description = "Total users." };
        var telephones = new Option<int?>("--telephones") { Description = "Total telephones." };
        var mobileAgents = new Option<int?>("--mobile-agents") { Description = "Total mobile agents (named)." };
        var add = new Option<string[]>("--add") { Description = "Add an add-on, AI feature or plugin by its name (repeatable).", AllowMultipleArgumentsPerToken = true };
        var remove = new Option<string[]>("--remove") { Description = "Remove an add-on, AI feature or plugin by its name (repeatable).", AllowMultipleArgumentsPerToken = true };
        var options = new IssuingOptions();
        var command = new Command("modify", "Add or remove accounts, add-ons, AI features and plugins. Quantities are totals, as on the portal. Increases take effect at once; a decrease requested after the 20th takes effect on the first day of next month.");
        foreach (var option in new Option[] { token, agents, users, telephones, mobileAgents, add, remove })
        {
            command.Options.Add(option);
        }

        options.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var tokenValue = IssuingOptions.Token(parseResult.GetRequiredValue(token));
            using var session = options.Open(parseResult, context, error);
            var request = new ModifyRequest(tokenValue, session.Operator, session.Now)
            {
                Agents = parseResult.GetValue(agents),
                Users = parseResult.GetValue(users),
                Telephones = parseResult.GetValue(telephones),
                MobileAgents = parseResult.GetValue(mobileAgents),
                Add = parseResult.GetValue(add) ?? [],
                Remove = parseResult.GetValue(remove) ?? [],
            };
            return session.Write(
                WithHint(session.Desk.Modify(request), "nothing to change: give new totals (--agents, --users, --telephones, --mobile-agents) or --add / --remove."), output, error);
        }));
        return command;
    }

    private static Command Contract(CliContext context)
    {
        var token = TokenOption();
        var plan = new Option<string>("--plan") { Description = "The new license plan (from the catalog)." };
        var support = new Option<string>("--support-plan") { Description = "silver or platinum." };
        var billing = new Option<string>("--billing") { Description = "monthly or annual." };
        var whiteLabel = new Option<string>("--white-label") { Description = "on or off: the customization / white label add-on." };
        var options = new IssuingOptions();
        var command = new Command("contract", "Change the license plan, support plan, billing frequency or white label. A new billing frequency starts a new billing period today.");
        foreach (var option in new Option[] { token, plan, support, billing, whiteLabel })
        {
            command.Options.Add(option);
        }

        options.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var tokenValue = IssuingOptions.Token(parseResult.GetRequiredValue(token));
            using var session = options.Open(parseResult, context, error);
            var request = new ContractRequest(tokenValue, session.Operator, session.Now)
            {
                Plan = parseResult.GetValue(plan),
                SupportPlan = parseResult.GetValue(support) is { } s
                    ? WireNames.SupportPlans.TryParse(s, out var supportPlan) ? supportPlan : throw new UserError(ExitCodes.Usage, "--support-plan is silver or platinum.")
                    : null,
                Billing = parseResult.GetValue(billing) is { } b
                    ? WireNames.Billing.TryParse(b, out var frequency) ? frequency : throw new UserError(ExitCodes.Usage, "--billing is monthly or annual.")
                    : null,
                WhiteLabel = parseResult.GetValue(whiteLabel) switch
                {
                    null => null,
                    "on" => true,
                    "off" => false,
                    _ => throw new UserError(ExitCodes.Usage, "--white-label is on or off."),
                },
            };
            return session.Write(
                WithHint(session.Desk.Contract(request), "nothing to change: give --plan, --support-plan, --billing or --white-label with a new value."), output, error);
        }));
        return command;
    }

    private static Command Move(CliContext context)
    {
        var from = TokenOption("--from", "The token the license is bound to now.");
        var to = TokenOption("--to", "The server's new token.");
        var options = new IssuingOptions();
        var command = new Command("move", "Move a license to a new token (a changed or replaced server): shows the token diff, then issues the license for the new token.");
        command.Options.Add(from);
        command.Options.Add(to);
        options.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var oldToken = IssuingOptions.Token(parseResult.GetRequiredValue(from), "old token");
            var newToken = IssuingOptions.Token(parseResult.GetRequiredValue(to), "new token");
            using var session = options.Open(parseResult, context, error);
            return session.Write(session.Desk.Move(new MoveRequest(oldToken, newToken, session.Operator, session.Now)), output, error);
        }));
        return command;
    }

    private static Command Reactivate(CliContext context)
    {
        var token = TokenOption();
        var newToken = new Option<string>("--new-token") { Description = "Also move the license to this token (the grace period came from a token change)." };
        var options = new IssuingOptions();
        var command = new Command("reactivate", "Re-activate a license in grace or trial mode after payment: a new billing period from today, on the same or a new token.");
        command.Options.Add(token);
        command.Options.Add(newToken);
        options.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var tokenValue = IssuingOptions.Token(parseResult.GetRequiredValue(token));
            var target = parseResult.GetValue(newToken) is { } t ? IssuingOptions.Token(t, "new token") : null;
            using var session = options.Open(parseResult, context, error);
            var request = new ReactivateRequest(tokenValue, session.Operator, session.Now) { NewToken = target };
            return session.Write(session.Desk.Reactivate(request), output, error);
        }));
        return command;
    }

    private static Command Deactivate(CliContext context)
    {
        var token = TokenOption();
        var options = new IssuingOptions();
        var command = new Command("deactivate", "Deactivate the server: a signed deactivation for the token, which Motion installs like a license.");
        command.Options.Add(token);
        options.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var tokenValue = IssuingOptions.Token(parseResult.GetRequiredValue(token));
            using var session = options.Open(parseResult, context, error);
            return session.Write(session.Desk.Deactivate(new DeactivateRequest(tokenValue, session.Operator, session.Now)), output, error);
        }));
        return command;
    }

    private static Command Renew(CliContext context)
    {
        var token = TokenOption();
        var options = new IssuingOptions();
        var command = new Command("renew", "Renew for the next billing period: valid at once, expiring one period after the current expiry.");
        command.Options.Add(token);
        options.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var tokenValue = IssuingOptions.Token(parseResult.GetRequiredValue(token));
            using var session = options.Open(parseResult, context, error);
            return session.Write(session.Desk.Renew(new RenewRequest(tokenValue, session.Operator, session.Now)), output, error);
        }));
        return command;
    }

    /// <summary>A request that changes nothing is refused with what to give on this command's line.</summary>
    private static IssueResult WithHint(IssueResult result, string hint) =>
        result.Refusal?.Code == RefusalCode.NothingToChange ? throw new UserError(ExitCodes.Usage, hint) : result;
}
