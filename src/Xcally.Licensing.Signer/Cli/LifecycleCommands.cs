using System.CommandLine;
using Xcally.Licensing.Document;
using Xcally.Licensing.Issuing;
using Xcally.Licensing.Issuing.Catalog;
using Xcally.Licensing.Issuing.Ledger;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>
/// The license-portal requests after activation, one command each: demo, modify, contract, move,
/// reactivate, deactivate, renew. Each finds the token's current license in the ledger, applies the
/// request under the contract rules, and issues the next revision of its lineage.
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
            IssueDemo(session, tokenValue, new Customer(parseResult.GetRequiredValue(customer), parseResult.GetRequiredValue(email)), output);
            return ExitCodes.Success;
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
            var (entry, current) = Billed(session, tokenValue, "modify");
            var staff = current.Staff with
            {
                Agents = parseResult.GetValue(agents) ?? current.Staff.Agents,
                Users = parseResult.GetValue(users) ?? current.Staff.Users,
                Telephones = parseResult.GetValue(telephones) ?? current.Staff.Telephones,
                MobileAgents = parseResult.GetValue(mobileAgents) ?? current.Staff.MobileAgents,
            };
            if (new[] { staff.Agents, staff.Users, staff.Telephones, staff.MobileAgents }.Any(n => n < 0))
            {
                throw new UserError(ExitCodes.Usage, "quantities are totals and cannot be negative.");
            }

            var next = current with { Staff = staff };
            foreach (var name in parseResult.GetValue(add) ?? [])
            {
                next = Toggle(next, name, on: true);
            }

            foreach (var name in parseResult.GetValue(remove) ?? [])
            {
                next = Toggle(next, name, on: false);
            }

            if (LicenseFieldsEqual(current, next))
            {
                throw new UserError(ExitCodes.Usage, "nothing to change: give new totals (--agents, --users, --telephones, --mobile-agents) or --add / --remove.");
            }

            var decrease = staff.Agents < current.Staff.Agents || staff.Users < current.Staff.Users || staff.Telephones < current.Staff.Telephones ||
                staff.MobileAgents < current.Staff.MobileAgents || (current.AddOns.Count > next.AddOns.Count) || current.Ai.Any(a => !next.Ai.Contains(a)) ||
                current.Plugins.Any(p => !next.Plugins.Contains(p)) || current.AddOns.Any(a => !next.AddOns.Contains(a));
            var validFrom = ContractRules.EffectiveFrom(session.Now, decrease);
            var notes = new List<string>();
            if (validFrom > session.Now)
            {
                notes.Add($"a decrease requested after the {ContractRules.DecreaseCutoffDay}th takes effect on {LicensePayloadWriter.FormatTimestamp(validFrom)}; the customer pastes it from that day. Increases in the same request wait too: issue them separately to apply them now.");
            }

            next = next with { IssuedAt = session.Now, ValidFrom = validFrom };
            IssuingOptions.Enforce(ContractRules.CheckBilled(next, Plan(session, next)), "the modification");
            session.Issue("modify", next, entry.Lineage, output, notes);
            return ExitCodes.Success;
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
            var (entry, current) = Billed(session, tokenValue, "contract");
            var next = current with { IssuedAt = session.Now, ValidFrom = session.Now };
            if (parseResult.GetValue(plan) is { } planId)
            {
                if (!session.Catalog.TryGet(planId, out var newPlan))
                {
                    throw new UserError(ExitCodes.InvalidRequest, $"plan '{planId}' is not in the catalog (plans: {session.Catalog.PlanIds}).");
                }

                next = next with { Plan = newPlan.Id, Channels = newPlan.Channels, Modules = newPlan.Modules, Sessions = newPlan.Sessions };
            }

            if (parseResult.GetValue(support) is { } supportName)
            {
                next = next with { SupportPlan = WireNames.SupportPlans.TryParse(supportName, out var s) ? s : throw new UserError(ExitCodes.Usage, "--support-plan is silver or platinum.") };
            }

            if (parseResult.GetValue(billing) is { } billingName)
            {
                var frequency = WireNames.Billing.TryParse(billingName, out var b) ? b : throw new UserError(ExitCodes.Usage, "--billing is monthly or annual.");
                next = next with { Billing = frequency, ExpiresAt = frequency == current.Billing ? current.ExpiresAt : ContractRules.PeriodEnd(session.Now, frequency) };
            }

            if (parseResult.GetValue(whiteLabel) is { } onOff)
            {
                next = onOff switch
                {
                    "on" => next with { AddOns = next.AddOns.With(AddOn.Customization) },
                    "off" => next with { AddOns = next.AddOns.Without(AddOn.Customization) },
                    _ => throw new UserError(ExitCodes.Usage, "--white-label is on or off."),
                };
            }

            if (LicenseFieldsEqual(current, next))
            {
                throw new UserError(ExitCodes.Usage, "nothing to change: give --plan, --support-plan, --billing or --white-label with a new value.");
            }

            IssuingOptions.Enforce(ContractRules.CheckBilled(next, Plan(session, next)), "the contract change");
            session.Issue("contract", next, entry.Lineage, output);
            return ExitCodes.Success;
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
            var (entry, current) = session.CurrentLicense(oldToken);
            RefuseDeactivated(entry, "move");
            var diff = InstallationToken.Compare(InstallationToken.Parse(oldToken), InstallationToken.Parse(newToken));
            (session.Json ? error : output).WriteLine(diff.ToString());
            IssuingOptions.Enforce(ContractRules.CheckNotActive(session.Ledger, newToken, session.Now) is { } active ? [active] : [], "the move");
            var next = current with { Token = newToken, IssuedAt = session.Now, ValidFrom = session.Now };
            session.Issue("move", next, entry.Lineage, output, [$"token diff: {diff.Reason}"]);
            return ExitCodes.Success;
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
            var target = parseResult.GetValue(newToken) is { } t ? IssuingOptions.Token(t, "new token") : tokenValue;
            using var session = options.Open(parseResult, context, error);
            var (entry, current) = Billed(session, tokenValue, "reactivate");
            if (target != tokenValue)
            {
                (session.Json ? error : output).WriteLine(InstallationToken.Compare(InstallationToken.Parse(tokenValue), InstallationToken.Parse(target)).ToString());
                IssuingOptions.Enforce(ContractRules.CheckNotActive(session.Ledger, target, session.Now) is { } active ? [active] : [], "the re-activation");
            }

            var next = current with { Token = target, IssuedAt = session.Now, ValidFrom = session.Now, ExpiresAt = ContractRules.PeriodEnd(session.Now, current.Billing!.Value) };
            session.Issue("reactivate", next, entry.Lineage, output);
            return ExitCodes.Success;
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
            IssueDeactivation(session, tokenValue, output);
            return ExitCodes.Success;
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
            var (entry, current) = Billed(session, tokenValue, "renew");
            var periodStart = current.ExpiresAt is { } e && e > session.Now ? e : session.Now;
            var next = current with { IssuedAt = session.Now, ValidFrom = session.Now, ExpiresAt = ContractRules.PeriodEnd(periodStart, current.Billing!.Value) };
            session.Issue("renew", next, entry.Lineage, output);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>A demo for <paramref name="token"/>: once per token, never over an active license.</summary>
    internal static IssuedLicense IssueDemo(IssuingOptions.Session session, string token, Customer customer, TextWriter output)
    {
        var broken = new List<string>();
        if (session.Ledger.HadDemo(token))
        {
            broken.Add($"token {token} already had a demo; a token gets one demo. Issue a billed license instead.");
        }

        if (ContractRules.CheckNotActive(session.Ledger, token, session.Now) is { } active)
        {
            broken.Add(active);
        }

        IssuingOptions.Enforce(broken, "the demo");
        return session.Issue("demo", ContractRules.Demo(token, customer, session.Now), lineage: null, output);
    }

    /// <summary>A signed deactivation of <paramref name="token"/>'s current license.</summary>
    internal static IssuedLicense IssueDeactivation(IssuingOptions.Session session, string token, TextWriter output)
    {
        var (entry, current) = session.CurrentLicense(token);
        RefuseDeactivated(entry, "deactivate");
        var deactivation = current with
        {
            Kind = LicenseKind.Deactivation,
            IssuedAt = session.Now,
            ValidFrom = session.Now,
            ExpiresAt = null,
            Plan = null,
            Billing = null,
            SupportPlan = null,
            Staff = StaffCounts.None,
            Channels = default,
            Modules = default,
            Sessions = SessionLimits.None,
            AddOns = default,
            Ai = default,
            Plugins = default,
            SoftwareUpdate = false,
            AppZone = false,
        };
        return session.Issue("deactivate", deactivation, entry.Lineage, output);
    }

    private static (LedgerEntry Entry, LicenseDocument License) Billed(IssuingOptions.Session session, string token, string command)
    {
        var (entry, license) = session.CurrentLicense(token);
        RefuseDeactivated(entry, command);
        if (license.Kind != LicenseKind.Subscription)
        {
            throw new UserError(ExitCodes.RuleBroken, $"token {token} holds a {entry.Kind} (serial {entry.Serial}); {command} applies to billed licenses. Issue a billed license with 'issue' first.");
        }

        return (entry, license);
    }

    private static void RefuseDeactivated(LedgerEntry entry, string command)
    {
        if (entry.Kind == "deactivation")
        {
            throw new UserError(ExitCodes.RuleBroken, $"token {entry.Token} was deactivated (serial {entry.Serial}); {command} is not possible. A new activation uses 'issue'.");
        }
    }

    private static Plan Plan(IssuingOptions.Session session, LicenseDocument license) =>
        session.Catalog.TryGet(license.Plan ?? string.Empty, out var plan)
            ? plan
            : throw new UserError(ExitCodes.InvalidRequest, $"the license's plan '{license.Plan}' is no longer in the catalog (plans: {session.Catalog.PlanIds}); change it with 'contract --plan'.");

    private static LicenseDocument Toggle(LicenseDocument license, string name, bool on)
    {
        if (WireNames.AddOns.TryParse(name, out var addOn))
        {
            return license with { AddOns = on ? license.AddOns.With(addOn) : license.AddOns.Without(addOn) };
        }

        if (WireNames.Ai.TryParse(name, out var ai))
        {
            return license with { Ai = on ? license.Ai.With(ai) : license.Ai.Without(ai) };
        }

        if (WireNames.Plugins.TryParse(name, out var plugin))
        {
            return license with { Plugins = on ? license.Plugins.With(plugin) : license.Plugins.Without(plugin) };
        }

        throw new UserError(ExitCodes.Usage, $"'{name}' is not an add-on ({string.Join(", ", WireNames.AddOns.All)}), an AI feature ({string.Join(", ", WireNames.Ai.All)}) or a plugin ({string.Join(", ", WireNames.Plugins.All)}).");
    }

    private static bool LicenseFieldsEqual(LicenseDocument a, LicenseDocument b) =>
        a.Staff == b.Staff && a.AddOns == b.AddOns && a.Ai == b.Ai && a.Plugins == b.Plugins && a.Plan == b.Plan &&
        a.SupportPlan == b.SupportPlan && a.Billing == b.Billing && a.Channels == b.Channels;
}
