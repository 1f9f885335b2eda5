using Microsoft.AspNetCore.Http.Json;
using Xcally.Licensing;
using Xcally.Licensing.SampleHost;

// A reference Motion host: the licensing package wired the way Motion wires it, the License settings
// page (wwwroot) and the API behind it.
var builder = WebApplication.CreateBuilder(args);

// Options come from the "Licensing" section (validated at start; unknown keys stop the host). What
// grants entitlements (the trusted keys) is set here, in code, never by configuration.
builder.Services.AddXcallyLicensing(builder.Configuration, host => host.TrustedKeys = MotionKeys.For(builder.Environment));
builder.Services.AddSingleton<AdminToken>();
builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, LicenseStatusJsonContext.Default));

var app = builder.Build();
if (!app.Services.GetRequiredService<AdminToken>().IsConfigured)
{
    app.Logger.LogWarning("No administrator token is configured (Admin:Token): the license cannot be replaced and the log cannot be downloaded.");
}

app.UseDefaultFiles();
app.UseStaticFiles();
app.MapHealthChecks("/health");

var api = app.MapGroup("/api/license");

api.MapGet("/", (LicensingService licensing) => Results.Json(licensing.Status, LicenseStatusJsonContext.Default.LicenseStatus));

api.MapGet("/token", (LicensingService licensing) => licensing.Status.Token is { } token
    ? Results.Json(new TokenAnswer(token, "computed", null), ApiJsonContext.Default.TokenAnswer)
    : Results.Json(new TokenAnswer(null, "unavailable", licensing.Status.Reason), ApiJsonContext.Default.TokenAnswer, statusCode: StatusCodes.Status503ServiceUnavailable));

api.MapPut("/", async (HttpRequest request, LicensingService licensing) =>
{
    var (text, problem) = await PastedLicense.ReadAsync(request).ConfigureAwait(false);
    if (problem is not null)
    {
        return Results.Json(new ApiMessage(problem, licensing.Status), ApiJsonContext.Default.ApiMessage, statusCode: StatusCodes.Status400BadRequest);
    }

    var result = licensing.Install(text!);
    return result.Accepted
        ? Results.Json(result.Status, LicenseStatusJsonContext.Default.LicenseStatus)
        : Results.Json(new ApiMessage(result.Message, result.Status), ApiJsonContext.Default.ApiMessage, statusCode: StatusCodes.Status422UnprocessableEntity);
}).AddEndpointFilter(AdminToken.Require);

// "Check now": runs the automatic update at once and answers the status with its result.
api.MapPost("/update", async (IServiceProvider services, LicensingService licensing, CancellationToken cancellationToken) =>
{
    if (services.GetService<LicenseUpdater>() is not { } updater)
    {
        return Results.Json(new ApiMessage("The automatic update is not configured: set Licensing:Update:Endpoint to the licensing team's delivery server.", licensing.Status), ApiJsonContext.Default.ApiMessage, statusCode: StatusCodes.Status404NotFound);
    }

    await updater.UpdateNowAsync(cancellationToken).ConfigureAwait(false);
    return Results.Json(licensing.Status, LicenseStatusJsonContext.Default.LicenseStatus);
}).AddEndpointFilter(AdminToken.Require);

api.MapGet("/log", (LicensingService licensing, TimeProvider time) =>
    Results.File(licensing.ExportLog(), "application/x-ndjson", $"license-log-{time.GetUtcNow():yyyyMMdd-HHmmss}.jsonl"))
    .AddEndpointFilter(AdminToken.Require);

app.Run();
