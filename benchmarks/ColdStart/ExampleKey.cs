namespace Xcally.Licensing.ColdStart;

/// <summary>The public half of keys.example/example.private.pem, pinned as a host pins its keys.</summary>
internal static class ExampleKey
{
    public const string PublicPem = """
        -----BEGIN PUBLIC KEY-----
        MCowBQYDK2VwAyEAytOz8FXZyYzI7QKACH3JiSwcSsKKuW0yiNVhGyHyCaw=
        -----END PUBLIC KEY-----
        """;
}
