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
        var problems = new List<string>();
        void Require(bool condition, string problem)
        {
            if (!condition)
            {
                problems.Add(problem);
            }
        }

        Require(license.Serial is >= 1 and <= MaxSerial, $"serial must be from 1 to {MaxSerial}.");
        Require(license.Lineage is >= 1 and <= MaxSerial, $"lineage must be from 1 to {MaxSerial}.");
        Require(license.Revision is >= 1 and <= MaxRevision, $"revision must be from 1 to {MaxRevision}.");
        Require(Enum.IsDefined(license.Kind), "kind is not a known license kind.");
        Require(license.GraceDays is >= 0 and <= MaxGraceDays, $"graceDays must be from 0 to {MaxGraceDays}.");
        Require(IsWellFormedToken(license.Token), TokenRule);
        CheckCustomer(license.Customer, Require);

        if (license.ExpiresAt is { } expiresAt)
        {
            Require(expiresAt > license.ValidFrom, "expiresAt must be later than validFrom.");
        }
        else
        {
            Require(license.Kind == LicenseKind.Deactivation, "expiresAt is required (only a deactivation has no expiry).");
        }

        if (license.Plan is not null)
        {
            Require(IsWellFormedPlan(license.Plan), $"plan must be 1 to {MaxPlanLength} characters: lower-case letters, digits and '-', starting with a letter or digit.");
        }

        Require(license.Billing is null || Enum.IsDefined(license.Billing.Value), "billing is not a known billing frequency.");
        Require(license.SupportPlan is null || Enum.IsDefined(license.SupportPlan.Value), "supportPlan is not a known support plan.");

        var staff = license.Staff;
        Require(staff is not null, "staff is required.");
        if (staff is not null)
        {
            foreach (var (name, count) in new[] { ("admins", staff.Admins), ("users", staff.Users), ("agents", staff.Agents), ("telephones", staff.Telephones), ("mobileAgents", staff.MobileAgents) })
            {
                Require(count is >= 0 and <= MaxCount, $"staff.{name} must be from 0 to {MaxCount}.");
            }
        }

        var sessions = license.Sessions;
        Require(sessions is not null, "sessions is required.");
        if (sessions is not null)
        {
            Require(sessions.IvrChannels is >= 0 and <= MaxCount, $"sessions.ivrChannels must be from 0 to {MaxCount}.");
            Require(sessions.ChannelSessions is >= 0 and <= MaxCount, $"sessions.channelSessions must be from 0 to {MaxCount}.");
        }

        switch (license.Kind)
        {
            case LicenseKind.Subscription:
                Require(license.Plan is not null, "a subscription names its plan.");
                Require(license.Billing is not null, "a subscription has a billing frequency (monthly or annual).");
                Require(license.SupportPlan is not null, "a subscription has a support plan (silver or platinum).");
                Require(staff is null || staff.Admins >= 1, "a subscription includes at least one admin.");
                break;
            case LicenseKind.Demo:
                Require(license.Billing is null, "a demo is free: it has no billing frequency.");
                Require(staff is null || staff.Admins >= 1, "a demo includes at least one admin.");
                break;
            case LicenseKind.Deactivation:
                Require(
                    staff == StaffCounts.None && sessions == SessionLimits.None &&
                    license.Channels.IsEmpty && license.Modules.IsEmpty && license.AddOns.IsEmpty &&
                    license.Ai.IsEmpty && license.Plugins.IsEmpty && !license.SoftwareUpdate && !license.AppZone,
                    "a deactivation grants nothing: no staff, sessions, channels, modules, add-ons, AI, plugins, update or App Zone.");
                break;
        }

        return problems;
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
        plan.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static void CheckCustomer(Customer? customer, Action<bool, string> require)
    {
        require(customer is not null, "customer is required.");
        if (customer is null)
        {
            return;
        }

        // Lengths count Unicode scalar values (code points), so that every language counts them alike;
        // "spaces" are the characters with the Unicode White_Space property, which is what Trim removes.
        var name = customer.Name;
        require(
            name is not null && ScalarCount(name) is >= 1 and <= MaxCustomerNameLength && name.Trim().Length == name.Length && !name.Any(char.IsControl),
            $"customer.name must be 1 to {MaxCustomerNameLength} characters, without control characters or surrounding spaces.");

        var email = customer.Email;
        var at = email?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        require(
            email is not null && ScalarCount(email) is >= 3 and <= MaxEmailLength && at > 0 && at == email.LastIndexOf('@') &&
            email.IndexOf('.', at) > at + 1 && !email.EndsWith('.') && !email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)),
            "customer.email must be an email address such as it@example.com.");
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
