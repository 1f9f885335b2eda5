namespace Xcally.Licensing;

/// <summary>Computes this server's installation token; tests substitute their own.</summary>
public interface IInstallationTokenSource
{
    /// <summary>The current token, or why there is none.</summary>
    public InstallationTokenReading Read();
}

/// <summary>Reads the token of the server the process runs on, with <see cref="InstallationTokenReader"/>.</summary>
public sealed class ServerTokenSource : IInstallationTokenSource
{
    private readonly InstallationTokenOptions _options;

    /// <summary>Creates the source.</summary>
    public ServerTokenSource(InstallationTokenOptions? options = null) => _options = options ?? new InstallationTokenOptions();

    /// <inheritdoc/>
    public InstallationTokenReading Read() => InstallationTokenReader.Read(_options);
}
