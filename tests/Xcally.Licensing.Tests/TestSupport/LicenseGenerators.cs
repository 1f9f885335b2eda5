using FsCheck;
using FsCheck.Fluent;
using Xcally.Licensing.Document;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>FsCheck generators for valid license documents of every kind.</summary>
public static class LicenseGenerators
{
    private static readonly DateTimeOffset s_epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Characters that stress JSON escaping and UTF-8: quotes, backslashes, HTML-sensitive, non-ASCII, a surrogate pair.
    private static readonly string[] s_nameParts = ["Acme", " ", "Contact", "Center", "\"", "\\", "<", ">", "&", "'", "/", "é", "ß", "中文", "€", "😀", "S.p.A.", "-", "0", "Ω"];

    public static Arbitrary<LicenseDocument> Documents() => DocumentGen.ToArbitrary();

    public static Gen<LicenseDocument> DocumentGen { get; } =
        from kind in Gen.Elements(LicenseKind.Subscription, LicenseKind.Demo, LicenseKind.Deactivation)
        from serial in SerialGen
        from lineageOffset in Gen.Choose(0, 1000)
        from revision in Gen.Choose(1, int.MaxValue)
        from issuedAt in TimestampGen
        from validAfterIssue in Gen.Choose(0, 90 * 86400)
        from lengthSeconds in Gen.Choose(1, 400 * 86400)
        from graceDays in Gen.Choose(0, LicenseDocumentRules.MaxGraceDays)
        from token in TokenGen
        from name in NameGen
        from email in EmailGen
        from plan in PlanGen
        from billing in Gen.Elements(BillingFrequency.Monthly, BillingFrequency.Annual)
        from support in Gen.Elements(SupportPlan.Silver, SupportPlan.Platinum)
        from staff in StaffGen
        from sessions in SessionsGen
        from sets in SetsGen
        from flags in Gen.Choose(0, 3)
        select Build(kind, serial, lineageOffset, revision, issuedAt, validAfterIssue, lengthSeconds, graceDays, token, name, email, plan, billing, support, staff, sessions, sets, flags);

    private static LicenseDocument Build(
        LicenseKind kind, long serial, int lineageOffset, int revision, DateTimeOffset issuedAt, int validAfterIssue, int lengthSeconds,
        int graceDays, string token, string name, string email, string plan, BillingFrequency billing, SupportPlan support,
        StaffCounts staff, SessionLimits sessions, (int Channels, int Modules, int AddOns, int Ai, int Plugins) sets, int flags)
    {
        var validFrom = issuedAt.AddSeconds(validAfterIssue);
        var document = new LicenseDocument
        {
            Serial = serial,
            Lineage = Math.Max(1, serial - lineageOffset),
            Revision = revision,
            Kind = kind,
            IssuedAt = issuedAt,
            ValidFrom = validFrom,
            ExpiresAt = kind == LicenseKind.Deactivation && (flags & 1) == 0 ? null : validFrom.AddSeconds(lengthSeconds),
            GraceDays = graceDays,
            Token = token,
            Customer = new Customer(name, email),
            Plan = kind == LicenseKind.Subscription || (flags & 2) != 0 ? plan : null,
            Billing = kind == LicenseKind.Subscription ? billing : null,
            SupportPlan = kind == LicenseKind.Subscription ? support : null,
        };

        if (kind == LicenseKind.Deactivation)
        {
            return document;
        }

        return document with
        {
            Staff = staff,
            Sessions = sessions,
            Channels = Set<Channel>(sets.Channels),
            Modules = Set<Module>(sets.Modules),
            AddOns = Set<AddOn>(sets.AddOns),
            Ai = Set<AiFeature>(sets.Ai),
            Plugins = Set<Plugin>(sets.Plugins),
            SoftwareUpdate = (flags & 1) != 0,
            AppZone = (flags & 2) != 0,
        };
    }

    private static EntitlementSet<T> Set<T>(int mask)
        where T : struct, Enum
    {
        var set = EntitlementSet<T>.Empty;
        foreach (var value in Enum.GetValues<T>())
        {
            if ((mask & (1 << Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture))) != 0)
            {
                set = set.With(value);
            }
        }

        return set;
    }

    private static Gen<long> SerialGen { get; } = Gen.OneOf(
        Gen.Choose(1, int.MaxValue).Select(i => (long)i),
        from high in Gen.Choose(0, (1 << 21) - 1)
        from low in Gen.Choose(0, int.MaxValue)
        select Math.Max(1, ((long)high << 32 | (uint)low) & LicenseDocumentRules.MaxSerial),
        Gen.Constant(LicenseDocumentRules.MaxSerial));

    private static Gen<DateTimeOffset> TimestampGen { get; } =
        from seconds in Gen.Choose(0, 400_000_000)
        from fraction in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 9_999_999)))
        select s_epoch.AddSeconds(seconds).AddTicks(fraction);

    private static Gen<string> TokenGen { get; } =
        from groups in Gen.Choose(1, 6)
        from parts in Gen.ArrayOf(
            from length in Gen.Choose(1, 8)
            from chars in Gen.ArrayOf(Gen.Elements("ABCDEFGHJKMNPQRSTVWXYZ0123456789".ToCharArray()), length)
            select new string(chars),
            groups)
        select string.Join("-", parts);

    private static Gen<string> NameGen { get; } =
        from count in Gen.Choose(1, 8)
        from parts in Gen.ArrayOf(Gen.Elements(s_nameParts), count)
        let name = string.Concat(parts).Trim()
        select name.Length == 0 ? "X" : name.Length > 200 ? name[..200].Trim() : name;

    private static Gen<string> EmailGen { get; } =
        from local in Gen.Elements("it", "admin", "a.b+c", "x")
        from domain in Gen.Elements("acme.example", "mail.globex.example", "x.io")
        select $"{local}@{domain}";

    private static Gen<string> PlanGen { get; } = Gen.Elements("omnichannel", "voice", "digital", "enterprise-2", "p1");

    private static Gen<StaffCounts> StaffGen { get; } =
        from admins in Gen.Choose(1, 50)
        from users in Gen.Choose(0, LicenseDocumentRules.MaxCount)
        from agents in Gen.Choose(0, 10_000)
        from telephones in Gen.Choose(0, 10_000)
        from mobile in Gen.Choose(0, 500)
        select new StaffCounts(admins, users, agents, telephones, mobile);

    private static Gen<SessionLimits> SessionsGen { get; } =
        from ivr in Gen.Choose(0, 5000)
        from sessions in Gen.Choose(0, LicenseDocumentRules.MaxCount)
        select new SessionLimits(ivr, sessions);

    private static Gen<(int, int, int, int, int)> SetsGen { get; } =
        from channels in Gen.Choose(0, 127)
        from modules in Gen.Choose(0, 63)
        from addOns in Gen.Choose(0, 31)
        from ai in Gen.Choose(0, 31)
        from plugins in Gen.Choose(0, 15)
        select (channels, modules, addOns, ai, plugins);
}
