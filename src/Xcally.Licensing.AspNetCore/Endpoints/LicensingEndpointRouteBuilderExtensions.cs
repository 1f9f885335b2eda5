using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xcally.Licensing;
using Xcally.Licensing.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the License page's API.</summary>
public static class LicensingEndpointRouteBuilderExtensions
{
    private const string Tag = "Licensing";

    /// <summary>
    /// Maps the licensing API under <paramref name="prefix"/>: <c>GET</c> the status, <c>GET token</c>,
    /// <c>PUT</c> a pasted license, <c>GET log</c>, <c>GET seats</c>, and, with the automatic update, <c>GET update</c> and
    /// <c>POST update</c> (check now). Every endpoint requires the host's policy for reading or changing.
    /// The License page goes at <see cref="LicensingEndpointOptions.PagePath"/> unless
    /// <see cref="LicensingEndpointOptions.MapPage"/> is off.
    /// </summary>
    /// <returns>The endpoint group, for the host's own conventions (CORS, rate limiting, more authorization).</returns>
    /// <exception cref="ArgumentException">A policy is not named (misuse: caught at startup).</exception>
    /// <remarks>
    /// Refusals are problem details (RFC 9457) with a stable <c>code</c>. The changing endpoints cannot
    /// be reached from another site by a browser without CORS the host allowed: the install is a
    /// <c>PUT</c>, and check now is a <c>POST</c> whose content type must be <c>application/json</c>.
    /// </remarks>
    public static RouteGroupBuilder MapXcallyLicensing(this IEndpointRouteBuilder endpoints, string prefix, Action<LicensingEndpointOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new LicensingEndpointOptions();
        configure(options);
        if (string.IsNullOrWhiteSpace(options.ReadPolicy) || string.IsNullOrWhiteSpace(options.ChangePolicy))
        {
            throw new ArgumentException(
                "Name both authorization policies (LicensingEndpointOptions.ReadPolicy and ChangePolicy): the licensing API shows the customer, the token and the entitlements, and replaces the license, so none of it answers anonymously.",
                nameof(configure));
        }

        if (options.MapPage && prefix.Contains('{', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                "The License page calls the API at a fixed path, so a prefix with route parameters cannot have the page: map the page's API at a fixed prefix, or set LicensingEndpointOptions.MapPage to false.",
                nameof(prefix));
        }

        var group = endpoints.MapGroup(prefix).WithTags(Tag);
        var read = options.ReadPolicy;
        var change = options.ChangePolicy;
        if (options.MapPage)
        {
            LicensingPage.Map(endpoints, options.PagePath ?? LicensingPage.Combine(prefix, "page"), prefix.TrimEnd('/'), options.PagePolicy ?? read);
        }

        group.MapGet("/", (LicensingService licensing) => TypedResults.Json(licensing.Status, LicenseStatusJsonContext.Default.LicenseStatus))
            .RequireAuthorization(read)
            .WithName("XcallyLicensingStatus")
            .WithSummary("The license's status")
            .WithDescription("The state (active, grace, trial, ...), why, until when, the license's entitlements and the automatic update's last result.")
            .Produces<LicenseStatus>(StatusCodes.Status200OK, "application/json");

        group.MapGet("/token", (LicensingService licensing) => licensing.Status.Token is { } token
                ? Results.Text(token, "text/plain; charset=utf-8")
                : LicensingProblem.Of(StatusCodes.Status503ServiceUnavailable, LicensingProblem.TokenUnavailable, "The token could not be computed", licensing.Status.Reason))
            .RequireAuthorization(read)
            .WithName("XcallyLicensingToken")
            .WithSummary("This server's installation token")
            .WithDescription("The token XCALLY licenses this server by, as text.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPut("/", async (HttpRequest request, LicensingService licensing, CancellationToken cancellationToken) =>
            {
                var (text, problem) = await PastedLicenseReader.ReadAsync(request, cancellationToken).ConfigureAwait(false);
                if (problem is not null)
                {
                    return problem;
                }

                var result = licensing.Install(text!);
                if (result.Accepted)
                {
                    return TypedResults.Json(result.Status, LicenseStatusJsonContext.Default.LicenseStatus);
                }

                var status = result.Outcome == LicenseInstallOutcome.StorageFailed ? StatusCodes.Status500InternalServerError : StatusCodes.Status422UnprocessableEntity;
                return LicensingProblem.Of(status, LicensingProblem.CodeOf(result.Outcome), "The license was not installed", result.Message);
            })
            .RequireAuthorization(change)
            .WithName("XcallyLicensingInstall")
            .WithSummary("Installs a pasted license")
            .WithDescription("The body is the pasted text (up to 64 KiB, UTF-8), e-mail quoting and wrapping included, or a form whose 'license' field holds the text or the file. On success the new status; otherwise a problem whose code says why and nothing on disk changed.")
            .Accepts<string>("text/plain", "application/x-xcally-license", "application/x-www-form-urlencoded", "multipart/form-data")
            .Produces<LicenseStatus>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status500InternalServerError);

        group.MapGet("/log", (LicensingService licensing, TimeProvider time) =>
                TypedResults.File(licensing.ExportLog(), "application/x-ndjson", $"license-log-{time.GetUtcNow():yyyyMMdd-HHmmss}.jsonl"))
            .RequireAuthorization(read)
            .WithName("XcallyLicensingLog")
            .WithSummary("The license log, for a support ticket")
            .WithDescription("JSON lines: the current status, then every kept event, oldest first. It holds no raw identifying values.")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson");

        group.MapGet("/seats", (LicensingService licensing) => TypedResults.Json(licensing.Seats.Usage(), LicenseStatusJsonContext.Default.IReadOnlyListSeatUsage))
            .RequireAuthorization(read)
            .WithName("XcallyLicensingSeats")
            .WithSummary("The seats in use")
            .WithDescription("Per pool (concurrent agents, IVR channels, channel sessions; named users, administrators, telephones, mobile agents): in use, licensed now, and since when over the limit when the license shrank below what is in use.")
            .Produces<IReadOnlyList<SeatUsage>>(StatusCodes.Status200OK, "application/json");

        group.MapGet("/update", (IServiceProvider services) => services.GetService<LicenseUpdater>() is { } updater
                ? TypedResults.Json(updater.Status, LicenseStatusJsonContext.Default.LicenseUpdateStatus)
                : UpdateNotConfigured())
            .RequireAuthorization(read)
            .WithName("XcallyLicensingUpdateStatus")
            .WithSummary("The automatic update's state")
            .Produces<LicenseUpdateStatus>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/update", async (HttpRequest request, IServiceProvider services, CancellationToken cancellationToken) =>
            {
                if (!request.HasJsonContentType())
                {
                    return LicensingProblem.Of(
                        StatusCodes.Status415UnsupportedMediaType,
                        LicensingProblem.JsonRequired,
                        "Send the request as JSON",
                        "Check now takes Content-Type: application/json (an empty body or {}), which a page on another site cannot send without this server allowing it.");
                }

                if (services.GetService<LicenseUpdater>() is not { } updater)
                {
                    return UpdateNotConfigured();
                }

                var status = await updater.UpdateNowAsync(cancellationToken).ConfigureAwait(false);
                return TypedResults.Json(status, LicenseStatusJsonContext.Default.LicenseUpdateStatus);
            })
            .RequireAuthorization(change)
            .WithName("XcallyLicensingUpdateNow")
            .WithSummary("Checks the licensing server for a newer license now")
            .WithDescription("Runs the automatic update at once; a license it fetches goes through the same checks as a paste. Answers the update's state with the check's result.")
            .Produces<LicenseUpdateStatus>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        return group;
    }

    private static IResult UpdateNotConfigured() =>
        LicensingProblem.Of(
            StatusCodes.Status404NotFound,
            LicensingProblem.UpdateNotConfigured,
            "The automatic update is not configured",
            "Set Licensing:Update:Endpoint to the licensing team's delivery server.");
}
