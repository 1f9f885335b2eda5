using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xcally.Licensing.Document;
using Xcally.Licensing.Runtime;

namespace Xcally.Licensing;

/// <summary>
/// Licensing inside Motion: validates the installed license at startup, periodically and after a
/// manual update; tracks grace and trial; keeps the license log; answers entitlement questions.
/// Create one per host (<c>services.AddXcallyLicensing(...)</c> does). Thread-safe: queries read an
/// immutable snapshot and never re-verify; updates are serialized. Never throws for what it finds on
/// disk or in pasted text.
/// </summary>
public sealed class LicensingService
{
    /// <summary>How far the clock may go back (NTP corrections, VM resume) before it counts as set back.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(10);

    private readonly object _gate = new();
    private readonly LicensingHostSettings _host;
    private readonly LicenseVerifier _verifier;
    private readonly IInstallationTokenSource _tokenSource;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LicenseLog _log;
    private LicensingState _state = new();
    private string? _lastToken;
    private volatile Snapshot _snapshot;

    /// <summary>Creates the service and validates the installed license at once.</summary>
    /// <exception cref="ArgumentException">The options or host settings are invalid (misuse: caught at startup).</exception>
    public LicensingService(LicensingOptions options, LicensingHostSettings host, TimeProvider? time = null, ILogger<LicensingService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(host);
        var problems = LicensingOptionsValidator.Check(options);
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid licensing options: " + string.Join(" ", problems), nameof(options));
        }

        _host = host;
        _time = time ?? TimeProvider.System;
        _verifier = new LicenseVerifier(host.TrustedKeys ?? throw new ArgumentException("LicensingHostSettings.TrustedKeys is required: pin the keys Motion trusts in code.", nameof(host)), _time);
        _tokenSource = host.TokenSource ?? new ServerTokenSource();
        _logger = logger ?? NullLogger<LicensingService>.Instance;
        Store = new StateStore(Path.GetFullPath(options.StateDirectory));
        _log = new LicenseLog(Path.GetFullPath(options.StateDirectory), options.MaxLogBytes, _time);
        _snapshot = new Snapshot(Unevaluated(), host.TrialEntitlements, null, null);
        Startup();
    }

    /// <summary>Raised after every change of state, with the status before and after.</summary>
    public event EventHandler<LicenseStateChangedEventArgs>? StateChanged;

    /// <summary>The current state.</summary>
    public LicenseState State => _snapshot.Status.State;

    /// <summary>The current status, for the License page and the API.</summary>
    public LicenseStatus Status => _snapshot.Status;

    /// <summary>What Motion may do now: the license's entitlements in Active and Grace, the trial's otherwise.</summary>
    public LicenseEntitlements Entitlements => _snapshot.Entitlements;

    /// <summary>The installed, genuine license document, if any (whatever the state).</summary>
    public LicenseDocument? License => _snapshot.License;

    internal StateStore Store { get; }

    /// <summary>Recomputes the token and the expiry; the revalidation service calls it periodically.</summary>
    public LicenseStatus Revalidate()
    {
        lock (_gate)
        {
            Evaluate("revalidation", startup: false);
            return _snapshot.Status;
        }
    }

    /// <summary>
    /// Installs a license pasted by the administrator. On success it is in force at once; on failure
    /// the message says what to do and nothing on disk changes (apart from a line in the license log).
    /// </summary>
    public LicenseInstallResult Install(string pastedText)
    {
        ArgumentNullException.ThrowIfNull(pastedText);
        lock (_gate)
        {
            var now = EffectiveNow(_time.GetUtcNow(), log: true);
            var result = _verifier.Verify(pastedText);
            if (!result.IsGenuine)
            {
                return Refuse(LicenseInstallOutcome.NotGenuine, result.Reason, result.Status.ToString());
            }

            var license = result.License;
            if (license.ValidFrom > now)
            {
                return Refuse(LicenseInstallOutcome.NotYetValid,
                    $"This license becomes valid on {Date(license.ValidFrom)}; paste it again from that day. The installed license stays in force.", "not-yet-valid");
            }

            if (license.ExpiresAt is { } expiresAt && expiresAt <= now)
            {
                return Refuse(LicenseInstallOutcome.Expired, $"This license expired on {Date(expiresAt)}. Ask XCALLY for a renewed license.", "expired");
            }

            if (result.PayloadSha256 == _snapshot.PayloadSha256)
            {
                _log.Write("install", w => { w.WriteString("outcome", "already-installed"); w.WriteString("payloadSha256", result.PayloadSha256); });
                return new LicenseInstallResult(LicenseInstallOutcome.AlreadyInstalled, "This license is already installed; nothing changed.", _snapshot.Status);
            }

            var reading = ReadToken();
            if (reading.Token?.ToString() != license.Token)
            {
                var diff = reading.Token is { } current && InstallationToken.TryParse(license.Token, out var licensed)
                    ? InstallationToken.Compare(licensed, current)
                    : null;
                if (diff is null || diff.Verdict != TokenVerdict.Same)
                {
                    var why = reading.Token is null
                        ? $"this server's token cannot be computed ({reading.Problem})"
                        : $"this server's token is {reading.Token}" + (diff is null ? string.Empty : $"; {diff.Reason}");
                    return Refuse(LicenseInstallOutcome.WrongToken,
                        $"This license is for the server with token {license.Token}, but {why} Request a license for this server's token.", "wrong-token");
                }
            }

            if (_state.NewestIssuedAt is { } newest && license.IssuedAt < newest)
            {
                return Refuse(LicenseInstallOutcome.Older,
                    $"This license was issued on {Date(license.IssuedAt)}, before the license installed here (issued {Date(newest)}); an older license cannot replace a newer one or undo a deactivation. Paste the newest license XCALLY sent.", "older");
            }

            var bytes = Encoding.UTF8.GetBytes(pastedText);
            try
            {
                _state = Store.Install(bytes, Sha256(bytes), _state with { LatestSeen = now }, license.IssuedAt);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Refuse(LicenseInstallOutcome.StorageFailed, $"The license could not be stored in the state directory ({e.Message}); nothing changed. Check the disk and the folder's permissions.", "storage-failed");
            }

            LogStateSaved();
            _log.Write("install", w =>
            {
                w.WriteString("outcome", "installed");
                w.WriteNumber("serial", license.Serial);
                w.WriteNumber("revision", license.Revision);
                w.WriteString("kind", WireNames.Kinds.NameOf(license.Kind));
                w.WriteString("payloadSha256", result.PayloadSha256);
            });
            Evaluate("install", startup: false);
            return new LicenseInstallResult(LicenseInstallOutcome.Installed, $"License {license.Serial} (revision {license.Revision}) installed. {_snapshot.Status.Reason}", _snapshot.Status);
        }
    }

    /// <summary>The license log file for a support ticket: the current status first, then the log, oldest first.</summary>
    public byte[] ExportLog() => _log.Export(_snapshot.Status);

    private LicenseInstallResult Refuse(LicenseInstallOutcome outcome, string message, string code)
    {
        _log.Write("install", w => { w.WriteString("outcome", "refused"); w.WriteString("why", code); w.WriteString("message", message); });
        return new LicenseInstallResult(outcome, message, _snapshot.Status);
    }

    private void Startup()
    {
        lock (_gate)
        {
            try
            {
                Store.RemoveLeftovers();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("Could not remove leftover temporary files: {Message}", e.Message);
            }

            var (logSequence, logLatest) = _log.Highest();
            var licenseExists = File.Exists(Store.LicensePath);
            var state = Store.ReadState(out var problem);
            if (state is not null && logSequence > state.Sequence)
            {
                problem = "an older copy was restored";
                state = null;
            }

            if (state is null)
            {
                var latest = logLatest ?? DateTimeOffset.MinValue;
                if (licenseExists || logSequence > 0)
                {
                    _log.Write("tamper", w => w.WriteString("detail", $"the stored licensing state is {problem}: no grace period until a new license is installed"));
                    _logger.LogWarning("The stored licensing state is {Problem}; grace periods are forfeited until a new license is installed.", problem);
                }

                state = new LicensingState { Sequence = logSequence, LatestSeen = latest, GraceForfeited = licenseExists };
                Persist(state, adoptInstalled: licenseExists);
            }
            else
            {
                _state = state with { LatestSeen = logLatest is { } l && l > state.LatestSeen ? l : state.LatestSeen };
            }

            _log.Write("startup");
            Evaluate("startup", startup: true);
        }
    }

    private void Persist(LicensingState state, bool adoptInstalled)
    {
        if (adoptInstalled && Store.ReadLicense() is { } bytes)
        {
            state = state with { InstalledSha256 = Sha256(bytes) };
        }

        _state = state;
    }

    private void Evaluate(string trigger, bool startup)
    {
        var wallClock = _time.GetUtcNow();
        var now = EffectiveNow(wallClock, log: true);
        var reading = ReadToken();
        var before = _snapshot.Status;
        var state = _state with { LatestSeen = now };

        Snapshot next;
        var bytes = TryReadLicense(out var readProblem);
        if (bytes is null)
        {
            next = Trial(LicenseState.Unlicensed, readProblem ?? "No license is installed. Paste the license XCALLY sent on the License page.", reading, now);
        }
        else
        {
            var fileSha = Sha256(bytes);
            var result = _verifier.Verify(bytes);
            if (fileSha == state.PendingSha256 && result.IsGenuine)
            {
                // An install was interrupted after the new file was in place: finish recording it.
                state = state with
                {
                    InstalledSha256 = fileSha,
                    PendingSha256 = null,
                    NewestIssuedAt = state.NewestIssuedAt is { } n && n > result.License.IssuedAt ? n : result.License.IssuedAt,
                    GraceStartedAt = null,
                    GraceToken = null,
                    GraceForfeited = false,
                };
                _log.Write("install", w => { w.WriteString("outcome", "completed-after-restart"); w.WriteString("payloadSha256", result.PayloadSha256); });
            }

            if (state.InstalledSha256 is not null && fileSha != state.InstalledSha256)
            {
                next = Trial(LicenseState.Invalid, "The installed license file was replaced or edited outside Motion. Paste the license XCALLY sent on the License page.", reading, now);
            }
            else if (!result.IsGenuine)
            {
                next = Trial(LicenseState.Invalid, $"The installed license no longer verifies: {result.Reason}", reading, now);
            }
            else
            {
                state = state with
                {
                    InstalledSha256 = fileSha,
                    NewestIssuedAt = state.NewestIssuedAt is { } n && n > result.License.IssuedAt ? n : result.License.IssuedAt,
                };
                (next, state) = EvaluateLicense(result.License, result.PayloadSha256!, reading, now, state);
            }
        }

        if (state != _state || startup)
        {
            var saved = state with { Sequence = _state.Sequence + 1 };
            try
            {
                Store.WriteState(saved);
                _state = saved;
                LogStateSaved();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _state = state;
                _logger.LogError("The licensing state could not be saved: {Message}", e.Message);
            }
        }

        _snapshot = next;
        if (before.State != next.Status.State || before.Reason != next.Status.Reason && trigger == "startup")
        {
            _log.Write("state", w =>
            {
                w.WriteString("trigger", trigger);
                w.WriteString("from", before.State.ToString());
                w.WriteString("to", next.Status.State.ToString());
                w.WriteString("reason", next.Status.Reason);
            });
        }

        if (before.State != next.Status.State)
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                _logger.LogInformation("License state {From} → {To}: {Reason}", before.State, next.Status.State, next.Status.Reason);
            }

            if (trigger != "startup" || before.CheckedAt != default)
            {
                StateChanged?.Invoke(this, new LicenseStateChangedEventArgs(before, next.Status));
            }
        }
    }

    private (Snapshot, LicensingState) EvaluateLicense(LicenseDocument license, string payloadSha, InstallationTokenReading reading, DateTimeOffset now, LicensingState state)
    {
        if (license.Kind == LicenseKind.Deactivation)
        {
            return (Trial(LicenseState.Deactivated, $"This server was deactivated by license {license.Serial} (issued {Date(license.IssuedAt)}). Motion runs with trial limits.", reading, now, license, payloadSha), state);
        }

        TokenComparison? diff = null;
        var tokenMatches = reading.Token?.ToString() == license.Token;
        if (!tokenMatches && reading.Token is { } current && InstallationToken.TryParse(license.Token, out var licensed))
        {
            diff = InstallationToken.Compare(licensed, current);
            tokenMatches = diff.Verdict == TokenVerdict.Same;
        }

        if (!tokenMatches && diff?.Verdict == TokenVerdict.DifferentServer)
        {
            return (Trial(LicenseState.Trial, $"This license is for another server (token {license.Token}); this looks like a different server or a copy: {diff.Reason} Request a license for this server's token {reading.Token}.", reading, now, license, payloadSha, diff), state);
        }

        var reasons = new List<string>();
        DateTimeOffset? graceEnd = null;
        if (tokenMatches)
        {
            if (state.GraceStartedAt is not null)
            {
                _log.Write("grace", w => w.WriteString("detail", "the server's token matches the license again: the grace period for the change ended"));
            }

            state = state with { GraceStartedAt = null, GraceToken = null };
        }
        else
        {
            var currentToken = reading.Token?.ToString() ?? "(none)";
            if (state.GraceStartedAt is null || state.GraceToken != currentToken)
            {
                state = state with { GraceStartedAt = state.GraceStartedAt ?? now, GraceToken = currentToken };
                _log.Write("token-change", w =>
                {
                    w.WriteString("licensedToken", license.Token);
                    w.WriteString("currentToken", currentToken);
                    w.WriteString("verdict", diff?.Verdict.ToString() ?? "Unknown");
                    w.WriteString("changed", string.Join(", ", diff?.Changed.Select(TokenComparison.Name) ?? []));
                });
            }

            graceEnd = state.GraceStartedAt!.Value.AddDays(license.GraceDays);
            reasons.Add(diff is null
                ? $"the server's token could not be compared with the license's ({reading.Problem ?? "another token format"})"
                : $"the server changed ({string.Join(", ", diff.Changed.Select(TokenComparison.Name))}) since the license was issued");
        }

        if (license.ExpiresAt is { } expiresAt && now >= expiresAt)
        {
            var expiryGraceEnd = expiresAt.AddDays(license.GraceDays);
            graceEnd = graceEnd is null || expiryGraceEnd < graceEnd ? expiryGraceEnd : graceEnd;
            reasons.Add($"the license expired on {Date(expiresAt)}");
        }

        if (graceEnd is null)
        {
            var until = license.ExpiresAt is { } e ? $" until {Date(e)}" : string.Empty;
            return (Licensed(LicenseState.Active, $"Licensed to {license.Customer.Name}{until}.", license, payloadSha, reading, now, null, null), state);
        }

        if (state.GraceForfeited)
        {
            graceEnd = now;
            reasons.Add("no grace period is available because the stored licensing state was deleted, edited or restored from an old copy");
        }

        var because = string.Join("; ", reasons);
        if (now < graceEnd)
        {
            var left = (int)Math.Ceiling((graceEnd.Value - now).TotalDays);
            return (Licensed(LicenseState.Grace, $"Grace period until {Date(graceEnd.Value)} ({left} day{(left == 1 ? string.Empty : "s")} left): {because}. Paste a new license before then.", license, payloadSha, reading, now, graceEnd, diff) with { }, state);
        }

        return (Trial(LicenseState.Trial, $"Trial mode: the grace period ended on {Date(graceEnd.Value)}; {because}. Paste a new license to leave trial mode.", reading, now, license, payloadSha, diff, graceEnd), state);
    }

    private Snapshot Licensed(LicenseState state, string reason, LicenseDocument license, string payloadSha, InstallationTokenReading reading, DateTimeOffset now, DateTimeOffset? graceEnd, TokenComparison? diff)
    {
        var entitlements = LicenseEntitlements.Of(license);
        return new Snapshot(BuildStatus(state, reason, now, reading, license, payloadSha, entitlements, graceEnd, diff), entitlements, license, payloadSha);
    }

    private Snapshot Trial(LicenseState state, string reason, InstallationTokenReading reading, DateTimeOffset now, LicenseDocument? license = null, string? payloadSha = null, TokenComparison? diff = null, DateTimeOffset? graceEnded = null)
    {
        var entitlements = _host.TrialEntitlements;
        return new Snapshot(BuildStatus(state, reason, now, reading, license, payloadSha, entitlements, graceEnded, diff), entitlements, license, payloadSha);
    }

    private static LicenseStatus BuildStatus(LicenseState state, string reason, DateTimeOffset now, InstallationTokenReading reading, LicenseDocument? license, string? payloadSha, LicenseEntitlements entitlements, DateTimeOffset? graceEnd, TokenComparison? diff) => new()
    {
        State = state,
        Reason = reason,
        CheckedAt = now,
        Token = reading.Token?.ToString(),
        GraceEndsAt = graceEnd,
        GraceDaysLeft = state == LicenseState.Grace && graceEnd is { } end ? (int)Math.Ceiling((end - now).TotalDays) : null,
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
            PayloadSha256 = payloadSha!,
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

    private LicenseStatus Unevaluated() => new()
    {
        State = LicenseState.Unlicensed,
        Reason = "Not checked yet.",
        CheckedAt = default,
        Entitlements = new EntitlementSummary { Staff = StaffCounts.None, Channels = [], Modules = [], Sessions = SessionLimits.None, AddOns = [], Ai = [], Plugins = [], SoftwareUpdate = false, AppZone = false },
    };

    private DateTimeOffset EffectiveNow(DateTimeOffset wallClock, bool log)
    {
        var latest = _state.LatestSeen;
        if (wallClock + ClockTolerance < latest)
        {
            if (log)
            {
                _log.Write("clock", w =>
                {
                    w.WriteString("detail", "the system clock is earlier than a time already seen: it was set back; expiry and grace are computed from the latest time seen");
                    w.WriteString("clock", wallClock.ToString("O", CultureInfo.InvariantCulture));
                    w.WriteString("latestSeen", latest.ToString("O", CultureInfo.InvariantCulture));
                });
                _logger.LogWarning("The system clock ({Clock:O}) is earlier than a time already seen ({Latest:O}).", wallClock, latest);
            }

            return latest;
        }

        return wallClock > latest ? wallClock : latest;
    }

    private InstallationTokenReading ReadToken()
    {
        var reading = _tokenSource.Read();
        var token = reading.Token?.ToString();
        if (token != _lastToken)
        {
            var previous = _lastToken;
            _log.Write("token", w =>
            {
                w.WriteString("token", token ?? "(none)");
                if (token is null)
                {
                    w.WriteString("problem", reading.Problem);
                }

                if (previous is not null && reading.Token is { } now && InstallationToken.TryParse(previous, out var before))
                {
                    var diff = InstallationToken.Compare(before, now);
                    w.WriteString("previous", previous);
                    w.WriteString("verdict", diff.Verdict.ToString());
                    w.WriteString("changed", string.Join(", ", diff.Changed.Select(TokenComparison.Name)));
                }
            });
            _lastToken = token;
        }

        return reading;
    }

    private byte[]? TryReadLicense(out string? problem)
    {
        problem = null;
        try
        {
            return Store.ReadLicense();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"The installed license cannot be read ({e.Message}). Check the state directory's permissions.";
            return null;
        }
    }

    private void LogStateSaved() => _log.Write("state-saved", w => w.WriteNumber("stateSequence", _state.Sequence));

    private static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    private static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private sealed record Snapshot(LicenseStatus Status, LicenseEntitlements Entitlements, LicenseDocument? License, string? PayloadSha256);
}
