namespace Xcally.Licensing.Runtime;

/// <summary>
/// The licensing rules of docs/integration.md as pure functions of their evidence: no disk, no clock,
/// no logger. <see cref="LicensingService"/> gathers the evidence, applies the decision atomically and
/// publishes it; everything a contract rule says is decided here and nowhere else.
/// </summary>
internal static class LicensingPolicy
{
    /// <summary>How far the clock may go back (NTP corrections, VM resume) before it counts as set back.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The time the rules use: the clock, but never earlier than the latest time already seen, so
    /// setting the clock back cannot buy back grace or undo an expiry.
    /// </summary>
    public static (DateTimeOffset Now, bool ClockSetBack) EffectiveTime(DateTimeOffset clock, DateTimeOffset latestSeen) =>
        clock + ClockTolerance < latestSeen ? (latestSeen, true) : (clock > latestSeen ? clock : latestSeen, false);

    /// <summary>The state of the installation and what to record.</summary>
    public static LicensingDecision Decide(LicensingEvidence evidence)
    {
        var (now, installed, reading, state) = evidence;
        if (installed.Verification is not { } result)
        {
            return Trial(LicenseState.Unlicensed, installed.Problem is { } problem ? LicensingMessages.Unreadable(problem) : LicensingMessages.NoLicense, state);
        }

        var events = new List<LicensingEvent>();
        var fileSha = installed.FileSha256!;
        if (fileSha == state.PendingSha256 && result.IsGenuine)
        {
            // An install was interrupted after the new file was in place: finish recording it.
            state = state with
            {
                InstalledSha256 = fileSha,
                PendingSha256 = null,
                NewestIssuedAt = Latest(state.NewestIssuedAt, result.License.IssuedAt),
                GraceStartedAt = null,
                GraceToken = null,
                GraceForfeited = false,
            };
            events.Add(new LicensingEvent.InstallCompletedAfterRestart(result.PayloadSha256!));
        }

        if (state.InstalledSha256 is not null && fileSha != state.InstalledSha256)
        {
            return Trial(LicenseState.Invalid, LicensingMessages.ReplacedOutsideMotion, state, events);
        }

        if (!result.IsGenuine)
        {
            return Trial(LicenseState.Invalid, LicensingMessages.NoLongerVerifies(result.Reason), state, events);
        }

        state = state with { InstalledSha256 = fileSha, NewestIssuedAt = Latest(state.NewestIssuedAt, result.License.IssuedAt) };
        return DecideLicensed(result.License, result.PayloadSha256!, reading, now, state, events);
    }

    /// <summary>
    /// Whether a genuine, pasted license may replace the installed one: <see langword="null"/> if it may,
    /// otherwise the refusal. The signature and format were checked by the verifier already. The token
    /// is read only when the dates and the payload leave the question open.
    /// </summary>
    public static InstallRefusal? CheckInstall(LicenseDocument license, string payloadSha256, DateTimeOffset now, string? installedPayloadSha256, Func<InstallationTokenReading> readToken, DateTimeOffset? newestIssuedAt)
    {
        if (license.ValidFrom > now)
        {
            return new(LicenseInstallOutcome.NotYetValid, "not-yet-valid", LicensingMessages.InstallNotYetValid(license.ValidFrom));
        }

        if (license.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            return new(LicenseInstallOutcome.Expired, "expired", LicensingMessages.InstallExpired(expiresAt));
        }

        if (payloadSha256 == installedPayloadSha256)
        {
            return new(LicenseInstallOutcome.AlreadyInstalled, "already-installed", LicensingMessages.AlreadyInstalled);
        }

        var reading = readToken();
        if (reading.Token?.ToString() != license.Token)
        {
            var diff = reading.Token is { } current && InstallationToken.TryParse(license.Token, out var licensed)
                ? InstallationToken.Compare(licensed, current)
                : null;
            if (diff is null || diff.Verdict != TokenVerdict.Same)
            {
                return new(LicenseInstallOutcome.WrongToken, "wrong-token", LicensingMessages.InstallWrongToken(license.Token, reading, diff));
            }
        }

        if (newestIssuedAt is { } newest && license.IssuedAt < newest)
        {
            return new(LicenseInstallOutcome.Older, "older", LicensingMessages.InstallOlder(license.IssuedAt, newest));
        }

        return null;
    }

    private static LicensingDecision DecideLicensed(LicenseDocument license, string payloadSha, InstallationTokenReading reading, DateTimeOffset now, LicensingState state, List<LicensingEvent> events)
    {
        if (license.Kind == LicenseKind.Deactivation)
        {
            return Trial(LicenseState.Deactivated, LicensingMessages.Deactivated(license), state, events) with { License = license, PayloadSha256 = payloadSha };
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
            return Trial(LicenseState.Trial, LicensingMessages.OtherServer(license, diff, reading.Token?.ToString()), state, events) with { License = license, PayloadSha256 = payloadSha, TokenDiff = diff };
        }

        var reasons = new List<string>();
        DateTimeOffset? graceEnd = null;
        if (tokenMatches)
        {
            if (state.GraceStartedAt is not null)
            {
                events.Add(new LicensingEvent.TokenMatchesAgain());
            }

            state = state with { GraceStartedAt = null, GraceToken = null };
        }
        else
        {
            // A grace period starts at the first change and keeps its start when the token changes again.
            var currentToken = reading.Token?.ToString() ?? "(none)";
            if (state.GraceStartedAt is null || state.GraceToken != currentToken)
            {
                state = state with { GraceStartedAt = state.GraceStartedAt ?? now, GraceToken = currentToken };
                events.Add(new LicensingEvent.TokenChanged(license.Token, currentToken, diff));
            }

            graceEnd = state.GraceStartedAt!.Value.AddDays(license.GraceDays);
            reasons.Add(diff is null ? LicensingMessages.TokenNotComparable(reading.Problem) : LicensingMessages.ServerChanged(diff));
        }

        if (license.ExpiresAt is { } expiresAt && now >= expiresAt)
        {
            var expiryGraceEnd = expiresAt.AddDays(license.GraceDays);
            graceEnd = graceEnd is null || expiryGraceEnd < graceEnd ? expiryGraceEnd : graceEnd;
            reasons.Add(LicensingMessages.LicenseExpired(expiresAt));
        }

        var decided = new LicensingDecision
        {
            State = LicenseState.Active,
            Reason = LicensingMessages.Active(license),
            Record = state,
            License = license,
            PayloadSha256 = payloadSha,
            TokenDiff = diff is { Verdict: not TokenVerdict.Same } ? diff : null,
            Events = events,
        };
        if (graceEnd is null)
        {
            return decided with { TokenDiff = null };
        }

        if (state.GraceForfeited)
        {
            graceEnd = now;
            reasons.Add(LicensingMessages.GraceForfeited);
        }

        var because = string.Join("; ", reasons);
        if (now < graceEnd)
        {
            return decided with { State = LicenseState.Grace, Reason = LicensingMessages.Grace(graceEnd.Value, DaysLeft(graceEnd.Value, now), because), GraceEndsAt = graceEnd };
        }

        return decided with { State = LicenseState.Trial, Reason = LicensingMessages.TrialAfterGrace(graceEnd.Value, because), GraceEndsAt = graceEnd };
    }

    /// <summary>Whole days left, rounded up: the last hours of grace still show as a day.</summary>
    public static int DaysLeft(DateTimeOffset graceEnd, DateTimeOffset now) => (int)Math.Ceiling((graceEnd - now).TotalDays);

    private static LicensingDecision Trial(LicenseState state, string reason, LicensingState record, IReadOnlyList<LicensingEvent>? events = null) =>
        new() { State = state, Reason = reason, Record = record, Events = events ?? [] };

    private static DateTimeOffset Latest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;
}

/// <summary>Why a pasted license was not installed: the outcome, a stable code for the log and the API, and the message.</summary>
internal sealed record InstallRefusal(LicenseInstallOutcome Outcome, string Code, string Message);
