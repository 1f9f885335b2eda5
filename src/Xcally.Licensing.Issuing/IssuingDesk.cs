using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Xcally.Licensing.Document;
using Xcally.Licensing.Format;
using Xcally.Licensing.Issuing.Catalog;
using Xcally.Licensing.Issuing.Keys;
using Xcally.Licensing.Issuing.Ledger;
using Xcally.Licensing.Issuing.Requests;

namespace Xcally.Licensing.Issuing;

/// <summary>
/// The license portal's requests as issuing operations, one method each: demo, new billed license,
/// modify, contract, move, reactivate, deactivate, renew; and a written request (a request file), which
/// asks for one of the first three. Each finds what it builds on in the ledger (the token's current
/// license: the newest issued for it), applies the request under the contract rules
/// (<see cref="ContractRules"/>, docs/signer.md) and signs and records the license, or refuses with a
/// <see cref="RefusalCode"/> and a message, and then nothing is signed or recorded.
/// </summary>
/// <remarks>
/// A refusal is a result, never an exception: only misuse (a <see langword="null"/> request) and
/// failures of the machine (the ledger's database, a crash) throw. The desk does not own the key or the
/// ledger, and writes no file: the caller writes <see cref="IssuedLicense.Text"/> where it wants, after
/// the operation returns (a batch: after the commit), so no file ever exists without its record.
/// A desk serves one request at a time, like the ledger connection under it; desks on the same
/// ledger, in one process or several, on one machine or several (PostgreSQL), are safe together.
/// </remarks>
internal sealed class IssuingDesk(LicenseSigningKey key, LicenseLedger ledger, PlanCatalog catalog)
{
    /// <summary>Requests per ledger commit in a batch: large enough that the commit's sync to disk is amortized, small enough that a crash loses little work.</summary>
    public const int BatchChunkSize = 500;

    private const string Deactivation = "deactivation";

    /// <summary>How many times a batch chunk is issued again after the ledger's database aborted it for a conflict.</summary>
    private const int ConflictAttempts = 5;

    private readonly LicenseIssuer _issuer = new(key, ledger);

    /// <summary>A written request: the demo, new billed license or deactivation the request file asks for.</summary>
    public IssueResult Issue(WrittenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!LicenseRequest.TryParse(request.Json, out var parsed, out var error))
        {
            return IssueResult.Refused(RefusalCode.InvalidRequest, $"'{request.Name}': {error}");
        }

        if (!parsed.TryCreateRequest(request, out var asked, out var problem))
        {
            return IssueResult.Refused(RefusalCode.InvalidRequest, problem);
        }

        return asked switch
        {
            DemoRequest demo => Demo(demo),
            DeactivateRequest deactivation => Deactivate(deactivation),
            NewLicenseRequest newLicense => NewLicense(newLicense),
            _ => throw new UnreachableException($"a request file asked for a {asked.GetType().Name}."),
        };
    }

    /// <summary>
    /// Many written requests, each issued exactly as it would be alone, in one ledger transaction (one
    /// commit, one sync to disk) per <see cref="BatchChunkSize"/> requests. A chunk's results are yielded
    /// once it is committed, so a caller writes files only for licenses the ledger holds; if anything
    /// throws, the open chunk's records are rolled back.
    /// </summary>
    /// <param name="starting">Called with a request's index before it is issued (a progress display).</param>
    /// <param name="beforeCommit">
    /// Called before each chunk's commit. A caller that writes a chunk's files while the next chunk is
    /// issued waits for them here: if writing them failed, it throws, and the chunk being issued is rolled
    /// back, so the ledger ends as if the batch had stopped at the failure.
    /// </param>
    public IEnumerable<IReadOnlyList<(WrittenRequest Request, IssueResult Result)>> IssueBatch(IReadOnlyList<WrittenRequest> requests, Action<int>? starting = null, Action? beforeCommit = null)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return Chunks();

        IEnumerable<IReadOnlyList<(WrittenRequest Request, IssueResult Result)>> Chunks()
        {
            for (var start = 0; start < requests.Count; start += BatchChunkSize)
            {
                yield return IssueChunk(start);
            }
        }

        List<(WrittenRequest Request, IssueResult Result)> IssueChunk(int start)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var chunk = new List<(WrittenRequest Request, IssueResult Result)>();
                    using var batch = ledger.BeginBatch();
                    for (var i = start; i < Math.Min(start + BatchChunkSize, requests.Count); i++)
                    {
                        starting?.Invoke(i);
                        chunk.Add((requests[i], Issue(requests[i])));
                    }

                    beforeCommit?.Invoke();
                    batch.Commit();
                    return chunk;
                }
                catch (Exception e) when (ledger.IsConflict(e) && attempt < ConflictAttempts)
                {
                    // The database aborted the chunk for a conflict with another signer (two batches
                    // extending the same lineages in opposite orders): nothing of it was kept and no
                    // file was written, so issuing it again gives what issuing it once would have.
                }
            }
        }
    }

    /// <summary>Activate: the 30-day demo, once per token and never over an active license.</summary>
    public IssueResult Demo(DemoRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = request.Token.ToString();
        var broken = new List<string>();
        if (ledger.HadDemo(token))
        {
            broken.Add($"token {token} already had a demo; a token gets one demo. Issue a billed license instead.");
        }

        broken.AddRange(NotActive(request.Token, request.Instant));
        return Broken(broken, "the demo") ?? Sign(request, "demo", ContractRules.Demo(token, request.Customer, request.Instant), lineage: null);
    }

    /// <summary>Activate: a new billed license, the first of a new lineage, for a token that holds no active license.</summary>
    public IssueResult NewLicense(NewLicenseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!catalog.TryGet(request.Plan, out var plan))
        {
            return IssueResult.Refused(RefusalCode.UnknownPlan, $"'{request.Name}': plan '{request.Plan}' is not in the catalog (plans: {catalog.PlanIds}).");
        }

        var validFrom = request.ValidFrom ?? request.Instant;
        var license = new LicenseDocument
        {
            Serial = 1,
            Lineage = 1,
            Revision = 1,
            Kind = LicenseKind.Subscription,
            IssuedAt = request.Instant,
            ValidFrom = validFrom,
            ExpiresAt = request.ExpiresAt ?? ContractRules.PeriodEnd(validFrom, request.Billing),
            GraceDays = request.GraceDays,
            Token = request.Token.ToString(),
            Customer = request.Customer,
            Plan = plan.Id,
            Billing = request.Billing,
            SupportPlan = request.SupportPlan,
            Staff = request.Staff,
            Channels = request.Channels ?? plan.Channels,
            Modules = request.Modules ?? plan.Modules,
            Sessions = request.Sessions ?? plan.Sessions,
            AddOns = request.AddOns,
            Ai = request.Ai,
            Plugins = request.Plugins,
            SoftwareUpdate = request.SoftwareUpdate,
            AppZone = request.AppZone,
        };

        var broken = ContractRules.CheckBilled(license, plan);
        broken.AddRange(NotActive(request.Token, request.Instant));
        return Broken(broken, $"'{request.Name}'") ?? Sign(request, "issue", license, lineage: null);
    }

    /// <summary>
    /// Modify: new totals, items added and removed. Increases take effect at once; a decrease requested
    /// after the 20th on the first of next month, and then the whole request waits (the result's note says so).
    /// </summary>
    public IssueResult Modify(ModifyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryFindCurrent(request.Token, "modify", billed: true, out var entry, out var current, out var refused))
        {
            return refused;
        }

        var staff = current.Staff with
        {
            Agents = request.Agents ?? current.Staff.Agents,
            Users = request.Users ?? current.Staff.Users,
            Telephones = request.Telephones ?? current.Staff.Telephones,
            MobileAgents = request.MobileAgents ?? current.Staff.MobileAgents,
        };
        if (new[] { staff.Agents, staff.Users, staff.Telephones, staff.MobileAgents }.Any(n => n < 0))
        {
            return IssueResult.Refused(RefusalCode.InvalidQuantity, "quantities are totals and cannot be negative.");
        }

        var next = current with { Staff = staff };
        foreach (var (names, on) in new[] { (request.Add, true), (request.Remove, false) })
        {
            foreach (var name in names)
            {
                if (Toggle(next, name, on) is not { } toggled)
                {
                    return IssueResult.Refused(RefusalCode.UnknownItem, $"'{name}' is not an add-on ({string.Join(", ", WireNames.AddOns.All)}), an AI feature ({string.Join(", ", WireNames.Ai.All)}) or a plugin ({string.Join(", ", WireNames.Plugins.All)}).");
                }

                next = toggled;
            }
        }

        if (SameTerms(current, next))
        {
            return IssueResult.Refused(RefusalCode.NothingToChange, "nothing to change: the request gives the current totals and adds or removes nothing new.");
        }

        var now = request.Instant;
        var validFrom = ContractRules.EffectiveFrom(now, ContractRules.IsDecrease(current, next));
        IReadOnlyList<string> notes = validFrom > now
            ? [$"a decrease requested after the {ContractRules.DecreaseCutoffDay}th takes effect on {LicensePayloadWriter.FormatTimestamp(validFrom)}; the customer pastes it from that day. Increases in the same request wait too: issue them separately to apply them now."]
            : [];
        next = next with { IssuedAt = now, ValidFrom = validFrom };
        if (!TryFindPlan(next, out var plan, out refused))
        {
            return refused;
        }

        return Broken(ContractRules.CheckBilled(next, plan), "the modification") ?? Sign(request, "modify", next, entry.Lineage, notes);
    }

    /// <summary>
    /// Contract change: a new plan brings its channels, modules and session limits; a new billing frequency
    /// starts a new billing period now; white label is the customization add-on.
    /// </summary>
    public IssueResult Contract(ContractRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryFindCurrent(request.Token, "contract", billed: true, out var entry, out var current, out var refused))
        {
            return refused;
        }

        var now = request.Instant;
        var next = current with { IssuedAt = now, ValidFrom = now };
        if (request.Plan is { } planId)
        {
            if (!catalog.TryGet(planId, out var newPlan))
            {
                return IssueResult.Refused(RefusalCode.UnknownPlan, $"plan '{planId}' is not in the catalog (plans: {catalog.PlanIds}).");
            }

            next = next with { Plan = newPlan.Id, Channels = newPlan.Channels, Modules = newPlan.Modules, Sessions = newPlan.Sessions };
        }

        if (request.SupportPlan is { } supportPlan)
        {
            next = next with { SupportPlan = supportPlan };
        }

        if (request.Billing is { } billing)
        {
            next = next with { Billing = billing, ExpiresAt = billing == current.Billing ? current.ExpiresAt : ContractRules.PeriodEnd(now, billing) };
        }

        if (request.WhiteLabel is { } whiteLabel)
        {
            next = next with { AddOns = whiteLabel ? next.AddOns.With(AddOn.Customization) : next.AddOns.Without(AddOn.Customization) };
        }

        if (SameTerms(current, next))
        {
            return IssueResult.Refused(RefusalCode.NothingToChange, "nothing to change: the request gives the current plan, support plan, billing frequency and white label.");
        }

        if (!TryFindPlan(next, out var plan, out refused))
        {
            return refused;
        }

        return Broken(ContractRules.CheckBilled(next, plan), "the contract change") ?? Sign(request, "contract", next, entry.Lineage);
    }

    /// <summary>Token change: the current license, issued for the new token, which must hold no active license. The result carries the token diff.</summary>
    public IssueResult Move(MoveRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryFindCurrent(request.From, "move", billed: false, out var entry, out var current, out var refused))
        {
            return refused;
        }

        var now = request.Instant;
        var change = InstallationToken.Compare(request.From, request.To);
        if (Broken(NotActive(request.To, now), "the move", change) is { } broken)
        {
            return broken;
        }

        var next = current with { Token = request.To.ToString(), IssuedAt = now, ValidFrom = now };

        // The old token gets the license's deactivation, signed and recorded in the same transaction as
        // the move: the delivery server then serves it to the old server (if that server still runs,
        // it stops using the license), and the license is never in force on two servers by design.
        using var batch = ledger.BeginBatch();
        var moved = Sign(request, "move", next, entry.Lineage, [$"token diff: {change.Reason}"], change);
        if (!moved.IsIssued)
        {
            return moved;
        }

        var deactivated = Sign(request, "move", Deactivated(current, now), entry.Lineage);
        if (!deactivated.IsIssued)
        {
            return deactivated;
        }

        batch.Commit();
        var note = $"the old token's deactivation is serial {deactivated.License.License.Serial} (revision {deactivated.License.License.Revision}): the delivery server serves it to the old server";
        return IssueResult.Issued(moved.License, [.. moved.Notes, note], change, [deactivated.License]);
    }

    /// <summary>Re-activate after payment: a new billing period from now, on the same token or a new one (then the result carries the token diff).</summary>
    public IssueResult Reactivate(ReactivateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryFindCurrent(request.Token, "reactivate", billed: true, out var entry, out var current, out var refused))
        {
            return refused;
        }

        var now = request.Instant;
        var target = request.NewToken ?? request.Token;
        TokenComparison? change = null;
        if (!target.Equals(request.Token))
        {
            change = InstallationToken.Compare(request.Token, target);
            if (Broken(NotActive(target, now), "the re-activation", change) is { } broken)
            {
                return broken;
            }
        }

        var next = current with { Token = target.ToString(), IssuedAt = now, ValidFrom = now, ExpiresAt = ContractRules.PeriodEnd(now, current.Billing!.Value) };
        return Sign(request, "reactivate", next, entry.Lineage, tokenChange: change);
    }

    /// <summary>Deactivate the server: a signed deactivation (no entitlements, no expiry) as the next revision of the current license.</summary>
    public IssueResult Deactivate(DeactivateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryFindCurrent(request.Token, "deactivate", billed: false, out var entry, out var current, out var refused))
        {
            return refused;
        }

        return Sign(request, "deactivate", Deactivated(current, request.Instant), entry.Lineage);
    }

    /// <summary>The deactivation of <paramref name="current"/>: no entitlements, no expiry, in force from <paramref name="now"/>.</summary>
    private static LicenseDocument Deactivated(LicenseDocument current, DateTimeOffset now) =>
        current with
        {
            Kind = LicenseKind.Deactivation,
            IssuedAt = now,
            ValidFrom = now,
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

    /// <summary>Renew: valid now, expiring one billing period after the current expiry (or after now, if that has passed).</summary>
    public IssueResult Renew(RenewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryFindCurrent(request.Token, "renew", billed: true, out var entry, out var current, out var refused))
        {
            return refused;
        }

        var now = request.Instant;
        var periodStart = current.ExpiresAt is { } expiresAt && expiresAt > now ? expiresAt : now;
        var next = current with { IssuedAt = now, ValidFrom = now, ExpiresAt = ContractRules.PeriodEnd(periodStart, current.Billing!.Value) };
        return Sign(request, "renew", next, entry.Lineage);
    }

    /// <summary>
    /// Signs and records <paramref name="draft"/> for <paramref name="command"/>, unless a name in it would
    /// display as something else or it breaks the format's rules. Every request ends here, whether its
    /// names came from the request or from the ledger's current license.
    /// </summary>
    private IssueResult Sign(PortalRequest request, string command, LicenseDocument draft, long? lineage, IReadOnlyList<string>? notes = null, TokenComparison? tokenChange = null)
    {
        var spoofing = SpoofingCharacters.Problems(draft);
        if (spoofing.Count > 0)
        {
            return IssueResult.Refused(RefusalCode.SpoofingName, $"the {command} request cannot be signed:{Bullets(spoofing)}", tokenChange);
        }

        var problems = draft.Validate();
        if (problems.Count > 0)
        {
            return IssueResult.Refused(RefusalCode.FormatRuleBroken, $"the license would break the format's rules:{Bullets(problems)}", tokenChange);
        }

        return IssueResult.Issued(_issuer.Issue(command, draft, lineage, request.Operator), notes, tokenChange);
    }

    /// <summary>
    /// The token's current license, unless <paramref name="command"/> cannot build on it: there is none,
    /// it cannot be read back, it is a deactivation, or (<paramref name="billed"/>) it is a demo.
    /// </summary>
    private bool TryFindCurrent(
        InstallationToken token,
        string command,
        bool billed,
        [NotNullWhen(true)] out LedgerEntry? entry,
        [NotNullWhen(true)] out LicenseDocument? license,
        [NotNullWhen(false)] out IssueResult? refused)
    {
        license = null;
        entry = ledger.Current(token.ToString());
        if (entry is null)
        {
            refused = IssueResult.Refused(RefusalCode.UnknownToken, $"the ledger has no license for token {token}; issue one first (demo or issue).");
        }
        else if (UnverifiedLicense.Read(entry.Text).License is not { } read)
        {
            refused = IssueResult.Refused(RefusalCode.UnreadableLedgerEntry, $"the ledger's license {entry.Serial} cannot be read back.");
        }
        else if (entry.Kind == Deactivation)
        {
            refused = IssueResult.Refused(RefusalCode.Deactivated, $"token {entry.Token} was deactivated (serial {entry.Serial}); {command} is not possible. A new activation uses 'issue'.");
        }
        else if (billed && read.Kind != LicenseKind.Subscription)
        {
            refused = IssueResult.Refused(RefusalCode.NotBilled, $"token {token} holds a {entry.Kind} (serial {entry.Serial}); {command} applies to billed licenses. Issue a billed license with 'issue' first.");
        }
        else
        {
            refused = null;
            license = read;
        }

        return refused is null;
    }

    /// <summary>The catalog's plan for a license built on the ledger's, unless the plan has since left the catalog.</summary>
    private bool TryFindPlan(LicenseDocument license, [NotNullWhen(true)] out Plan? plan, [NotNullWhen(false)] out IssueResult? refused)
    {
        refused = catalog.TryGet(license.Plan ?? string.Empty, out plan)
            ? null
            : IssueResult.Refused(RefusalCode.UnknownPlan, $"the license's plan '{license.Plan}' is no longer in the catalog (plans: {catalog.PlanIds}); change it with 'contract --plan'.");
        return refused is null;
    }

    /// <summary>The rule that a token is activated only while it holds no active license, as a list of the broken ones.</summary>
    private List<string> NotActive(InstallationToken token, DateTimeOffset now) =>
        ContractRules.CheckNotActive(ledger, token.ToString(), now) is { } active ? [active] : [];

    /// <summary>A refusal that lists every broken contract rule, or <see langword="null"/> if none is broken.</summary>
    private static IssueResult? Broken(IReadOnlyList<string> problems, string what, TokenComparison? tokenChange = null) =>
        problems.Count == 0 ? null : IssueResult.Refused(RefusalCode.ContractRuleBroken, $"{what} breaks the contract rules:{Bullets(problems)}", tokenChange);

    private static string Bullets(IEnumerable<string> problems) => "\n  - " + string.Join("\n  - ", problems);

    /// <summary>The license with the add-on, AI feature or plugin named <paramref name="name"/> on or off; <see langword="null"/> if it is none of them.</summary>
    private static LicenseDocument? Toggle(LicenseDocument license, string name, bool on)
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

        return null;
    }

    /// <summary>Whether two licenses grant the same: the fields a modification or a contract change can change.</summary>
    private static bool SameTerms(LicenseDocument a, LicenseDocument b) =>
        a.Staff == b.Staff && a.AddOns == b.AddOns && a.Ai == b.Ai && a.Plugins == b.Plugins && a.Plan == b.Plan &&
        a.SupportPlan == b.SupportPlan && a.Billing == b.Billing && a.Channels == b.Channels;
}
