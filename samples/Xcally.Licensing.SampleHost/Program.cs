using Xcally.Licensing.SampleHost;

// A reference Motion host: the licensing packages wired the way Motion wires them, and nothing else.
var builder = WebApplication.CreateBuilder(args);

// Options come from the "Licensing" section (validated at start; unknown keys stop the host). What
// grants entitlements (the trusted keys) is set here, in code, never by configuration.
builder.Services.AddXcallyLicensing(builder.Configuration, host => host.TrustedKeys = MotionKeys.For(builder.Environment));

// Motion's administrators sign in their own way; this host has one bearer token, Admin:Token.
builder.Services.AddAuthentication(AdminTokenAuthenticationHandler.SchemeName)
    .AddScheme<AdminTokenOptions, AdminTokenAuthenticationHandler>(AdminTokenAuthenticationHandler.SchemeName, o => o.Token = builder.Configuration["Admin:Token"]);
builder.Services.AddAuthorizationBuilder()
    .AddPolicy("LicenseAdministrator", policy => policy.RequireAuthenticatedUser())
    // The page holds no data and is where the administrator enters the token, so anyone may load it.
    .AddPolicy("LicensePage", policy => policy.RequireAssertion(_ => true));

var app = builder.Build();
if (string.IsNullOrEmpty(builder.Configuration["Admin:Token"]))
{
    app.Logger.LogWarning("No administrator token is configured (Admin:Token): nobody can read the license's status, replace it or download the log.");
}

app.MapHealthChecks("/health");
app.MapXcallyLicensing("/api/license", licensing =>
{
    licensing.ReadPolicy = "LicenseAdministrator";
    licensing.ChangePolicy = "LicenseAdministrator";
    licensing.PagePath = "/";
    licensing.PagePolicy = "LicensePage";
});

app.Run();
