using System.Diagnostics.CodeAnalysis;

namespace Xcally.Licensing.Document;

/// <summary>The written rules every license document obeys (docs/license-format.md, "Payload rules").</summary>
internal static class LicenseDocumentRules
{
    /// <summary>The largest serial: 2^53 - 1, so that every JSON implementation reads it exactly.</summary>
    public const long MaxSerial = (1L << 53) - 1;

    /// <summary>The largest revision: 2^31 - 1, the largest a 32-bit signed integer holds.</summary>
    public const int MaxRevision = int.MaxValue;

    public const int MaxCount = 1_000_000;
    public const int MaxGraceDays = 30;
    public const int MaxTokenLength = 128;
    public const int MaxCustomerNameLength = 200;
    public const int MaxEmailLength = 254;
    public const int MaxPlanLength = 64;

    public static IReadOnlyList<string> Check(LicenseDocument license)
    {
        // Each message is built only when its rule is broken: every verification runs these checks, and
        // formatting the limits into every message cost more than the checks themselves.
        var problems = new List<string>();
        if (license.Serial is not (>= 1 and <= MaxSerial))
        {
            problems.Add($"serial must be from 1 to {MaxSerial}.");
        }

        if (license.Lineage is not (>= 1 and <= MaxSerial))
        {
            problems.Add($"lineage must be from 1 to {MaxSerial}.");
        }

        if (license.Revision is not (>= 1 and <= MaxRevision))
        {
            problems.Add($"revision must be from 1 to {MaxRevision}.");
        }

        if (!Enum.IsDefined(license.Kind))
        {
            problems.Add("kind is not a known license kind.");
        }

        if (license.GraceDays is not (>= 0 and <= MaxGraceDays))
        {
            problems.Add($"graceDays must be from 0 to {MaxGraceDays}.");
        }

        if (!IsWellFormedToken(license.Token))
        {
            problems.Add(TokenRule);
        }

        CheckCustomer(license.Customer, problems);

        if (license.ExpiresAt is { } expiresAt)
        {
            if (expiresAt <= license.ValidFrom)
            {
                problems.Add("expiresAt must be later than validFrom.");
            }
        }
        else if (license.Kind != LicenseKind.Deactivation)
        {
            problems.Add("expiresAt is required (only a deactivation has no expiry).");
        }

        if (license.Plan is not null && !IsWellFormedPlan(license.Plan))
        {
            problems.Add($"plan must be 1 to {MaxPlanLength} characters: lower-case letters, digits and '-', starting with a letter or digit.");
        }

        if (license.Billing is { } billing && !Enum.IsDefined(billing))
        {
            problems.Add("billing is not a known billing frequency.");
        }

        if (license.SupportPlan is { } supportPlan && !Enum.IsDefined(supportPlan))
        {
            problems.Add("supportPlan is not a known support plan.");
        }

        var staff = license.Staff;
        if (IsPresent(staff, "staff is required.", problems))
        {
            CheckCount(staff.Admins, "staff.admins", problems);
            CheckCount(staff.Users, "staff.users", problems);
            CheckCount(staff.Agents, "staff.agents", problems);
            CheckCount(staff.Telephones, "staff.telephones", problems);
            CheckCount(staff.MobileAgents, "staff.mobileAgents", problems);
        }

        var sessions = license.Sessions;
        if (IsPresent(sessions, "sessions is required.", problems))
        {
            CheckCount(sessions.IvrChannels, "sessions.ivrChannels", problems);
            CheckCount(sessions.ChannelSessions, "sessions.channelSessions", problems);
        }

        switch (license.Kind)
        {
            case LicenseKind.Subscription:
                if (license.Plan is null)
                {
                    problems.Add("a subscription names its plan.");
                }

                if (license.Billing is null)
                {
                    problems.Add("a subscription has a billing frequency (monthly or annual).");
                }

                if (license.SupportPlan is null)
                {
                    problems.Add("a subscription has a support plan (silver or platinum).");
                }

                if (staff is not null && staff.Admins < 1)
                {
                    problems.Add("a subscription includes at least one admin.");
                }

                break;
            case LicenseKind.Demo:
                if (license.Billing is not null)
                {
                    problems.Add("a demo is free: it has no billing frequency.");
                }

                if (staff is not null && staff.Admins < 1)
                {
                    problems.Add("a demo includes at least one admin.");
                }

                break;
            case LicenseKind.Deactivation:
                if (!(staff == StaffCounts.None && sessions == SessionLimits.None &&
                    license.Channels.IsEmpty && license.Modules.IsEmpty && license.AddOns.IsEmpty &&
                    license.Ai.IsEmpty && license.Plugins.IsEmpty && !license.SoftwareUpdate && !license.AppZone))
                {
                    problems.Add("a deactivation grants nothing: no staff, sessions, channels, modules, add-ons, AI, plugins, update or App Zone.");
                }

                break;
        }

        return problems;
    }

    private static bool IsPresent([NotNullWhen(true)] object? value, string problem, List<string> problems)
    {
        if (value is null)
        {
            problems.Add(problem);
        }

        return value is not null;
    }

    private static void CheckCount(int count, string path, List<string> problems)
    {
        if (count is not (>= 0 and <= MaxCount))
        {
            problems.Add($"{path} must be from 0 to {MaxCount}.");
        }
    }

    public const string TokenRule =
        "token must be 1 to 128 characters of upper-case letters and digits, in groups separated by single '-'.";

    public static bool IsWellFormedToken(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || token[0] == '-' || token[^1] == '-')
        {
            return false;
        }

        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i];
            var ok = c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') || (c == '-' && token[i - 1] != '-');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsWellFormedPlan(string plan) =>
        plan.Length is >= 1 and <= MaxPlanLength &&
        char.IsAsciiLetterLower(plan[0]) | char.IsAsciiDigit(plan[0]) &&
        IsPlanText(plan);

    // A loop rather than LINQ (every verification runs it) or SearchValues (built once per start, it
    // costs more than the scan of a 64-character name).
    private static bool IsPlanText(string plan)
    {
        foreach (var c in plan)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckCustomer(Customer? customer, List<string> problems)
    {
        if (!IsPresent(customer, "customer is required.", problems))
        {
            return;
        }

        // Lengths count Unicode scalar values (code points), so that every language counts them alike;
        // "spaces" are the characters with the Unicode White_Space property, which is what Trim removes.
        var name = customer.Name;
        if (!(name is not null && ScalarCount(name) is >= 1 and <= MaxCustomerNameLength && name.Trim().Length == name.Length && !ContainsControl(name)))
        {
            problems.Add($"customer.name must be 1 to {MaxCustomerNameLength} characters, without control characters or surrounding spaces.");
        }

        var email = customer.Email;
        var at = email?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        if (!(email is not null && ScalarCount(email) is >= 3 and <= MaxEmailLength && at > 0 && at == email.LastIndexOf('@') &&
            email.IndexOf('.', at) > at + 1 && !email.EndsWith('.') && !ContainsSpaceOrControl(email)))
        {
            problems.Add("customer.email must be an email address such as it@example.com.");
        }
    }

    // Loops rather than LINQ over the string: these run on every verification.
    private static bool ContainsControl(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsSpaceOrControl(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The number of Unicode scalar values; a lone surrogate (which the payload reader never lets through) counts as one.</summary>
    public static int ScalarCount(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }

            count++;
        }

        return count;
    }
}
