using System.Runtime.Versioning;
using System.Text;

namespace Xcally.Licensing.Installation.Sources;

/// <summary>
/// The static host name (/etc/hostname, else the kernel's), first label only and lower case, so
/// "PBX01" and "pbx01.example.com" are the same name.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class HostnameSource
{
    public static ComponentValue Read(SystemTree tree)
    {
        var name = FirstName(tree.ReadText("etc/hostname"), "/etc/hostname") ?? FirstName(tree.ReadText("proc/sys/kernel/hostname"), "the kernel");
        return name is null
            ? ComponentValue.Absent("no host name set")
            : ComponentValue.Present(name.Value.Name, $"from {name.Value.Source}");
    }

    private static (string Name, string Source)? FirstName(string? text, string source)
    {
        var line = text?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        if (line is null)
        {
            return null;
        }

        var label = line.Split('.')[0].ToLowerInvariant().Normalize(NormalizationForm.FormC);
        return label.Length == 0 || label == "localhost" ? null : (label, source);
    }
}
