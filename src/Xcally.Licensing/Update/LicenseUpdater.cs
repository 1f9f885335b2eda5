using Microsoft.Extensions.Options;
using Xcally.Licensing.Runtime;
using Xcally.Licensing.Update;

namespace Xcally.Licensing;

/// <summary>
/// The automatic license update: asks the licensing team's delivery server for this server's newest
/// license and installs it through the very same path as a pasted license (signature, token, dates,
/// older than installed, already installed, atomic write, log line). The installed license stays in
/// force whatever the network does. One check at a time; thread-safe. Registered by
/// <c>AddXcallyLicensing</c> when <c>Licensing:Update:Endpoint</c> is set; a hosted service checks
/// every <see cref="LicenseUpdateOptions.Interval"/>, and <see cref="UpdateNowAsync"/> is the
/// "check now" button.
/// </summary>
public sealed class LicenseUpdater
{
    private readonly LicensingService _licensing;
    private readonly Lazy<LicenseFetcher> _fetcher;
    private readonly LicenseUpdateOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private LicenseUpdateStatus _status;

    internal LicenseUpdater(LicensingService licensing, Func<HttpClient> http, LicenseUpdateOptions options, TimeProvider time)
    {
        _licensing = licensing;
        _options = options;
        _time = time;
        var endpoint = options.Endpoint ?? throw new ArgumentException("Licensing:Update:Endpoint is not set.", nameof(options));
        var root = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");

        // The client and its resilience pipeline are built at the first check, not when the host starts
        // (UpdateHttpClient).
        _fetcher = new Lazy<LicenseFetcher>(() => new LicenseFetcher(http(), root));
        _status = new LicenseUpdateStatus { Endpoint = endpoint.AbsoluteUri, Message = LicensingMessages.UpdateNotYetChecked };
        _licensing.PublishUpdate(_status);
    }

    /// <summary>Raised after every check, with its result (tests follow the schedule with it).</summary>
    internal event Action<LicenseUpdateStatus>? Checked;

    /// <summary>The last check's result and the next check.</summary>
    public LicenseUpdateStatus Status => _status;

    /// <summary>Checks now (waiting for a check already running), and returns the result.</summary>
    public async Task<LicenseUpdateStatus> UpdateNowAsync(CancellationToken cancellationToken = default)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var startedAt = _time.GetUtcNow();
            var (outcome, detail) = await CheckAsync(cancellationToken).ConfigureAwait(false);
            var succeeded = outcome is LicenseUpdateOutcome.Installed or LicenseUpdateOutcome.UpToDate;
            var status = _status with
            {
                LastAttempt = startedAt,
                LastSuccess = succeeded ? startedAt : _status.LastSuccess,
                Outcome = outcome,
                Message = LicensingMessages.Update(outcome, startedAt, detail),
                NextAttempt = startedAt + UpdateSchedule.After(outcome, _options.Interval),
            };
            var changed = status.Outcome != _status.Outcome;
            _status = status;
            _licensing.PublishUpdate(status, logOutcome: changed || outcome == LicenseUpdateOutcome.Refused);
            Checked?.Invoke(status);
            return status;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Moves the next scheduled check (the first one, after the host has started).</summary>
    internal void ScheduleNext(DateTimeOffset at)
    {
        _status = _status with { NextAttempt = at };
        _licensing.PublishUpdate(_status);
    }

    private async Task<(LicenseUpdateOutcome Outcome, string? Detail)> CheckAsync(CancellationToken cancellationToken)
    {
        var token = _licensing.Status.Token;
        if (token is null)
        {
            return (LicenseUpdateOutcome.Failed, LicensingMessages.UpdateNoToken);
        }

        LicenseFetcher fetcher;
        try
        {
            fetcher = _fetcher.Value;
        }
        catch (OptionsValidationException e)
        {
            return (LicenseUpdateOutcome.Failed, LicensingMessages.UpdateSettingsInvalid(e.Message));
        }

        var fetched = await fetcher.FetchAsync(token, _licensing.InstalledFileSha256, cancellationToken).ConfigureAwait(false);
        switch (fetched.Kind)
        {
            case FetchKind.NotModified:
                return (LicenseUpdateOutcome.UpToDate, null);
            case FetchKind.NoLicense:
                return (LicenseUpdateOutcome.NoLicenseForToken, token);
            case FetchKind.Failed:
                return (LicenseUpdateOutcome.Failed, fetched.Problem);
        }

        var installed = _licensing.Install(fetched.Text!, LicensingService.InstallSource.Update);
        return installed.Outcome switch
        {
            LicenseInstallOutcome.Installed => (LicenseUpdateOutcome.Installed, installed.Message),
            LicenseInstallOutcome.AlreadyInstalled => (LicenseUpdateOutcome.UpToDate, null),
            LicenseInstallOutcome.StorageFailed => (LicenseUpdateOutcome.Failed, installed.Message),
            _ => (LicenseUpdateOutcome.Refused, installed.Message),
        };
    }
}
