namespace Xcally.Licensing.Issuing.Requests;

/// <summary>
/// A request as the licensing team writes it from a portal ticket (docs/signer.md, "The request file"):
/// a request file, or one line of a JSON-lines batch. It asks for a demo, a new billed license or a
/// deactivation.
/// </summary>
/// <param name="Name">How results name it: the file's name, or "line 7".</param>
/// <param name="Json">The request's UTF-8 JSON.</param>
/// <param name="Token">A token that replaces the request's own, checked like it; <see langword="null"/>: the request's.</param>
internal sealed record WrittenRequest(string Name, ReadOnlyMemory<byte> Json, string? Token, string Operator, DateTimeOffset At)
    : PortalRequest(Operator, At);
