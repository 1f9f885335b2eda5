#!/usr/bin/env python3
"""Generates the server fixture trees for the installation-token tests.

Each case folder mimics the root of a Linux server, holding only the files the token reader looks at
(paths relative to the case folder, e.g. `etc/machine-id`). Standard library only, deterministic and
re-runnable: every case folder is deleted and written again, then README.md and raw-values.txt.

    python3 generate.py

Git stores neither empty folders nor symlinks, so entries the reader only tests for existence are:
  * a folder holding an empty `.keep` file where the real entry is a folder or a symlink to one:
    sys/class/net/<if>/device, sys/class/net/<if>/wireless, sys/class/block/<dm>/slaves/<child>;
  * a regular file where the real entry is a regular file: /.dockerenv (empty),
    sys/class/block/<part>/partition (the partition number, as the kernel writes it).
All fake identifiers come from documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
2001:db8::/32) or look like real ones without being anyone's. After writing, the script checks every
case (required files present, files end with a newline, variants differ from their base in exactly
the expected files) and exits non-zero if a check fails.
"""
import ipaddress
import os
import shutil
import stat
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# --------------------------------------------------------------------------------------------------
# Raw identifying values: every one used is recorded here, in order, for README.md and raw-values.txt.
# --------------------------------------------------------------------------------------------------
RAW = []  # (kind, value)


def raw(kind, value):
    if (kind, value) not in RAW:
        RAW.append((kind, value))
    return value


def mac(value):
    return raw("MAC", value)


def ip(value):
    return raw("IP address", value)


# --------------------------------------------------------------------------------------------------
# File builders
# --------------------------------------------------------------------------------------------------
def keep(files, path):
    """An entry the reader only tests for existence and that is a folder (or a symlink to one) on a real system."""
    files[path + "/.keep"] = ""


def padded(text, width):
    return text + " " * max(0, width - len(text))


# ---- processor ------------------------------------------------------------------------------------
XEON_FLAGS = (
    "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe "
    "syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf "
    "pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid dca sse4_1 sse4_2 x2apic movbe "
    "popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb cat_l3 invpcid_single "
    "intel_ppin ssbd mba ibrs ibpb stibp ibrs_enhanced tpr_shadow vnmi flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 "
    "avx2 smep bmi2 erms invpcid cqm rdt_a avx512f avx512dq rdseed adx smap avx512ifma clflushopt clwb intel_pt avx512cd "
    "sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local "
    "split_lock_detect wbnoinvd dtherm ida arat pln pts avx512vbmi umip pku ospke avx512_vbmi2 gfni vaes vpclmulqdq "
    "avx512_vnni avx512_bitalg tme avx512_vpopcntdq la57 rdpid fsrm md_clear pconfig flush_l1d arch_capabilities")
XEON_VMX_FLAGS = (
    "vnmi preemption_timer posted_intr invvpid ept_x_only ept_ad ept_1gb flexpriority apicv tsc_offset vtpr mtf vapic ept "
    "vpid unrestricted_guest vapic_reg vid ple shadow_vmcs pml ept_mode_based_exec tsc_scaling")
XEON_BUGS = "spectre_v1 spectre_v2 spec_store_bypass swapgs mmio_stale_data eibrs_pbrsb"

# After a kernel upgrade: two flags hidden, two new ones, two more bugs reported, newer microcode.
XEON_FLAGS_NEW_KERNEL = XEON_FLAGS.replace(" tme ", " ").replace(" pconfig ", " ").replace(
    " split_lock_detect ", " split_lock_detect bus_lock_detect ").replace(" nonstop_tsc ", " nonstop_tsc tsc_known_freq ")
XEON_BUGS_NEW_KERNEL = XEON_BUGS + " gds retbleed"

# A VMware guest on an Ice Lake host: no vmx/dts/acpi/ht..., but the "hypervisor" flag.
VM_FLAGS = (
    "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss syscall nx pdpe1gb "
    "rdtscp lm constant_tsc arch_perfmon nopl xtopology tsc_reliable nonstop_tsc cpuid tsc_known_freq pni pclmulqdq ssse3 fma "
    "cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm "
    "3dnowprefetch invpcid_single ssbd ibrs ibpb stibp ibrs_enhanced fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid "
    "avx512f avx512dq rdseed adx smap avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 "
    "xsaves wbnoinvd arat avx512vbmi umip pku ospke avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg "
    "avx512_vpopcntdq rdpid fsrm md_clear flush_l1d arch_capabilities")
VM_BUGS = "spectre_v1 spectre_v2 spec_store_bypass swapgs mmio_stale_data eibrs_pbrsb"

METAL_CPU = dict(model_name="Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz", family=6, model=106, stepping=6,
                 microcode="0xd000389", cache="24576 KB", flags=XEON_FLAGS, vmx_flags=XEON_VMX_FLAGS, bugs=XEON_BUGS,
                 bogomips="4800.00", address_sizes="46 bits physical, 57 bits virtual",
                 # 4 cores with hyper-threading: logical CPU -> (physical id, core id, apicid)
                 layout=[(0, 0, 0), (0, 1, 2), (0, 2, 4), (0, 3, 6), (0, 0, 1), (0, 1, 3), (0, 2, 5), (0, 3, 7)],
                 siblings=8, cores=4)
VM_CPU = dict(model_name="Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz", family=6, model=106, stepping=6,
              microcode="0xd0003a5", cache="49152 KB", flags=VM_FLAGS, vmx_flags=None, bugs=VM_BUGS,
              bogomips="3990.62", address_sizes="45 bits physical, 48 bits virtual",
              # 2 virtual sockets x 2 cores, as VMware numbers them
              layout=[(0, 0, 0), (0, 1, 1), (2, 0, 2), (2, 1, 3)], siblings=2, cores=2)

METAL_MHZ = ["2394.375", "2400.000", "800.000", "2401.122", "2399.871", "800.000", "2394.375", "3400.000"]
METAL_MHZ_AGAIN = ["800.000", "3400.000", "2398.004", "800.000", "2400.000", "2395.660", "3399.812", "800.000"]


def cpuinfo(cpu, mhz):
    blocks = []
    for n, (physical, core, apic) in enumerate(cpu["layout"]):
        lines = [
            f"processor\t: {n}",
            "vendor_id\t: GenuineIntel",
            f"cpu family\t: {cpu['family']}",
            f"model\t\t: {cpu['model']}",
            f"model name\t: {cpu['model_name']}",
            f"stepping\t: {cpu['stepping']}",
            f"microcode\t: {cpu['microcode']}",
            f"cpu MHz\t\t: {mhz[n]}",
            f"cache size\t: {cpu['cache']}",
            f"physical id\t: {physical}",
            f"siblings\t: {cpu['siblings']}",
            f"core id\t\t: {core}",
            f"cpu cores\t: {cpu['cores']}",
            f"apicid\t\t: {apic}",
            f"initial apicid\t: {apic}",
            "fpu\t\t: yes",
            "fpu_exception\t: yes",
            "cpuid level\t: 27",
            "wp\t\t: yes",
            f"flags\t\t: {cpu['flags']}",
        ]
        if cpu["vmx_flags"]:
            lines.append(f"vmx flags\t: {cpu['vmx_flags']}")
        lines += [
            f"bugs\t\t: {cpu['bugs']}",
            f"bogomips\t: {cpu['bogomips']}",
            "clflush size\t: 64",
            "cache_alignment\t: 64",
            f"address sizes\t: {cpu['address_sizes']}",
            "power management:",
        ]
        blocks.append("\n".join(lines) + "\n")
    # The kernel ends every block, the last one included, with an empty line.
    return "\n".join(blocks) + "\n"


# ---- memory ---------------------------------------------------------------------------------------
def meminfo(total, free, available, buffers, cached, swap_total=2097148, direct_map=(524096, 10959872, 6291456)):
    rows = [
        ("MemTotal", total), ("MemFree", free), ("MemAvailable", available), ("Buffers", buffers), ("Cached", cached),
        ("SwapCached", 0), ("Active", 2318460), ("Inactive", 2977004), ("Active(anon)", 1208, ), ("Inactive(anon)", 1259876),
        ("Active(file)", 2317252), ("Inactive(file)", 1717128), ("Unevictable", 27648), ("Mlocked", 27648),
        ("SwapTotal", swap_total), ("SwapFree", swap_total), ("Zswap", 0), ("Zswapped", 0), ("Dirty", 148), ("Writeback", 0),
        ("AnonPages", 1287312), ("Mapped", 431096), ("Shmem", 12756), ("KReclaimable", 278380), ("Slab", 493124),
        ("SReclaimable", 278380), ("SUnreclaim", 214744), ("KernelStack", 11728), ("PageTables", 25380),
        ("SecPageTables", 0), ("NFS_Unstable", 0), ("Bounce", 0), ("WritebackTmp", 0),
        ("CommitLimit", total // 2 + swap_total), ("Committed_AS", 4821116), ("VmallocTotal", 34359738367),
        ("VmallocUsed", 71356), ("VmallocChunk", 0), ("Percpu", 21504), ("HardwareCorrupted", 0), ("AnonHugePages", 0),
        ("ShmemHugePages", 0), ("ShmemPmdMapped", 0), ("FileHugePages", 0), ("FilePmdMapped", 0), ("Unaccepted", 0),
    ]
    lines = [f"{(k + ':'):<16}{v:>8} kB" for k, v in rows]
    lines += ["HugePages_Total:       0", "HugePages_Free:        0", "HugePages_Rsvd:        0", "HugePages_Surp:        0",
              "Hugepagesize:       2048 kB", "Hugetlb:               0 kB"]
    lines += [f"{'DirectMap4k:':<16}{direct_map[0]:>8} kB", f"{'DirectMap2M:':<16}{direct_map[1]:>8} kB",
              f"{'DirectMap1G:':<16}{direct_map[2]:>8} kB"]
    return "\n".join(lines) + "\n"


METAL_MEM = dict(total=16248860, free=9876544, available=13954312, buffers=204812, cached=3876544)


# ---- network --------------------------------------------------------------------------------------
def nic(files, name, address, *, physical, assign, type_="1", ifindex=None):
    base = f"sys/class/net/{name}/"
    files[base + "address"] = address + "\n"
    files[base + "addr_assign_type"] = f"{assign}\n"
    files[base + "type"] = f"{type_}\n"
    if ifindex is not None:
        files[base + "ifindex"] = f"{ifindex}\n"
    if physical:
        keep(files, base + "device")


def loopback(files):
    nic(files, "lo", "00:00:00:00:00:00", physical=False, assign=0, type_="772", ifindex=1)


def le_hex(address):
    """An IPv4 address as /proc/net/route prints it: the network-order bytes read as a little-endian number."""
    b = ipaddress.IPv4Address(address).packed
    return "%02X%02X%02X%02X" % (b[3], b[2], b[1], b[0])


def route(rows):
    """rows: (iface, destination, gateway, mask, metric). Each line padded to 127 characters, as the kernel does."""
    header = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT"
    out = [padded(header, 127)]
    for iface, dest, gw, mask, metric in sorted(rows, key=lambda r: int(ipaddress.IPv4Address(r[1]))):
        flags = 0x0003 if gw != "0.0.0.0" else 0x0001  # RTF_UP | RTF_GATEWAY
        line = f"{iface}\t{le_hex(dest)}\t{le_hex(gw)}\t{flags:04X}\t0\t0\t{metric}\t{le_hex(mask)}\t0\t0\t0"
        out.append(padded(line, 127))
    return "\n".join(out) + "\n"


def fib_trie(addresses):
    """addresses: (address, prefix length) of the local IPv4 addresses besides loopback. The tree is printed twice,
    under Main: and Local:, as kernels since 4.0 do while no policy routing rules exist."""
    def ip4(n):
        return str(ipaddress.IPv4Address(n))

    nets = []
    for address, plen in addresses:
        iface = ipaddress.IPv4Interface(f"{address}/{plen}")
        net = int(iface.network.network_address)
        host = int(iface.ip)
        common = 32 - (net ^ host).bit_length()  # the trie node holding both the network and the host entry
        nets.append((net, [
            f"     +-- {ip4(net)}/{plen} 2 0 2",
            f"        +-- {ip4(net)}/{common} 2 0 2",
            f"           |-- {ip4(net)}",
            f"              /{plen} link UNICAST",
            f"           |-- {address}",
            "              /32 host LOCAL",
            f"        |-- {iface.network.broadcast_address}",
            "           /32 link BROADCAST",
        ]))
    nets.append((int(ipaddress.IPv4Address("127.0.0.0")), [
        "     +-- 127.0.0.0/8 2 0 2",
        "        +-- 127.0.0.0/31 1 0 0",
        "           |-- 127.0.0.0",
        "              /8 host LOCAL",
        "           |-- 127.0.0.1",
        "              /32 host LOCAL",
        "        |-- 127.255.255.255",
        "           /32 link BROADCAST",
    ]))
    lines = [f"  +-- 0.0.0.0/0 3 0 {len(nets) + 3}", "     |-- 0.0.0.0", "        /0 universe UNICAST"]
    for _, block in sorted(nets):
        lines += block
    tree = "\n".join(lines) + "\n"
    return "Main:\n" + tree + "Local:\n" + tree


IFA_PERMANENT, IFA_TEMPORARY, IFA_DYNAMIC = 0x80, 0x01, 0x00
SCOPE_GLOBAL, SCOPE_LINK, SCOPE_HOST = 0x00, 0x20, 0x10


def if_inet6(rows):
    """rows: (address, ifindex, prefix length, scope, flags, interface), in the kernel's own format."""
    out = []
    for address, index, plen, scope, flags, name in rows:
        hex32 = ipaddress.IPv6Address(address).exploded.replace(":", "")
        out.append(f"{hex32} {index:02x} {plen:02x} {scope:02x} {flags:02x} {name:>8}\n")
    return "".join(out)


def link_local(address):
    """The EUI-64 link-local address the kernel derives from a MAC address."""
    b = bytes(int(x, 16) for x in address.split(":"))
    eui = bytes([b[0] ^ 0x02, b[1], b[2], 0xFF, 0xFE, b[3], b[4], b[5]])
    return raw("IP address", str(ipaddress.IPv6Address(bytes.fromhex("fe80000000000000") + eui)))


# ---- disks ----------------------------------------------------------------------------------------
def block(files, name, dev, *, partition=None, slaves=()):
    files[f"sys/class/block/{name}/dev"] = dev + "\n"
    if partition is not None:
        files[f"sys/class/block/{name}/partition"] = f"{partition}\n"
    for slave in slaves:
        keep(files, f"sys/class/block/{name}/slaves/{slave}")


def udev(lines):
    return "\n".join(lines) + "\n"


GPT_LINUX_FS = "0fc63daf-8483-4772-8e79-3d69d8477de4"
GPT_EFI = "c12a7328-f81f-11d2-ba4b-00a0c93ec93b"
GPT_LVM = "e6d6d379-f507-44c2-a23c-238f2a3df928"


# --------------------------------------------------------------------------------------------------
# Bare metal: Dell PowerEdge R650, NVMe root disk, two on-board NICs
# --------------------------------------------------------------------------------------------------
METAL = dict(
    machine_id=raw("machine-id", "8f2c4e6a1b3d4f5a9c7e2b1d0a3f5e7c"),
    hostname=raw("hostname", "pbx-rome-01"),
    product_uuid=raw("product_uuid", "4C4C4544-0042-3510-8058-B4C04F4D3732"),
    product_serial=raw("serial", "7XQ2B53"),
    board_serial=raw("serial", "..CN7792612B0042."),
    nvme_serial=raw("serial", "S4EWNX0R123456"),
    nvme_wwn=raw("serial", "eui.36344730521234560025384500000001"),
    root_fs_uuid=raw("FS UUID", "0f3a9c2e-5b7d-4e1a-9c3b-2d8e6f4a1b7c"),
    efi_fs_uuid=raw("FS UUID", "6A1E-2B3C"),
    ptable_uuid=raw("partition UUID", "b3e1d7a2-4c5f-4e8a-9b6d-1f2e3a4c5d6e"),
    efi_partuuid=raw("partition UUID", "7c2d9e4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f"),
    root_partuuid=raw("partition UUID", "9e8d7c6b-5a4f-4e3d-a2c1-b0a9f8e7d6c5"),
    eno1=mac("00:1b:21:aa:bb:01"),
    eno2=mac("00:1b:21:aa:bb:02"),
    ipv4=ip("192.0.2.10"),
    gateway=ip("192.0.2.1"),
    ipv6=ip("2001:db8::10"),
    temp6=ip("2001:db8::a1b2:c3d4"),
    if6_order=None,
    cpu=METAL_CPU,
    mhz=METAL_MHZ,
    mem=METAL_MEM,
)
NVME_MODEL = "SAMSUNG MZQL2960HCJR-00A07"


def metal_mountinfo(extra=()):
    lines = [
        "22 28 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw",
        "23 28 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw",
        "24 28 0:5 / /dev rw,nosuid,relatime shared:2 - devtmpfs udev rw,size=8070324k,nr_inodes=2017581,mode=755,inode64",
        "25 24 0:23 / /dev/pts rw,nosuid,noexec,relatime shared:3 - devpts devpts rw,gid=5,mode=620,ptmxmode=000",
        "26 28 0:25 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=1624888k,mode=755,inode64",
        "28 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro",
        "29 22 0:6 / /sys/kernel/security rw,nosuid,nodev,noexec,relatime shared:8 - securityfs securityfs rw",
        "30 24 0:26 / /dev/shm rw,nosuid,nodev shared:4 - tmpfs tmpfs rw,inode64",
        "31 26 0:27 / /run/lock rw,nosuid,nodev,noexec,relatime shared:6 - tmpfs tmpfs rw,size=5120k,inode64",
        "32 22 0:28 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot",
        "33 22 0:29 / /sys/fs/pstore rw,nosuid,nodev,noexec,relatime shared:10 - pstore pstore rw",
        "34 22 0:30 / /sys/firmware/efi/efivars rw,nosuid,nodev,noexec,relatime shared:11 - efivarfs efivarfs rw",
        "35 22 0:31 / /sys/fs/bpf rw,nosuid,nodev,noexec,relatime shared:13 - bpf bpf rw,mode=700",
        "36 23 0:32 / /proc/sys/fs/binfmt_misc rw,relatime shared:14 - autofs systemd-1 rw,fd=29,pgrp=1,timeout=0,minproto=5,maxproto=5,direct,pipe_ino=21471",
        "37 24 0:20 / /dev/mqueue rw,nosuid,nodev,noexec,relatime shared:15 - mqueue mqueue rw",
        "38 24 0:33 / /dev/hugepages rw,relatime shared:16 - hugetlbfs hugetlbfs rw,pagesize=2M",
        "39 22 0:7 / /sys/kernel/debug rw,nosuid,nodev,noexec,relatime shared:17 - debugfs debugfs rw",
        "40 22 0:12 / /sys/kernel/tracing rw,nosuid,nodev,noexec,relatime shared:18 - tracefs tracefs rw",
        "41 22 0:34 / /sys/fs/fuse/connections rw,nosuid,nodev,noexec,relatime shared:19 - fusectl fusectl rw",
        "42 22 0:35 / /sys/kernel/config rw,nosuid,nodev,noexec,relatime shared:20 - configfs configfs rw",
        "64 28 259:1 / /boot/efi rw,relatime shared:33 - vfat /dev/nvme0n1p1 rw,fmask=0077,dmask=0077,codepage=437,iocharset=iso8859-1,shortname=mixed,errors=remount-ro",
        "67 26 0:45 / /run/user/1000 rw,nosuid,nodev,relatime shared:373 - tmpfs tmpfs rw,size=1624884k,nr_inodes=406221,mode=700,uid=1000,gid=1000,inode64",
    ]
    return "\n".join(lines + list(extra)) + "\n"


def metal(**changes):
    p = dict(METAL, **changes)
    f = {}
    f["etc/machine-id"] = p["machine_id"] + "\n"
    f["etc/hostname"] = p["hostname"] + "\n"
    f["proc/sys/kernel/hostname"] = p["hostname"] + "\n"

    dmi = "sys/class/dmi/id/"
    f[dmi + "product_uuid"] = p["product_uuid"] + "\n"
    f[dmi + "product_serial"] = p["product_serial"] + "\n"
    f[dmi + "board_serial"] = p["board_serial"] + "\n"
    f[dmi + "sys_vendor"] = "Dell Inc.\n"
    f[dmi + "product_name"] = "PowerEdge R650\n"
    f[dmi + "board_vendor"] = "Dell Inc.\n"
    f[dmi + "board_name"] = "0Y2K8N\n"

    f["proc/cpuinfo"] = cpuinfo(p["cpu"], p["mhz"])
    f["sys/devices/system/cpu/present"] = "0-7\n"
    f["proc/meminfo"] = meminfo(**p["mem"])
    f["proc/1/cgroup"] = "0::/init.scope\n"

    # Disk: nvme0n1 (259:0) = p1 EFI (259:1, /boot/efi) + p2 root (259:2, ext4)
    f["proc/self/mountinfo"] = metal_mountinfo(p.get("extra_mounts", ()))
    block(f, "nvme0n1", "259:0")
    block(f, "nvme0n1p1", "259:1", partition=1)
    block(f, "nvme0n1p2", "259:2", partition=2)
    f["sys/class/block/nvme0n1/device/serial"] = padded(p["nvme_serial"], 20) + "\n"
    f["sys/class/block/nvme0n1/device/model"] = padded(NVME_MODEL, 40) + "\n"
    serial, wwn = p["nvme_serial"], p["nvme_wwn"]
    disk_id = f"{NVME_MODEL.replace(' ', '_')}_{serial}"
    disk_props = [
        f"E:ID_SERIAL_SHORT={serial}",
        f"E:ID_WWN={wwn}",
        f"E:ID_MODEL={NVME_MODEL}",
        "E:ID_REVISION=GDC5602Q",
        "E:ID_NSID=1",
        f"E:ID_SERIAL={NVME_MODEL}_{serial}",  # spaces kept; only the by-id links replace them
        "E:ID_PATH=pci-0000:65:00.0-nvme-1",
        "E:ID_PATH_TAG=pci-0000_65_00_0-nvme-1",
        f"E:ID_PART_TABLE_UUID={p['ptable_uuid']}",
        "E:ID_PART_TABLE_TYPE=gpt",
    ]
    f["run/udev/data/b259:0"] = udev([
        f"S:disk/by-id/nvme-{disk_id}", f"S:disk/by-id/nvme-{wwn}", "S:disk/by-path/pci-0000:65:00.0-nvme-1",
        "W:4", "I:4861953", *disk_props, "E:ID_DRIVE_ID=nvme0n1", "G:systemd", "Q:systemd", "V:1"])

    def partition(number, fs_uuid, fs_type, fs_version, partuuid, part_type, offset, size, label_lines=()):
        return udev([
            f"S:disk/by-id/nvme-{disk_id}-part{number}", f"S:disk/by-id/nvme-{wwn}-part{number}",
            f"S:disk/by-path/pci-0000:65:00.0-nvme-1-part{number}", f"S:disk/by-uuid/{fs_uuid}",
            f"S:disk/by-partuuid/{partuuid}", "W:5", f"I:48619{60 + number}", *disk_props,
            f"E:ID_FS_UUID={fs_uuid}", f"E:ID_FS_UUID_ENC={fs_uuid}", f"E:ID_FS_VERSION={fs_version}",
            f"E:ID_FS_TYPE={fs_type}", "E:ID_FS_USAGE=filesystem", *label_lines, "E:ID_PART_ENTRY_SCHEME=gpt",
            f"E:ID_PART_ENTRY_UUID={partuuid}", f"E:ID_PART_ENTRY_TYPE={part_type}", f"E:ID_PART_ENTRY_NUMBER={number}",
            f"E:ID_PART_ENTRY_OFFSET={offset}", f"E:ID_PART_ENTRY_SIZE={size}", "E:ID_PART_ENTRY_DISK=259:0",
            "G:systemd", "Q:systemd", "V:1"])

    f["run/udev/data/b259:1"] = partition(1, p["efi_fs_uuid"], "vfat", "FAT32", p["efi_partuuid"], GPT_EFI, 2048, 2201600)
    f["run/udev/data/b259:2"] = partition(2, p["root_fs_uuid"], "ext4", "1.0", p["root_partuuid"], GPT_LINUX_FS,
                                          2203648, 1873174528)

    # Network: lo, eno1 (addresses), eno2 (no address)
    loopback(f)
    nic(f, "eno1", p["eno1"], physical=True, assign=0, ifindex=2)
    nic(f, "eno2", p["eno2"], physical=True, assign=0, ifindex=3)
    f["proc/net/route"] = route([
        ("eno1", "0.0.0.0", p["gateway"], "0.0.0.0", 0),
        ("eno1", "192.0.2.0", "0.0.0.0", "255.255.255.0", 0),
    ])
    f["proc/net/fib_trie"] = fib_trie([(p["ipv4"], 24)])
    rows = [
        (p["ipv6"], 2, 64, SCOPE_GLOBAL, IFA_PERMANENT, "eno1"),
        ("::1", 1, 128, SCOPE_HOST, IFA_PERMANENT, "lo"),
        (p["temp6"], 2, 64, SCOPE_GLOBAL, IFA_TEMPORARY, "eno1"),
        (link_local(p["eno1"]), 2, 64, SCOPE_LINK, IFA_PERMANENT, "eno1"),
    ]
    if p["if6_order"]:
        rows = [rows[i] for i in p["if6_order"]]
    f["proc/net/if_inet6"] = if_inet6(rows)
    return f


def with_docker(f, docker0_mac, bridge_mac, veths, container_ids):
    """Docker on metal: docker0 172.17.0.1/16, a user bridge br-5f3c2a1b 172.18.0.1/16, veth pairs with random MACs,
    one overlay mount and one network namespace per running container."""
    f = dict(f)
    nic(f, "docker0", docker0_mac, physical=False, assign=3, ifindex=4)
    nic(f, "br-5f3c2a1b", bridge_mac, physical=False, assign=3, ifindex=5)
    rows = f["proc/net/if_inet6"]
    rows += if_inet6([(link_local(docker0_mac), 4, 64, SCOPE_LINK, IFA_PERMANENT, "docker0")])
    for name, address, index in veths:
        nic(f, name, address, physical=False, assign=1, ifindex=index)
        rows += if_inet6([(link_local(address), index, 64, SCOPE_LINK, IFA_PERMANENT, name)])
    f["proc/net/if_inet6"] = rows
    f["proc/net/route"] = route([
        ("eno1", "0.0.0.0", METAL["gateway"], "0.0.0.0", 0),
        ("docker0", "172.17.0.0", "0.0.0.0", "255.255.0.0", 0),
        ("br-5f3c2a1b", "172.18.0.0", "0.0.0.0", "255.255.0.0", 0),
        ("eno1", "192.0.2.0", "0.0.0.0", "255.255.255.0", 0),
    ])
    f["proc/net/fib_trie"] = fib_trie([(ip("172.17.0.1"), 16), (ip("172.18.0.1"), 16), (METAL["ipv4"], 24)])
    extra = []
    for n, cid in enumerate(container_ids):
        layer = cid[::-1][:32] + cid[:32]
        extra.append(
            f"{401 + 2 * n} 28 0:{52 + n} / /var/lib/docker/overlay2/{layer}/merged rw,relatime shared:{240 + n} - overlay overlay "
            f"rw,lowerdir=/var/lib/docker/overlay2/l/{cid[:26].upper()}:/var/lib/docker/overlay2/l/7WQJ3ZKX5O2N4BDY6RCGTFPMUV,"
            f"upperdir=/var/lib/docker/overlay2/{layer}/diff,workdir=/var/lib/docker/overlay2/{layer}/work")
        extra.append(f"{402 + 2 * n} 26 0:4 net:[40265318{n}] /run/docker/netns/{cid[:12]} rw shared:{250 + n} - nsfs nsfs rw")
    f["proc/self/mountinfo"] = metal_mountinfo(extra)
    return f


def bonded():
    """eno1 and eno2 enslaved to bond0 (active-backup). Both slaves show the bond's MAC (eno1's) and were set by
    the bonding driver (addr_assign_type 3, NET_ADDR_SET); bond0 took it from its first slave (2, NET_ADDR_STOLEN).
    The permanent MACs are in bonding_slave/perm_hwaddr and proc/net/bonding/bond0."""
    f = metal()
    eno1, eno2 = METAL["eno1"], METAL["eno2"]
    nic(f, "eno1", eno1, physical=True, assign=3, ifindex=2)
    nic(f, "eno2", eno1, physical=True, assign=3, ifindex=3)
    f["sys/class/net/eno1/bonding_slave/perm_hwaddr"] = eno1 + "\n"
    f["sys/class/net/eno1/bonding_slave/state"] = "active\n"
    f["sys/class/net/eno2/bonding_slave/perm_hwaddr"] = eno2 + "\n"
    f["sys/class/net/eno2/bonding_slave/state"] = "backup\n"
    nic(f, "bond0", eno1, physical=False, assign=2, ifindex=4)
    f["sys/class/net/bond0/bonding/mode"] = "active-backup 1\n"
    f["sys/class/net/bond0/bonding/slaves"] = "eno1 eno2\n"
    f["sys/class/net/bond0/bonding/active_slave"] = "eno1\n"
    slave = ("Slave Interface: {name}\nMII Status: up\nSpeed: 10000 Mbps\nDuplex: full\nLink Failure Count: 0\n"
             "Permanent HW addr: {perm}\nSlave queue ID: 0\n")
    f["proc/net/bonding/bond0"] = (
        "Ethernet Channel Bonding Driver: v5.15.0-91-generic\n\n"
        "Bonding Mode: fault-tolerance (active-backup)\nPrimary Slave: None\nCurrently Active Slave: eno1\n"
        "MII Status: up\nMII Polling Interval (ms): 100\nUp Delay (ms): 0\nDown Delay (ms): 0\n"
        "Peer Notification Delay (ms): 0\n\n"
        + slave.format(name="eno1", perm=eno1) + "\n" + slave.format(name="eno2", perm=eno2))
    f["proc/net/route"] = route([
        ("bond0", "0.0.0.0", METAL["gateway"], "0.0.0.0", 0),
        ("bond0", "192.0.2.0", "0.0.0.0", "255.255.255.0", 0),
    ])
    f["proc/net/if_inet6"] = if_inet6([
        (METAL["ipv6"], 4, 64, SCOPE_GLOBAL, IFA_PERMANENT, "bond0"),
        ("::1", 1, 128, SCOPE_HOST, IFA_PERMANENT, "lo"),
        (METAL["temp6"], 4, 64, SCOPE_GLOBAL, IFA_TEMPORARY, "bond0"),
        (link_local(eno1), 4, 64, SCOPE_LINK, IFA_PERMANENT, "bond0"),
    ])
    return f


def without(f, *paths):
    return {k: v for k, v in f.items() if k not in paths}


# --------------------------------------------------------------------------------------------------
# VMware virtual machine: LVM root (dm-0 = vg0-root on sda3), one vmxnet3 NIC
# --------------------------------------------------------------------------------------------------
def vmware_serial(uuid):
    """VMware's SMBIOS serial: "VMware-" and the UUID's 16 bytes in hex pairs. (The UUIDs here are written in the
    order dmidecode shows; the kernel may show the first three fields byte-swapped, which the reader accepts.)"""
    h = uuid.replace("-", "").lower()
    pairs = lambda s: " ".join(s[i:i + 2] for i in range(0, len(s), 2))
    return f"VMware-{pairs(h[:16])}-{pairs(h[16:])}"


VM = dict(
    machine_id=raw("machine-id", "3b7e9d1c5a2f4e6b8d0c1a3e5f7b9d2c"),
    hostname=raw("hostname", "pbx-milan-vm"),
    product_uuid=raw("product_uuid", "564D8A2B-1C3E-4F5A-9B7D-2E4F6A8C1B3D"),
    disk_serial=raw("serial", "6000c29a1b2c3d4e5f60718293a4b5c6"),
    root_fs_uuid=raw("FS UUID", "7d2e4f6a-8b1c-4d3e-9f5a-1b2c3d4e5f6a"),
    home_fs_uuid=raw("FS UUID", "e1d2c3b4-a5f6-4978-8a9b-0c1d2e3f4a5b"),
    boot_fs_uuid=raw("FS UUID", "a7b8c9d0-e1f2-4a3b-8c4d-5e6f7a8b9c0d"),
    efi_fs_uuid=raw("FS UUID", "3F4A-1C2D"),
    pv_uuid=raw("FS UUID", "Xz8v2K-Qm3N-7bLp-Rt4W-c9Yd-Hs6E-1jUaFo"),
    vg_uuid=raw("LVM UUID", "h3T5vQk9ZpX2mN7cR4bW8sL1yF6dJ0gA"),
    root_lv_uuid=raw("LVM UUID", "qE5uK2oP9iY3nV7tB1xM6wC8zH4rS0fL"),
    home_lv_uuid=raw("LVM UUID", "Dk4mW8pN2sQ6vB0xZ3cF7hJ1gL5tR9yA"),
    ptable_uuid=raw("partition UUID", "4d5e6f70-8192-4a3b-9c4d-5e6f708192a3"),
    nic=mac("00:50:56:9a:1b:2c"),
    ipv4=ip("198.51.100.20"),
    gateway=ip("198.51.100.1"),
)


def vm(**changes):
    p = dict(VM, **changes)
    f = {}
    f["etc/machine-id"] = p["machine_id"] + "\n"
    f["var/lib/dbus/machine-id"] = p["machine_id"] + "\n"
    f["etc/hostname"] = p["hostname"] + "\n"
    f["proc/sys/kernel/hostname"] = p["hostname"] + "\n"

    dmi = "sys/class/dmi/id/"
    f[dmi + "product_uuid"] = p["product_uuid"] + "\n"
    f[dmi + "product_serial"] = raw("serial", vmware_serial(p["product_uuid"])) + "\n"
    f[dmi + "board_serial"] = "None\n"
    f[dmi + "sys_vendor"] = "VMware, Inc.\n"
    f[dmi + "product_name"] = "VMware Virtual Platform\n"
    f[dmi + "board_vendor"] = "Intel Corporation\n"
    f[dmi + "board_name"] = "440BX Desktop Reference Platform\n"

    f["proc/cpuinfo"] = cpuinfo(VM_CPU, ["1995.312"] * 4)
    f["sys/devices/system/cpu/present"] = "0-3\n"
    f["proc/meminfo"] = meminfo(total=8131212, free=4712096, available=6980344, buffers=98304, cached=2203540,
                                swap_total=0, direct_map=(251840, 6039552, 2097152))
    f["proc/1/cgroup"] = "0::/init.scope\n"

    f["proc/self/mountinfo"] = "\n".join([
        "22 29 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw",
        "23 29 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw",
        "24 29 0:5 / /dev rw,nosuid,relatime shared:2 - devtmpfs udev rw,size=4017336k,nr_inodes=1004334,mode=755,inode64",
        "25 24 0:23 / /dev/pts rw,nosuid,noexec,relatime shared:3 - devpts devpts rw,gid=5,mode=620,ptmxmode=000",
        "26 29 0:25 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=813124k,mode=755,inode64",
        "29 1 253:0 / / rw,relatime shared:1 - xfs /dev/mapper/vg0-root rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota",
        "30 22 0:6 / /sys/kernel/security rw,nosuid,nodev,noexec,relatime shared:8 - securityfs securityfs rw",
        "31 24 0:26 / /dev/shm rw,nosuid,nodev shared:4 - tmpfs tmpfs rw,inode64",
        "32 26 0:27 / /run/lock rw,nosuid,nodev,noexec,relatime shared:6 - tmpfs tmpfs rw,size=5120k,inode64",
        "33 22 0:28 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot",
        "60 29 8:2 / /boot rw,relatime shared:31 - xfs /dev/sda2 rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota",
        "62 60 8:1 / /boot/efi rw,relatime shared:33 - vfat /dev/sda1 rw,fmask=0077,dmask=0077,codepage=437,iocharset=iso8859-1,shortname=mixed,errors=remount-ro",
        "64 29 253:1 / /home rw,relatime shared:35 - xfs /dev/mapper/vg0-home rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota",
    ]) + "\n"

    # Disk: sda (8:0) = sda1 EFI (8:1) + sda2 /boot (8:2) + sda3 LVM PV (8:3); dm-0 vg0-root, dm-1 vg0-home on sda3.
    block(f, "sda", "8:0")
    block(f, "sda1", "8:1", partition=1)
    block(f, "sda2", "8:2", partition=2)
    block(f, "sda3", "8:3", partition=3)
    block(f, "dm-0", "253:0", slaves=["sda3"])
    block(f, "dm-1", "253:1", slaves=["sda3"])

    serial = p["disk_serial"]  # None: VMware without disk.EnableUUID gives no serial at all
    path = "pci-0000:03:00.0-scsi-0:0:0:0"
    links = (lambda suffix: [f"S:disk/by-id/scsi-3{serial}{suffix}", f"S:disk/by-id/wwn-0x{serial}{suffix}"]) if serial else (lambda suffix: [])
    disk_props = ["E:ID_SCSI=1", "E:ID_VENDOR=VMware", "E:ID_VENDOR_ENC=VMware\\x20\\x20", "E:ID_MODEL=Virtual_disk",
                  "E:ID_MODEL_ENC=Virtual\\x20disk\\x20\\x20\\x20\\x20\\x20\\x20\\x20\\x20", "E:ID_REVISION=2.0", "E:ID_TYPE=disk"]
    if serial:
        disk_props += [f"E:ID_SERIAL=3{serial}", f"E:ID_SERIAL_SHORT={serial}", f"E:ID_WWN=0x{serial[:16]}",
                       f"E:ID_WWN_VENDOR_EXTENSION=0x{serial[16:]}", f"E:ID_WWN_WITH_EXTENSION=0x{serial}"]
        raw("serial", "3" + serial)
    disk_props += ["E:ID_BUS=scsi", f"E:ID_PATH={path}", "E:ID_PATH_TAG=pci-0000_03_00_0-scsi-0_0_0_0",
                   f"E:ID_PART_TABLE_UUID={p['ptable_uuid']}", "E:ID_PART_TABLE_TYPE=gpt"]
    f["run/udev/data/b8:0"] = udev([*links(""), f"S:disk/by-path/{path}", "W:3", "I:2718281", *disk_props,
                                     "G:systemd", "Q:systemd", "V:1"])

    def partition(number, fs_uuid, fs_type, fs_version, usage, part_type, offset, size, extra_links=()):
        partuuid = raw("partition UUID", f"{p['ptable_uuid'][:-2]}{number:02d}")
        return udev([*links(f"-part{number}"), f"S:disk/by-path/{path}-part{number}", *extra_links,
                     f"S:disk/by-partuuid/{partuuid}", "W:4", f"I:27182{90 + number}", *disk_props,
                     f"E:ID_FS_UUID={fs_uuid}", f"E:ID_FS_UUID_ENC={fs_uuid}",
                     *([f"E:ID_FS_VERSION={fs_version}"] if fs_version else []),
                     f"E:ID_FS_TYPE={fs_type}", f"E:ID_FS_USAGE={usage}", "E:ID_PART_ENTRY_SCHEME=gpt",
                     f"E:ID_PART_ENTRY_UUID={partuuid}", f"E:ID_PART_ENTRY_TYPE={part_type}",
                     f"E:ID_PART_ENTRY_NUMBER={number}", f"E:ID_PART_ENTRY_OFFSET={offset}",
                     f"E:ID_PART_ENTRY_SIZE={size}", "E:ID_PART_ENTRY_DISK=8:0", "G:systemd", "Q:systemd", "V:1"])

    f["run/udev/data/b8:1"] = partition(1, p["efi_fs_uuid"], "vfat", "FAT32", "filesystem", GPT_EFI, 2048, 2201600,
                                        [f"S:disk/by-uuid/{p['efi_fs_uuid']}"])
    f["run/udev/data/b8:2"] = partition(2, p["boot_fs_uuid"], "xfs", None, "filesystem", GPT_LINUX_FS, 2203648, 4194304,
                                        [f"S:disk/by-uuid/{p['boot_fs_uuid']}"])
    f["run/udev/data/b8:3"] = partition(3, p["pv_uuid"], "LVM2_member", "LVM2 001", "raid", GPT_LVM, 6397952, 161372160,
                                        [f"S:disk/by-id/lvm-pv-uuid-{p['pv_uuid']}"])

    def lv(name, lv_uuid, fs_uuid, index):
        dm_uuid = f"LVM-{p['vg_uuid']}{lv_uuid}"
        return udev([f"S:mapper/vg0-{name}", f"S:vg0/{name}", f"S:disk/by-id/dm-name-vg0-{name}",
                     f"S:disk/by-id/dm-uuid-{dm_uuid}", f"S:disk/by-uuid/{fs_uuid}", "W:6", f"I:31415{index}",
                     "E:DM_UDEV_DISABLE_LIBRARY_FALLBACK_FLAG=1", "E:DM_UDEV_PRIMARY_SOURCE_FLAG=1",
                     "E:DM_UDEV_RULES_VSN=2", "E:DM_ACTIVATION=1", f"E:DM_NAME=vg0-{name}", f"E:DM_UUID={dm_uuid}",
                     "E:DM_SUSPENDED=0", "E:DM_VG_NAME=vg0", f"E:DM_LV_NAME={name}", f"E:ID_FS_UUID={fs_uuid}",
                     f"E:ID_FS_UUID_ENC={fs_uuid}", "E:ID_FS_TYPE=xfs",
                     "E:ID_FS_USAGE=filesystem", "E:SYSTEMD_READY=1", "G:systemd", "Q:systemd", "V:1"])

    f["run/udev/data/b253:0"] = lv("root", p["root_lv_uuid"], p["root_fs_uuid"], 0)
    f["run/udev/data/b253:1"] = lv("home", p["home_lv_uuid"], p["home_fs_uuid"], 1)

    loopback(f)
    nic(f, "ens192", p["nic"], physical=True, assign=0, ifindex=2)
    f["proc/net/route"] = route([
        ("ens192", "0.0.0.0", p["gateway"], "0.0.0.0", 0),
        ("ens192", "198.51.100.0", "0.0.0.0", "255.255.255.0", 0),
    ])
    f["proc/net/fib_trie"] = fib_trie([(p["ipv4"], 24)])
    f["proc/net/if_inet6"] = if_inet6([
        ("::1", 1, 128, SCOPE_HOST, IFA_PERMANENT, "lo"),
        (link_local(p["nic"]), 2, 64, SCOPE_LINK, IFA_PERMANENT, "ens192"),
    ])
    return f


# --------------------------------------------------------------------------------------------------
# Docker container on the metal host: no machine-id, persisted installation key on a volume
# --------------------------------------------------------------------------------------------------
INSTALLATION_KEY = raw("installation key", "5f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0")


def container(cid, address, ipv4, overlay_dev, first_mount_id, mhz, free):
    f = {}
    hostname = raw("hostname", cid[:12])
    raw("container id", cid)
    f[".dockerenv"] = ""
    f["etc/hostname"] = hostname + "\n"
    f["proc/sys/kernel/hostname"] = hostname + "\n"
    f["var/lib/xcally-licensing/installation-key"] = INSTALLATION_KEY + "\n"
    f["sys/class/dmi/id/sys_vendor"] = "Dell Inc.\n"
    f["sys/class/dmi/id/product_name"] = "PowerEdge R650\n"
    f["proc/cpuinfo"] = cpuinfo(METAL_CPU, mhz)
    f["sys/devices/system/cpu/present"] = "0-7\n"
    f["proc/meminfo"] = meminfo(total=METAL_MEM["total"], free=free, available=free + 4012345, buffers=204812, cached=3876544)
    f["proc/1/cgroup"] = f"0::/system.slice/docker-{cid}.scope\n"

    m = first_mount_id
    layer = cid[::-1][:32] + cid[:32]
    f["proc/self/mountinfo"] = "\n".join([
        f"{m} {m - 148} 0:{overlay_dev} / / rw,relatime master:{m - 481} - overlay overlay "
        f"rw,lowerdir=/var/lib/docker/overlay2/l/{cid[:26].upper()}:/var/lib/docker/overlay2/l/7WQJ3ZKX5O2N4BDY6RCGTFPMUV,"
        f"upperdir=/var/lib/docker/overlay2/{layer}/diff,workdir=/var/lib/docker/overlay2/{layer}/work",
        f"{m + 1} {m} 0:{overlay_dev + 3} / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw",
        f"{m + 2} {m} 0:{overlay_dev + 4} / /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755,inode64",
        f"{m + 3} {m + 2} 0:{overlay_dev + 5} / /dev/pts rw,nosuid,noexec,relatime - devpts devpts rw,gid=5,mode=620,ptmxmode=666",
        f"{m + 4} {m} 0:{overlay_dev + 6} / /sys ro,nosuid,nodev,noexec,relatime - sysfs sysfs ro",
        f"{m + 5} {m + 4} 0:28 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw,nsdelegate,memory_recursiveprot",
        f"{m + 6} {m + 2} 0:{overlay_dev + 2} / /dev/mqueue rw,nosuid,nodev,noexec,relatime - mqueue mqueue rw",
        f"{m + 7} {m + 2} 0:{overlay_dev + 7} / /dev/shm rw,nosuid,nodev,noexec,relatime - tmpfs shm rw,size=65536k,inode64",
        f"{m + 8} {m} 259:2 /var/lib/docker/containers/{cid}/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/nvme0n1p2 rw,errors=remount-ro",
        f"{m + 9} {m} 259:2 /var/lib/docker/containers/{cid}/hostname /etc/hostname rw,relatime - ext4 /dev/nvme0n1p2 rw,errors=remount-ro",
        f"{m + 10} {m} 259:2 /var/lib/docker/containers/{cid}/hosts /etc/hosts rw,relatime - ext4 /dev/nvme0n1p2 rw,errors=remount-ro",
        f"{m + 11} {m} 259:2 /var/lib/docker/volumes/xcally-licensing/_data /var/lib/xcally-licensing rw,relatime master:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro",
    ]) + "\n"

    # sysfs in a container shows the host's block devices (but not its udev database, which lives in the host's /run).
    block(f, "nvme0n1", "259:0")
    block(f, "nvme0n1p1", "259:1", partition=1)
    block(f, "nvme0n1p2", "259:2", partition=2)
    f["sys/class/block/nvme0n1/device/serial"] = padded(METAL["nvme_serial"], 20) + "\n"
    f["sys/class/block/nvme0n1/device/model"] = padded(NVME_MODEL, 40) + "\n"

    loopback(f)
    nic(f, "eth0", mac(address), physical=False, assign=1, ifindex=31)
    f["proc/net/route"] = route([
        ("eth0", "0.0.0.0", ip("172.17.0.1"), "0.0.0.0", 0),
        ("eth0", "172.17.0.0", "0.0.0.0", "255.255.0.0", 0),
    ])
    f["proc/net/fib_trie"] = fib_trie([(ip(ipv4), 16)])
    f["proc/net/if_inet6"] = ""  # Docker disables IPv6 in containers unless asked: the kernel lists nothing
    return f


# --------------------------------------------------------------------------------------------------
# The cases: name -> (files, base case or None, description, expected files differing from the base)
# --------------------------------------------------------------------------------------------------
DOCKER_A = ("3e9b7d1f5a2c4e6b8d0f1a3c5e7b9d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3f", "a71c3e5b9d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3f5b7d9a2c4e6f8b0d1a3c")
DOCKER_B = ("5d2a8c4e6f1b3d7a9c0e2f4b6d8a1c3e5f7b9d0a2c4e6f8b1d3a5c7e9f0b2d4a",)
CID_A = "3f2a9c1b7d4e8a6f0c2e4b6d8f1a3c5e7b9d0f2a4c6e8b1d3f5a7c9e0b2d4f6a"
CID_B = "9d8c7b6a5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b"

BASE = metal()

CASES = [
    ("metal-base", BASE, None,
     "Dell PowerEdge R650 bare metal: machine-id, SMBIOS UUID and serials, NVMe root disk (nvme0n1p2, ext4), physical "
     "NICs eno1 (192.0.2.10/24, 2001:db8::10, link-local, temporary 2001:db8::a1b2:c3d4) and eno2 (no address), lo, "
     "8 logical CPUs, 16 GiB.",
     None),
    ("metal-unchanged-again", metal(mhz=METAL_MHZ_AGAIN, temp6=ip("2001:db8::5d6e:7f80"), if6_order=[3, 2, 1, 0],
                                    mem=dict(METAL_MEM, free=8123456, available=13512908, cached=4425120)), "metal-base",
     "the same server read again: other cpu MHz values, other MemFree/MemAvailable/Cached, the temporary IPv6 rotated "
     "to 2001:db8::5d6e:7f80, if_inet6 lines in another order.",
     {"proc/cpuinfo", "proc/meminfo", "proc/net/if_inet6"}),
    ("metal-nic-replaced", metal(eno2=mac("00:1b:21:cc:dd:02")), "metal-base",
     "eno2 replaced by a new card: MAC 00:1b:21:cc:dd:02.",
     {"sys/class/net/eno2"}),
    ("metal-ip-changed", metal(ipv4=ip("192.0.2.77"), ipv6=ip("2001:db8::77")), "metal-base",
     "eno1 renumbered to 192.0.2.77 (same /24, same routes) and 2001:db8::77.",
     {"proc/net/fib_trie", "proc/net/if_inet6"}),
    ("metal-hostname-changed", metal(hostname=raw("hostname", "pbx-rome-02")), "metal-base",
     "host name pbx-rome-02.",
     {"etc/hostname", "proc/sys/kernel/hostname"}),
    ("metal-disk-replaced", metal(nvme_serial=raw("serial", "S4EWNX0R999999"),
                                  nvme_wwn=raw("serial", "eui.36344730529999990025384500000001"),
                                  root_fs_uuid=raw("FS UUID", "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"),
                                  efi_fs_uuid=raw("FS UUID", "9B8C-7D6E"),
                                  ptable_uuid=raw("partition UUID", "1a2b3c4d-5e6f-4a7b-8c9d-aebfc0d1e2f3"),
                                  efi_partuuid=raw("partition UUID", "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"),
                                  root_partuuid=raw("partition UUID", "3c4d5e6f-7a8b-4c9d-ae0f-2a3b4c5d6e7f")), "metal-base",
     "restored onto a new NVMe disk: serial S4EWNX0R999999, new filesystem UUIDs and partition table.",
     {"sys/class/block/nvme0n1/device/serial", "run/udev/data/b259:0", "run/udev/data/b259:1", "run/udev/data/b259:2"}),
    ("metal-memory-upgraded", metal(mem=dict(METAL_MEM, total=32698216, free=26325900, available=30403668)), "metal-base",
     "memory upgraded to 32 GiB: MemTotal 32698216 kB (MemFree, MemAvailable, CommitLimit follow).",
     {"proc/meminfo"}),
    ("metal-kernel-upgraded", metal(mem=dict(METAL_MEM, total=16044060),
                                    cpu=dict(METAL_CPU, flags=XEON_FLAGS_NEW_KERNEL, bugs=XEON_BUGS_NEW_KERNEL,
                                             microcode="0xd0003e7")), "metal-base",
     "after a kernel upgrade: MemTotal 16044060 kB (200 MiB less), flags lose tme/pconfig and gain "
     "tsc_known_freq/bus_lock_detect, bugs gain gds retbleed, microcode 0xd0003e7; interface names unchanged.",
     {"proc/cpuinfo", "proc/meminfo"}),
    ("metal-docker-churn", with_docker(BASE, mac("02:42:5e:8a:3c:11"), mac("02:42:7e:11:22:33"),
                                       [("veth1a2b3c", mac("6a:1f:2e:3d:4c:5b"), 7), ("veth9f8e7d", mac("7e:2a:3b:4c:5d:6e"), 9)],
                                       DOCKER_A), "metal-base",
     "metal-base running Docker: docker0 (02:42:5e:8a:3c:11, 172.17.0.1/16), bridge br-5f3c2a1b (172.18.0.1/16), "
     "veth1a2b3c and veth9f8e7d (random MACs), all without a device entry; two overlay mounts and netns mounts.",
     {"sys/class/net/docker0", "sys/class/net/br-5f3c2a1b", "sys/class/net/veth1a2b3c", "sys/class/net/veth9f8e7d",
      "proc/net/route", "proc/net/fib_trie", "proc/net/if_inet6", "proc/self/mountinfo"}),
    ("metal-docker-churn-2", with_docker(BASE, mac("02:42:91:82:73:64"), "02:42:7e:11:22:33",
                                         [("veth4c5d6e", mac("8e:9d:ac:bd:ce:df"), 11), ("veth0b7a6f", mac("d2:61:4a:0b:9c:38"), 13)],
                                         DOCKER_B), "metal-docker-churn",
     "metal-docker-churn after Docker restarted: docker0 MAC 02:42:91:82:73:64, veth4c5d6e and veth0b7a6f instead "
     "of veth1a2b3c and veth9f8e7d, one container (other overlay/netns mounts).",
     {"sys/class/net/docker0", "sys/class/net/veth1a2b3c", "sys/class/net/veth9f8e7d", "sys/class/net/veth4c5d6e",
      "sys/class/net/veth0b7a6f", "proc/net/if_inet6", "proc/self/mountinfo"}),
    ("metal-bonded", bonded(), "metal-base",
     "eno1+eno2 enslaved to bond0 (active-backup): both show MAC 00:1b:21:aa:bb:01, perm_hwaddr and proc/net/bonding/bond0 "
     "keep 00:1b:21:aa:bb:01/02 (same card set as metal-base); bond0 (no device) holds 192.0.2.10 and 2001:db8::10.",
     {"sys/class/net/eno1", "sys/class/net/eno2", "sys/class/net/bond0", "proc/net/bonding/bond0", "proc/net/route",
      "proc/net/if_inet6"}),
    ("metal-machine-id-missing", without(BASE, "etc/machine-id"), "metal-base",
     "no etc/machine-id (the metal trees have no var/lib/dbus/machine-id either).",
     {"etc/machine-id"}),
    ("metal-no-identity", without(BASE, "etc/machine-id", "sys/class/dmi/id/product_uuid",
                                  "sys/class/dmi/id/product_serial", "sys/class/dmi/id/board_serial"), "metal-base",
     "no machine-id, no product_uuid, product_serial or board_serial (vendor and product names remain).",
     {"etc/machine-id", "sys/class/dmi/id/product_uuid", "sys/class/dmi/id/product_serial",
      "sys/class/dmi/id/board_serial"}),
    ("vm-base", vm(), None,
     "VMware VM: machine-id (also in var/lib/dbus/machine-id), product_uuid, SCSI disk sda with xfs on LVM root (dm-0 = "
     "vg0-root 253:0 on sda3 8:3; dm-1 = vg0-home), disk serial only in udev (ID_SERIAL_SHORT on sda/sda1-3), NIC ens192 (vmxnet3, 00:50:56:9a:1b:2c, "
     "198.51.100.20/24), 4 vCPUs with the hypervisor flag, 8 GiB (MemTotal 8131212 kB).",
     None),
    ("vm-cloned", vm(product_uuid=raw("product_uuid", "564DF1E2-D3C4-B5A6-9788-796A5B4C3D2E"),
                     disk_serial=raw("serial", "6000c29f9e8d7c6b5a49382716051423"),
                     nic=mac("00:50:56:9a:7f:7e"), ipv4=ip("198.51.100.21")), "vm-base",
     "VMware 'I copied it' clone: same machine-id, hostname and filesystem/LVM/partition UUIDs (block copy); new "
     "product_uuid and product_serial, disk serial 6000c29f9e8d7c6b5a49382716051423, MAC 00:50:56:9a:7f:7e, 198.51.100.21.",
     {"sys/class/dmi/id/product_uuid", "sys/class/dmi/id/product_serial", "run/udev/data/b8:0", "run/udev/data/b8:1",
      "run/udev/data/b8:2", "run/udev/data/b8:3", "sys/class/net/ens192", "proc/net/fib_trie", "proc/net/if_inet6"}),
    ("vm-disk-no-serial", vm(disk_serial=None), "vm-base",
     "VMware without disk.EnableUUID: the udev records of sda and its partitions have no ID_SERIAL, ID_SERIAL_SHORT or "
     "ID_WWN (and no by-id links).",
     {"run/udev/data/b8:0", "run/udev/data/b8:1", "run/udev/data/b8:2", "run/udev/data/b8:3"}),
    ("container-a", container(CID_A, "02:42:ac:11:00:02", "172.17.0.2", 52, 812,
                              ["2401.000", "2394.375", "800.000", "2400.000", "3400.000", "2399.871", "800.000", "2398.004"],
                              7345120), None,
     "Docker container on the metal host: /.dockerenv, docker cgroup, overlay root (0:52), no machine-id, persisted "
     "installation key, hostname 3f2a9c1b7d4e, eth0 = veth (no device, 02:42:ac:11:00:02, addr_assign_type 1) with "
     "172.17.0.2/16, no IPv6, host's CPUs (8) and memory (16 GiB), SMBIOS vendor/product only, host block devices "
     "visible in sysfs but no udev database.",
     None),
    ("container-b", container(CID_B, "02:42:ac:11:00:03", "172.17.0.3", 61, 1377,
                              ["800.000", "2400.000", "2394.375", "3400.000", "800.000", "2401.122", "2395.660", "800.000"],
                              6998872), "container-a",
     "container-a after a restart (same volume): same installation key, hostname 9d8c7b6a5e4f, MAC 02:42:ac:11:00:03, "
     "172.17.0.3, other cgroup path, other overlay (0:61) and mount ids, other cpu MHz and free memory.",
     {"etc/hostname", "proc/sys/kernel/hostname", "proc/1/cgroup", "proc/self/mountinfo", "sys/class/net/eth0",
      "proc/net/fib_trie", "proc/cpuinfo", "proc/meminfo"}),
]

# --------------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------------
COMMON = ["etc/hostname", "proc/sys/kernel/hostname", "proc/cpuinfo", "sys/devices/system/cpu/present", "proc/meminfo",
          "proc/self/mountinfo", "proc/1/cgroup", "proc/net/route", "proc/net/fib_trie", "proc/net/if_inet6",
          "sys/class/dmi/id/sys_vendor", "sys/class/dmi/id/product_name", "sys/class/net/lo/type",
          "sys/class/net/lo/address", "sys/class/net/lo/addr_assign_type"]
DMI_IDS = ["sys/class/dmi/id/product_uuid", "sys/class/dmi/id/product_serial", "sys/class/dmi/id/board_serial",
           "sys/class/dmi/id/board_vendor", "sys/class/dmi/id/board_name"]
MACHINE_ID = ["etc/machine-id", "var/lib/dbus/machine-id"]
NIC = lambda n, physical=True: [f"sys/class/net/{n}/{x}" for x in ("type", "address", "addr_assign_type")] + (
    [f"sys/class/net/{n}/device/.keep"] if physical else [])
METAL_DISK = ["sys/class/block/nvme0n1/dev", "sys/class/block/nvme0n1p1/dev", "sys/class/block/nvme0n1p2/dev",
              "sys/class/block/nvme0n1p1/partition", "sys/class/block/nvme0n1p2/partition",
              "sys/class/block/nvme0n1/device/serial", "run/udev/data/b259:0", "run/udev/data/b259:1", "run/udev/data/b259:2"]
VM_DISK = ["sys/class/block/sda/dev", "sys/class/block/sda3/dev", "sys/class/block/sda3/partition",
           "sys/class/block/dm-0/dev", "sys/class/block/dm-0/slaves/sda3/.keep", "run/udev/data/b253:0", "run/udev/data/b8:3"]


def required(name):
    if name.startswith("container"):
        return COMMON + NIC("eth0", False) + [".dockerenv", "var/lib/xcally-licensing/installation-key"]
    if name.startswith("vm"):
        return COMMON + MACHINE_ID + DMI_IDS + VM_DISK + NIC("ens192")
    req = COMMON + ["etc/machine-id"] + DMI_IDS + METAL_DISK + NIC("eno1") + NIC("eno2")
    if name == "metal-machine-id-missing":
        req = [r for r in req if r != "etc/machine-id"]
    if name == "metal-no-identity":
        req = [r for r in req if r not in ["etc/machine-id"] + DMI_IDS[:3]]
    if name.startswith("metal-docker"):
        req += NIC("docker0", False) + NIC("br-5f3c2a1b", False)
    if name == "metal-bonded":
        req += NIC("bond0", False) + ["proc/net/bonding/bond0", "sys/class/net/eno1/bonding_slave/perm_hwaddr",
                                      "sys/class/net/eno2/bonding_slave/perm_hwaddr"]
    return req


def changed(a, b):
    """Paths that differ between two trees, with sys/class/net/<if>/... collapsed to sys/class/net/<if>."""
    out = set()
    for path in set(a) | set(b):
        if a.get(path) != b.get(path):
            parts = path.split("/")
            out.add("/".join(parts[:4]) if path.startswith("sys/class/net/") else path)
    return out


def check(cases):
    problems = []
    by_name = {name: files for name, files, *_ in cases}
    for name, files, base, _, expected in cases:
        for path in required(name):
            if path not in files:
                problems.append(f"{name}: missing {path}")
        if name.startswith("container") or name in ("metal-machine-id-missing", "metal-no-identity"):
            if "etc/machine-id" in files or "var/lib/dbus/machine-id" in files:
                problems.append(f"{name}: has a machine-id")
        for path, text in files.items():
            if text and not text.endswith("\n"):
                problems.append(f"{name}: {path} does not end with a newline")
            if not text and not (path.endswith("/.keep") or path in (".dockerenv", "proc/net/if_inet6")):
                problems.append(f"{name}: {path} is empty")
            if ".keep" in path.split("/")[:-1]:
                problems.append(f"{name}: {path} is below a .keep")
        if base is not None:
            diff = changed(by_name[base], files)
            if diff != expected:
                problems.append(f"{name}: differs from {base} in {sorted(diff)}, expected {sorted(expected)}")
    # Physical and virtual interfaces: a device entry exactly for the physical ones.
    for name, files, *_ in cases:
        for path in files:
            if path.startswith("sys/class/net/") and path.endswith("/type"):
                iface = path.split("/")[3]
                has_device = f"sys/class/net/{iface}/device/.keep" in files
                physical = iface.startswith(("eno", "ens"))
                if has_device != physical:
                    problems.append(f"{name}: {iface} device entry {has_device}, physical {physical}")
    # Every recorded raw value appears in some tree (IPv6 addresses in their if_inet6 form).
    everything = "".join(text for _, files, *_ in cases for text in files.values())
    for kind, value in RAW:
        forms = [value, value.replace(":", "")] if kind == "MAC" else [value]
        if kind == "IP address" and ":" in value:
            forms.append(ipaddress.IPv6Address(value).exploded.replace(":", ""))
        elif kind == "IP address":
            forms.append(le_hex(value))  # a gateway appears only in proc/net/route
        if not any(form in everything for form in forms):
            problems.append(f"raw value {value} ({kind}) appears in no tree")
    return problems


# --------------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------------
def write_file(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        out.write(text.encode("utf-8"))
    os.chmod(path, 0o644)  # every user may read it, as the reader requires


def raw_lines():
    lines = []
    for kind, value in RAW:
        candidates = [value]
        if kind == "MAC":
            candidates.append(value.replace(":", ""))
        for v in candidates:
            if v not in lines:
                lines.append(v)
    return lines


def readme():
    out = ["# Server fixture trees for the installation-token tests", "",
           "Each folder mimics the root of a Linux server and holds only the files the token reader looks at "
           "(paths relative to the folder, e.g. `etc/machine-id`). Generated by `generate.py` (standard library, "
           "deterministic): edit it and run `python3 generate.py`; never edit the trees by hand.", "",
           "Git keeps neither empty folders nor symlinks, so entries the reader only tests for existence are written as:",
           "",
           "* a folder holding an empty `.keep` file, where the real entry is a folder or a symlink to one: "
           "`sys/class/net/<if>/device` (physical NICs only), `sys/class/net/<if>/wireless` (Wi-Fi only; no case has one), "
           "`sys/class/block/<dm>/slaves/<child>`;",
           "* a regular file, where the real entry is one: `.dockerenv` (empty), `sys/class/block/<part>/partition` "
           "(the partition number).",
           "",
           "All files are mode 0644 (the reader ignores files other users cannot read) and text files end with `\\n`. "
           "`proc/net/route` lines are padded to 127 characters as the kernel pads them; `proc/net/if_inet6` is empty in "
           "the containers (Docker disables IPv6 there). `product_uuid` is upper case here; the kernel prints it in "
           "lower case.",
           "",
           "## Cases", "",
           "One line per case: what it is, and what differs from its base (the files that differ are checked by "
           "`generate.py`; `sys/class/net/<if>` stands for any file in that folder).", ""]
    for name, _, base, description, expected in CASES:
        if base is None:
            out.append(f"* `{name}`: {description}")
        else:
            out.append(f"* `{name}` (base `{base}`): {description} Files differing: "
                       + ", ".join(f"`{p}`" for p in sorted(expected)) + ".")
    out += ["", "## Raw identifying values", "",
            "Every identifying value in the trees, also in `raw-values.txt` (one per line; MACs in both `aa:bb:..` and "
            "`aabb..` forms) so a privacy test can check that no token, explanation or JSON output contains any of them. "
            "In the trees, IPv6 addresses also appear in their if_inet6 32-hex form, and gateways only in the "
            "little-endian hex of proc/net/route.", ""]
    kinds = []
    for kind, _ in RAW:
        if kind not in kinds:
            kinds.append(kind)
    for kind in kinds:
        values = [v for k, v in RAW if k == kind]
        if kind == "MAC":
            values = [f"{v} / {v.replace(':', '')}" for v in values]
        out.append(f"* {kind}: " + ", ".join(f"`{v}`" for v in values))
    return "\n".join(out) + "\n"


def main():
    problems = check(CASES)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    for name, files, *_ in CASES:
        root = os.path.join(HERE, name)
        shutil.rmtree(root, ignore_errors=True)
        for rel, text in sorted(files.items()):
            write_file(os.path.join(root, rel), text)
        for folder, dirs, _ in os.walk(root):
            os.chmod(folder, 0o755)
    write_file(os.path.join(HERE, "raw-values.txt"), "\n".join(raw_lines()) + "\n")
    write_file(os.path.join(HERE, "README.md"), readme())
    print(f"wrote {len(CASES)} cases, {sum(len(f) for _, f, *_ in CASES)} files, {len(raw_lines())} raw values")


if __name__ == "__main__":
    main()
