#!/usr/bin/env python3
"""Checks that the package ships the library precompiled (eng/ReadyToRun.targets).

    eng/check-readytorun.py local-packages/Xcally.Licensing.0.2.0.nupkg

Prints what each assembly in the package is and exits 1 if lib/net10.0's is IL only. An assembly is
ReadyToRun when its CLI header names a managed native header (ECMA-335 II.25.3.3; the runtime's
READYTORUN_HEADER sits there).
"""
import struct
import sys
import zipfile


def managed_native_header_size(image: bytes) -> int:
    pe = struct.unpack_from("<I", image, 0x3C)[0]
    if image[pe:pe + 4] != b"PE\0\0":
        raise ValueError("not a PE image")
    sections = struct.unpack_from("<H", image, pe + 6)[0]
    optional_size = struct.unpack_from("<H", image, pe + 20)[0]
    optional = pe + 24
    magic = struct.unpack_from("<H", image, optional)[0]
    directories = optional + (96 if magic == 0x10B else 112)
    cli_rva, _ = struct.unpack_from("<II", image, directories + 14 * 8)
    table = optional + optional_size
    for i in range(sections):
        virtual_size, virtual_address, _, raw_pointer = struct.unpack_from("<IIII", image, table + i * 40 + 8)
        if virtual_address <= cli_rva < virtual_address + max(virtual_size, 1):
            cli = raw_pointer + cli_rva - virtual_address
            return struct.unpack_from("<II", image, cli + 64)[1]
    raise ValueError("no CLI header")


def main(path: str) -> int:
    precompiled = {}
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("lib/") and name.endswith(".dll"):
                precompiled[name] = managed_native_header_size(package.read(name)) > 0
                print(f"{name}: {'ReadyToRun' if precompiled[name] else 'IL only'}")
    wanted = [n for n in precompiled if n.startswith("lib/net10.0/")]
    if not wanted or not all(precompiled[n] for n in wanted):
        print(f"{path}: lib/net10.0 is not precompiled (see eng/ReadyToRun.targets)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
