namespace Xcally.Licensing.Update;

/// <summary>What one fetch brought back, before anything of it is trusted.</summary>
internal sealed class FetchResult
{
    private FetchResult(FetchKind kind, string? text, string? problem)
    {
        Kind = kind;
        Text = text;
        Problem = problem;
    }

    public static FetchResult NotModified { get; } = new(FetchKind.NotModified, null, null);

    public static FetchResult NoLicense { get; } = new(FetchKind.NoLicense, null, null);

    public FetchKind Kind { get; }

    /// <summary>The body, as text, for <see cref="FetchKind.License"/>: still unverified.</summary>
    public string? Text { get; }

    /// <summary>Why it failed, for <see cref="FetchKind.Failed"/>.</summary>
    public string? Problem { get; }

    public static FetchResult License(string text) => new(FetchKind.License, text, null);

    public static FetchResult Failed(string problem) => new(FetchKind.Failed, null, problem);
}

/// <summary>The kinds of <see cref="FetchResult"/>.</summary>
internal enum FetchKind
{
    License,
    NotModified,
    NoLicense,
    Failed,
}
