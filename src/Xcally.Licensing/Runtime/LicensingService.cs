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
    public static readonly TimeSpan ClockTolerance = LicensingPolicy.ClockTolerance;

    private readonly object _gate = new();
    private readonly LicensingHostSettings _host;
    private readonly LicenseVerifier _verifier;
    private readonly IInstallationTokenSource _tokenSource;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LicenseLog _log;
    private LicensingState _state = new();
    private string? _lastToken;
    private LicenseUpdateStatus? _update;
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
        Seats = new LicenseSeats(Path.GetFullPath(options.StateDirectory), _log, _time, _logger);
        _snapshot = new Snapshot(Unevaluated(), host.TrialEntitlements, null, null);
        Startup();
    }

    /// <summary>Raised after every change of state, with the status before and after.</summary>
    public event EventHandler<LicenseStateChangedEventArgs>? StateChanged;

    /// <summary>The current state.</summary>
    public LicenseState State => _snapshot.Status.State;

    /// <summary>The current status, for the License page and the API, with the seats in use.</summary>
    public LicenseStatus Status => _snapshot.Status with { Seats = Seats.Usage() };

    /// <summary>The license's staff counts as seats: concurrent leases and named assignments, limited by the license state at every moment.</summary>
    public LicenseSeats Seats { get; }

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

    /// <summary>Where an installed license came from, for the license log.</summary>
    internal enum InstallSource
    {
        Paste,
        Update,
    }

    /// <summary>The SHA-256 of the installed license file, lower-case hex (the delivery server's entity tag).</summary>
    internal string? InstalledFileSha256
    {
        get
        {
            lock (_gate)
            {
                return _state.InstalledSha256;
            }
        }
    }

    /// <summary>
    /// Installs a license pasted by the administrator. On success it is in force at once; on failure
    /// the message says what to do and nothing on disk changes (apart from a line in the license log).
    /// </summary>
    public LicenseInstallResult Install(string pastedText) => Install(pastedText, InstallSource.Paste);

    /// <summary>Publishes the automatic update's state in <see cref="Status"/>, and logs an outcome that changed.</summary>
    internal void PublishUpdate(LicenseUpdateStatus update, bool logOutcome = false)
    {
        lock (_gate)
        {
            _update = update;
            _snapshot = _snapshot with { Status = _snapshot.Status with { Update = update } };
            if (logOutcome)
            {
                _log.Write("update", w =>
                {
                    w.WriteString("outcome", update.Outcome?.ToString() ?? "none");
                    w.WriteString("endpoint", update.Endpoint);
                    w.WriteString("message", update.Message);
                });
            }
        }
    }

    /// <summary>Installs <paramref name="text"/>: pasted by the administrator, or fetched by the automatic update; the same checks either way.</summary>
    internal LicenseInstallResult Install(string text, InstallSource source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var from = source == InstallSource.Paste ? "paste" : "update";
        lock (_gate)
        {
            var now = EffectiveNow(_time.GetUtcNow(), log: true);
            var result = _verifier.Verify(text);
            if (!result.IsGenuine)
            {
                return Refuse(new InstallRefusal(LicenseInstallOutcome.NotGenuine, result.Status.ToString(), result.Reason), from);
            }

            var license = result.License;
            var refusal = LicensingPolicy.CheckInstall(license, result.PayloadSha256!, now, _snapshot.PayloadSha256, () => ReadToken(), _state.NewestIssuedAt);
            if (refusal is { Outcome: LicenseInstallOutcome.AlreadyInstalled })
            {
                _log.Write("install", w => { w.WriteString("outcome", "already-installed"); w.WriteString("source", from); w.WriteString("payloadSha256", result.PayloadSha256); });
                return new LicenseInstallResult(refusal.Outcome, refusal.Message, _snapshot.Status);
            }

            if (refusal is not null)
            {
                return Refuse(refusal, from);
            }

            var bytes = Encoding.UTF8.GetBytes(text);
            try
            {
                _state = Store.Install(bytes, Sha256(bytes), _state with { LatestSeen = now }, license.IssuedAt);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Refuse(new InstallRefusal(LicenseInstallOutcome.StorageFailed, "storage-failed", LicensingMessages.InstallStorageFailed(e.Message)), from);
            }

            LogStateSaved();
            _log.Write("install", w =>
            {
                w.WriteString("outcome", "installed");
                w.WriteString("source", from);
                w.WriteNumber("serial", license.Serial);
                w.WriteNumber("revision", license.Revision);
                w.WriteString("kind", WireNames.Kinds.NameOf(license.Kind));
                w.WriteString("payloadSha256", result.PayloadSha256);
            });
            Evaluate("install", startup: false);
            return new LicenseInstallResult(LicenseInstallOutcome.Installed, LicensingMessages.Installed(license, _snapshot.Status.Reason), _snapshot.Status);
        }
    }

    /// <summary>The license log file for a support ticket: the current status first, then the log, oldest first.</summary>
    public byte[] ExportLog() => _log.Export(Status);

    private LicenseInstallResult Refuse(InstallRefusal refusal, string source)
    {
        _log.Write("install", w => { w.WriteString("outcome", "refused"); w.WriteString("source", source); w.WriteString("why", refusal.Code); w.WriteString("message", refusal.Message); });
        return new LicenseInstallResult(refusal.Outcome, refusal.Message, _snapshot.Status);
    }

    private void Startup()
    {
        // The token (about 60 reads of /proc and /sys) and the license (read, verify, parse) do not
        // depend on each other: reading the token on another core hides most of it from startup.
        var token = Task.Run(_tokenSource.Read);
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
            Evaluate("startup", startup: true, token);
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

    /// <summary>Gathers the evidence, lets the policy decide, records the decision atomically and publishes it.</summary>
    private void Evaluate(string trigger, bool startup, Task<InstallationTokenReading>? tokenBeingRead = null)
    {
        var now = EffectiveNow(_time.GetUtcNow(), log: true);
        var installed = ReadInstalled();
        var reading = ReadToken(tokenBeingRead);
        var before = _snapshot.Status;
        var decision = LicensingPolicy.Decide(new LicensingEvidence(now, installed, reading, _state with { LatestSeen = now }));
        foreach (var e in decision.Events)
        {
            LogEvent(e);
        }

        var state = decision.Record;
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

        var entitlements = decision.GrantsLicense ? LicenseEntitlements.Of(decision.License!) : _host.TrialEntitlements;
        var next = new Snapshot(LicenseStatusBuilder.Build(decision, now, reading, entitlements) with { Update = _update }, entitlements, decision.License, decision.PayloadSha256);
        _snapshot = next;
        Seats.ApplyLimits(entitlements, next.Status.State, now);
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

    private InstalledLicense ReadInstalled()
    {
        byte[]? bytes;
        try
        {
            bytes = Store.ReadLicense();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return InstalledLicense.Unreadable(e.Message);
        }

        return bytes is null ? InstalledLicense.Missing : InstalledLicense.Present(Sha256(bytes), _verifier.Verify(bytes));
    }

    private void LogEvent(LicensingEvent e)
    {
        switch (e)
        {
            case LicensingEvent.InstallCompletedAfterRestart completed:
                _log.Write("install", w => { w.WriteString("outcome", "completed-after-restart"); w.WriteString("payloadSha256", completed.PayloadSha256); });
                break;
            case LicensingEvent.TokenMatchesAgain:
                _log.Write("grace", w => w.WriteString("detail", "the server's token matches the license again: the grace period for the change ended"));
                break;
            case LicensingEvent.TokenChanged changed:
                _log.Write("token-change", w =>
                {
                    w.WriteString("licensedToken", changed.LicensedToken);
                    w.WriteString("currentToken", changed.CurrentToken);
                    w.WriteString("verdict", changed.Diff?.Verdict.ToString() ?? "Unknown");
                    w.WriteString("changed", string.Join(", ", changed.Diff?.Changed.Select(TokenComparison.Name) ?? []));
                });
                break;
        }
    }

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
        var (now, setBack) = LicensingPolicy.EffectiveTime(wallClock, latest);
        if (setBack && log)
        {
            _log.Write("clock", w =>
            {
                w.WriteString("detail", "the system clock is earlier than a time already seen: it was set back; expiry and grace are computed from the latest time seen");
                w.WriteString("clock", wallClock.ToString("O", CultureInfo.InvariantCulture));
                w.WriteString("latestSeen", latest.ToString("O", CultureInfo.InvariantCulture));
            });
            _logger.LogWarning("The system clock ({Clock:O}) is earlier than a time already seen ({Latest:O}).", wallClock, latest);
        }

        return now;
    }

    private InstallationTokenReading ReadToken(Task<InstallationTokenReading>? beingRead = null)
    {
        var reading = beingRead is null ? _tokenSource.Read() : beingRead.GetAwaiter().GetResult();
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

    private void LogStateSaved() => _log.Write("state-saved", w => w.WriteNumber("stateSequence", _state.Sequence));

    private static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    private sealed record Snapshot(LicenseStatus Status, LicenseEntitlements Entitlements, LicenseDocument? License, string? PayloadSha256);
}
