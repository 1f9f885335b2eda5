using System.Runtime.Versioning;

namespace Xcally.Licensing.Installation.Sources;

/// <summary>
/// The processor model and the number of logical processors. Only fields that describe the silicon
/// are used: frequency, bogomips, flags, bugs and microcode change with load, kernels and updates.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class CpuSource
{
    private static readonly string[] ModelFields =
    [
        "vendor_id", "cpu family", "model", "model name", "stepping",
        "CPU implementer", "CPU architecture", "CPU variant", "CPU part", "CPU revision",
    ];

    public static ComponentValue Read(SystemTree tree, out int logicalProcessors, out string? flags)
    {
        flags = null;
        var cpuinfo = tree.ReadText("proc/cpuinfo");
        var present = tree.ReadLine("sys/devices/system/cpu/present");
        logicalProcessors = present is null ? 0 : CountRange(present);
        if (cpuinfo is null)
        {
            return logicalProcessors > 0
                ? ComponentValue.Present($"\n{logicalProcessors}", $"{logicalProcessors} logical processors; model unknown (/proc/cpuinfo unreadable)")
                : ComponentValue.Absent("/proc/cpuinfo is not readable");
        }

        // A plain dictionary sorted at the end: a SortedDictionary of strings is generic code over a
        // key-value struct that the runtime compiles as the host starts.
        var model = new Dictionary<string, string>(StringComparer.Ordinal);
        var processorLines = 0;
        foreach (var rawLine in cpuinfo.Split('\n'))
        {
            var colon = rawLine.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var key = rawLine[..colon].Trim();
            var value = string.Join(' ', rawLine[(colon + 1)..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
            if (key == "processor")
            {
                processorLines++;
            }
            else if (ModelFields.Contains(key, StringComparer.Ordinal))
            {
                model.TryAdd(key, value);
            }
            else if (key is "flags" or "Features")
            {
                flags ??= value;
            }
        }

        if (logicalProcessors == 0)
        {
            logicalProcessors = processorLines;
        }

        var keys = new string[model.Count];
        model.Keys.CopyTo(keys, 0);
        Array.Sort(keys, StringComparer.Ordinal);
        var lines = new string[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            lines[i] = keys[i] + "=" + model[keys[i]];
        }

        var canonical = string.Join('\n', lines);
        var name = model.GetValueOrDefault("model name") ?? model.GetValueOrDefault("CPU part") ?? "unknown model";
        return ComponentValue.Present(canonical, $"{logicalProcessors} logical processors, {name}");
    }

    /// <summary>Counts a kernel CPU list such as "0-7" or "0,2-3".</summary>
    private static int CountRange(string list)
    {
        var count = 0;
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                count += int.TryParse(part, out _) ? 1 : 0;
            }
            else if (int.TryParse(part[..dash], out var from) && int.TryParse(part[(dash + 1)..], out var to) && to >= from)
            {
                count += to - from + 1;
            }
        }

        return count;
    }
}
