// A vendor's PKCS#11 module (libsofthsm2.so, a Luna/nShield/YubiHSM .so), loaded through Pkcs11Interop.
//
// One process loads a module once: C_Initialize may be called once per process, and C_Finalize ends
// every session of every caller. So loads are shared and counted per path; the last release finalizes
// and unloads it, and the next load initializes afresh (SoftHSM2 then sees tokens created meanwhile).

using System.Reflection;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Xcally.Licensing.Issuing.Hsm;

/// <summary>A counted reference to a loaded, initialized PKCS#11 module; dispose it to release the reference.</summary>
internal sealed class Pkcs11Module : IDisposable
{
    private static readonly Lock s_lock = new();
    private static readonly Dictionary<string, Loaded> s_loaded = new(StringComparer.Ordinal);
    private static bool s_resolverSet;

    private readonly Loaded _loaded;
    private bool _disposed;

    private Pkcs11Module(Loaded loaded) => _loaded = loaded;

    public static Pkcs11InteropFactories Factories { get; } = new();

    public string Path => _loaded.Path;

    public IPkcs11Library Library => _loaded.Library;

    /// <summary>Loads (or shares) the module at <paramref name="path"/>.</summary>
    /// <exception cref="HsmException">The file is missing, cannot be loaded, is not a PKCS#11 module, or fails to initialize.</exception>
    public static Pkcs11Module Load(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new HsmException(HsmProblem.ModuleUnusable, "no PKCS#11 module: set Signer:Pkcs11Module (or XCALLY_LICENSE_Signer__Pkcs11Module) to your HSM vendor's module, e.g. /usr/lib/softhsm/libsofthsm2.so for SoftHSM2.");
        }

        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new HsmException(HsmProblem.ModuleUnusable, $"the PKCS#11 module '{fullPath}' does not exist: check Signer:Pkcs11Module (SoftHSM2's is /usr/lib/softhsm/libsofthsm2.so; a vendor's HSM client names its own).");
        }

        lock (s_lock)
        {
            if (!s_loaded.TryGetValue(fullPath, out var loaded))
            {
                loaded = new Loaded(fullPath, LoadLibrary(fullPath));
                s_loaded.Add(fullPath, loaded);
            }

            loaded.References++;
            return new Pkcs11Module(loaded);
        }
    }

    public void Dispose()
    {
        lock (s_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (--_loaded.References == 0)
            {
                s_loaded.Remove(_loaded.Path);
                _loaded.Library.Dispose();
            }
        }
    }

    private static IPkcs11Library LoadLibrary(string path)
    {
        SetResolver();
        try
        {
            return Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, path, AppType.MultiThreaded);
        }
        catch (UnmanagedException e) when (e.Message.Contains("C_GetFunctionList", StringComparison.Ordinal))
        {
            throw new HsmException(HsmProblem.ModuleUnusable, $"'{path}' is not a PKCS#11 module (it has no C_GetFunctionList): set Signer:Pkcs11Module to the HSM vendor's PKCS#11 library.", e);
        }
        catch (UnmanagedException e)
        {
            throw new HsmException(HsmProblem.ModuleUnusable, $"cannot load the PKCS#11 module '{path}': {e.Message}", e);
        }
        catch (Pkcs11Exception e)
        {
            throw new HsmException(HsmProblem.ModuleUnusable, $"the PKCS#11 module '{path}' failed to initialize ({e.RV}); for SoftHSM2, check the file SOFTHSM2_CONF names and its directories.tokendir.", e);
        }
    }

    // Pkcs11Interop 5 calls dlopen through "libdl", which glibc 2.34 and later ship only as libdl.so.2
    // (the unversioned name comes with the -dev package): without this, loading fails on Debian 12 with
    // DllNotFoundException before the module is even looked at.
    private static void SetResolver()
    {
        if (s_resolverSet || !OperatingSystem.IsLinux())
        {
            return;
        }

        NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, Resolve);
        s_resolverSet = true;
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName == "libdl")
        {
            foreach (var candidate in new[] { "libdl.so.2", "libc.so.6" })
            {
                if (NativeLibrary.TryLoad(candidate, out var handle))
                {
                    return handle;
                }
            }
        }

        return IntPtr.Zero;
    }

    private sealed class Loaded(string path, IPkcs11Library library)
    {
        public string Path { get; } = path;

        public IPkcs11Library Library { get; } = library;

        public int References { get; set; }
    }
}
