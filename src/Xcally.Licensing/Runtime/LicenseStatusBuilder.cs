using Xcally.Licensing.Document;

namespace Xcally.Licensing.Runtime;

/// <summary>Publishes a decision as the <see cref="LicenseStatus"/> the License page, the API and the log show.</summary>
internal static class LicenseStatusBuilder
{
    public static LicenseStatus Build(LicensingDecision decision, DateTimeOffset now, InstallationTokenReading reading, LicenseEntitlements entitlements)
    {
        var license = decision.License;
        var diff = decision.TokenDiff;
        return new()
        {
            State = decision.State,
            Reason = decision.Reason,
            CheckedAt = now,
            Token = reading.Token?.ToString(),
            GraceEndsAt = decision.GraceEndsAt,
            GraceDaysLeft = decision.State == LicenseState.Grace && decision.GraceEndsAt is { } end ? LicensingPolicy.DaysLeft(end, now) : null,
            TokenDiff = diff is null || diff.Verdict == TokenVerdict.Same ? null : new TokenDiff
            {
                LicensedToken = diff.Licensed.ToString(),
                CurrentToken = diff.Current.ToString(),
                Verdict = diff.Verdict.ToString(),
                Reason = diff.Reason,
                Changed = diff.Changed.Select(c => c.ToString()).ToList(),
            },
            License = license is null ? null : new LicenseSummary
            {
                Serial = license.Serial,
                Lineage = license.Lineage,
                Revision = license.Revision,
                Kind = WireNames.Kinds.NameOf(license.Kind),
                Plan = license.Plan,
                Billing = license.Billing is { } b ? WireNames.Billing.NameOf(b) : null,
                SupportPlan = license.SupportPlan is { } s ? WireNames.SupportPlans.NameOf(s) : null,
                Customer = license.Customer.Name,
                Token = license.Token,
                IssuedAt = license.IssuedAt,
                ValidFrom = license.ValidFrom,
                ExpiresAt = license.ExpiresAt,
                GraceDays = license.GraceDays,
                PayloadSha256 = decision.PayloadSha256!,
            },
            Entitlements = new EntitlementSummary
            {
                Staff = entitlements.Staff,
                Channels = [.. entitlements.Channels.Select(WireNames.Channels.NameOf)],
                Modules = [.. entitlements.Modules.Select(WireNames.Modules.NameOf)],
                Sessions = entitlements.Sessions,
                AddOns = [.. entitlements.AddOns.Select(WireNames.AddOns.NameOf)],
                Ai = [.. entitlements.Ai.Select(WireNames.Ai.NameOf)],
                Plugins = [.. entitlements.Plugins.Select(WireNames.Plugins.NameOf)],
                SoftwareUpdate = entitlements.SoftwareUpdate,
                AppZone = entitlements.AppZone,
            },
        };
    }
}
