using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Xcally.Licensing.Format;

namespace Xcally.Licensing.Fuzz;

/// <summary>
/// <c>seeds CORPUS OUT</c>: writes afl-fuzz's input folders, OUT/&lt;harness&gt;/, and a dictionary for
/// each, OUT/&lt;harness&gt;.dict. Sources: the conformance corpus (each case's exact input bytes, and the
/// token it is verified with, when the file exists), the vectors of docs/license-format.md, the real tokens in samples/requests, and the
/// hand-made seeds in fuzz/seeds/&lt;harness&gt;/ (each in its harness's input form). Every license file is
/// also opened as far as it goes, so its envelope seeds the envelope harness and its payload the payload
/// harness and the signing mode of the verify harness.
/// </summary>
internal static class SeedWriter
{
    /// <summary>The mode bytes of <see cref="EnvelopeHarness"/> and <see cref="VerifyHarness"/>.</summary>
    private const byte AsIs = 0, Fixed = 1;

    public static int Write(string corpusPath, string outDirectory, IReadOnlyList<Harness> harnesses)
    {
        var root = FindRepositoryRoot();
        var committed = Path.Combine(root, "fuzz", "seeds");
        var files = new List<(string Name, byte[] Bytes)>();
        var typedTokens = new List<(string Name, byte[] Bytes)>();
        var payloads = new List<(string Name, byte[] Bytes)>();
        var envelopes = new List<(string Name, byte[] Bytes)>();

        if (File.Exists(corpusPath))
        {
            using var corpus = JsonDocument.Parse(File.ReadAllBytes(corpusPath));
            foreach (var item in corpus.RootElement.GetProperty("cases").EnumerateArray())
            {
                if (item.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.String)
                {
                    var id = item.TryGetProperty("id", out var caseId) ? caseId.GetString() : null;
                    files.Add(("corpus-" + (id ?? files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)), input.GetBytesFromBase64()));
                }

                // The token each case is verified with, as a person typed it (spaces, case, look-alikes).
                if (item.TryGetProperty("token", out var typed) && typed.ValueKind == JsonValueKind.String)
                {
                    typedTokens.Add(("typed", Encoding.UTF8.GetBytes(typed.GetString()!)));
                }
            }

            Console.WriteLine($"seeds: {files.Count} cases from {corpusPath}");
        }
        else
        {
            Console.WriteLine($"seeds: no corpus at {corpusPath}; seeding from docs/license-format.md and fuzz/seeds only");
        }

        var vectors = FormatVectors.Read(Path.Combine(root, "docs", "license-format.md"));
        foreach (var name in new[] { "license-file", "damaged", "bad-signature", "unsupported-version" })
        {
            files.Add(("vector-" + name, Encoding.UTF8.GetBytes(vectors[name])));
        }

        payloads.Add(("vector-payload", Encoding.UTF8.GetBytes(vectors["payload"].TrimEnd('\n'))));
        envelopes.Add(("vector-envelope", FormatVectors.Hex(vectors["envelope"])));
        files.AddRange(Committed(committed, "armor"));
        payloads.AddRange(Committed(committed, "payload"));

        // Open every file as far as it goes: its envelope and payload are seeds for the inner readers.
        foreach (var (name, bytes) in files)
        {
            var text = Encoding.UTF8.GetString(bytes);
            if (text.Length > LicenseArmor.MaxInputLength || LicenseArmor.TryRead(text, out var envelope, out _) != LicenseArmor.Outcome.Found)
            {
                continue;
            }

            envelopes.Add((name, envelope));
            if (LicenseEnvelope.TryOpen(envelope, out var frame, out _) == LicenseEnvelope.Outcome.Opened)
            {
                payloads.Add((name, frame.Payload.ToArray()));
            }
        }

        var tokens = SampleTokens(root).Concat(typedTokens);
        var inputs = new Dictionary<string, IEnumerable<(string Name, byte[] Bytes)>>
        {
            ["armor"] = files,
            ["envelope"] = envelopes.Select(e => ("asis-" + e.Name, Prefixed(AsIs, e.Bytes))).Concat(envelopes.Select(e => ("fixed-" + e.Name, Prefixed(Fixed, e.Bytes)))),
            ["payload"] = payloads,
            ["token"] = tokens,
            ["verify"] = files.Select(f => ("file-" + f.Name, Prefixed(AsIs, f.Bytes))).Concat(payloads.Select(p => ("signed-" + p.Name, Prefixed(Fixed, p.Bytes)))),
        };

        var counts = new List<string>();
        foreach (var harness in harnesses)
        {
            var folder = Path.Combine(outDirectory, harness.Name);
            Directory.CreateDirectory(folder);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var written = 0;
            foreach (var (name, bytes) in inputs[harness.Name].Concat(Committed(committed, harness.Name)))
            {
                // Identical inputs only slow afl-fuzz's calibration down.
                if (bytes.Length > 0 && seen.Add(Convert.ToHexString(SHA256.HashData(bytes))))
                {
                    File.WriteAllBytes(Path.Combine(folder, FileName(written++, name)), bytes);
                }
            }

            File.WriteAllText(Path.Combine(outDirectory, harness.Name + ".dict"), Dictionary(harness.DictionaryTokens));
            counts.Add($"{harness.Name} {written}");
        }

        Console.WriteLine($"seeds: wrote {string.Join(", ", counts)} to {outDirectory}");
        return 0;
    }

    /// <summary>The real v1 tokens of samples/requests, and the ways people mistype them.</summary>
    private static List<(string Name, byte[] Bytes)> SampleTokens(string root)
    {
        var real = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(Path.Combine(root, "samples", "requests"), "*.json"))
        {
            using var request = JsonDocument.Parse(File.ReadAllBytes(path));
            if (request.RootElement.TryGetProperty("token", out var token) && token.GetString() is { } text)
            {
                real.Add(text);
            }
        }

        var seeds = new List<(string Name, string Text)>();
        foreach (var token in real)
        {
            var groups = token.Split('-');
            var changed = token.ToCharArray();
            changed[12] = changed[12] == 'Z' ? '0' : 'Z';
            seeds.AddRange(
            [
                ("real", token),
                ("lower-case", token.ToLowerInvariant()),
                ("spaces", token.Replace('-', ' ')),
                ("no-dashes", token.Replace("-", string.Empty, StringComparison.Ordinal)),
                ("en-dashes-and-padding", "  " + token.Replace('-', '\u2013') + "\u00A0\r\n"),
                ("look-alikes", token.Replace('0', 'O').Replace('1', 'I')),
                ("mistyped-group-3", new string(changed)),
                ("groups-swapped", string.Join('-', groups[..2].Append(groups[3]).Append(groups[2]).Concat(groups[4..]))),
                ("cut-short", string.Join('-', groups[..^1])),
                ("extra-group", token + "-" + groups[^1]),
                ("with-u", token[..^1] + "U"),
            ]);
        }

        // The format's own token field: an opaque string, not an installation token.
        seeds.Add(("format-token", VerifyHarness.ExpectedToken));
        return seeds.Select(s => ($"{s.Name}", Encoding.UTF8.GetBytes(s.Text))).ToList();
    }

    private static IEnumerable<(string Name, byte[] Bytes)> Committed(string committed, string harness)
    {
        var folder = Path.Combine(committed, harness);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal).Select(path => ("committed-" + Path.GetFileNameWithoutExtension(path), File.ReadAllBytes(path)))
            : [];
    }

    private static byte[] Prefixed(byte mode, byte[] bytes) => [mode, .. bytes];

    private static string FileName(int index, string name)
    {
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return $"{index:D3}-{(safe.Length > 60 ? safe[..60] : safe)}";
    }

    /// <summary>afl-fuzz's dictionary format: one quoted token a line, bytes outside printable ASCII as \xNN.</summary>
    private static string Dictionary(IEnumerable<byte[]> tokens)
    {
        var text = new StringBuilder();
        var index = 0;
        foreach (var token in tokens.DistinctBy(Convert.ToHexString))
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"t{index++}=\"");
            foreach (var b in token)
            {
                if (b is >= 0x20 and < 0x7f && b is not (byte)'"' and not (byte)'\\')
                {
                    text.Append((char)b);
                }
                else
                {
                    text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{b:x2}");
                }
            }

            text.Append("\"\n");
        }

        return text.ToString();
    }

    /// <summary>The folder holding docs/license-format.md, from the current folder up.</summary>
    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "docs", "license-format.md")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Run the seeds mode inside the repository: no docs/license-format.md above the current folder.");
    }
}
