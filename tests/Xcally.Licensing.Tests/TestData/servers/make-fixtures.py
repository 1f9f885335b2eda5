#!/usr/bin/env python3
"""Writes the fixture trees the installation-token tests read: each folder mimics the root of a Linux
server (only the files the token reader looks at). Deterministic; re-run after editing:
    python3 make-fixtures.py
Entries the reader only tests for existence (a NIC's `device`, a partition's `partition`, `slaves/x`,
`/.dockerenv`) are small regular files, because git keeps neither empty folders nor symlinks."""
import copy, os, shutil

HERE = os.path.dirname(os.path.abspath(__file__))

FLAGS = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss "
         "ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc "
         "cpuid aperfmperf pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid dca sse4_1 "
         "sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb "
         "cat_l3 invpcid_single ssbd mba ibrs ibpb stibp ibrs_enhanced tpr_shadow flexpriority ept vpid ept_ad fsgsbase")
BUGS = "spectre_v1 spectre_v2 spec_store_bypass swapgs"

def cpuinfo(count, model_name, family="6", model="106", stepping="6", microcode="0xd000389", flags=FLAGS, bugs=BUGS, mhz_base=2394.375):
    blocks = []
    for i in range(count):
        blocks.append("\n".join([
            f"processor\t: {i}", "vendor_id\t: GenuineIntel", f"cpu family\t: {family}", f"model\t\t: {model}",
            f"model name\t: {model_name}", f"stepping\t: {stepping}", f"microcode\t: {microcode}",
            f"cpu MHz\t\t: {mhz_base + i * 0.125:.3f}", "cache size\t: 24576 KB", f"physical id\t: 0", f"siblings\t: {count}",
            f"core id\t\t: {i}", f"cpu cores\t: {count}", f"apicid\t\t: {i}", "fpu\t\t: yes", "fpu_exception\t: yes",
            "cpuid level\t: 27", "wp\t\t: yes", f"flags\t\t: {flags}", f"bugs\t\t: {bugs}", "bogomips\t: 4800.00",
            "clflush size\t: 64", "cache_alignment\t: 64", "address sizes\t: 46 bits physical, 57 bits virtual", "power management:", ""]))
    return "\n".join(blocks) + "\n"

def meminfo(total_kb, free_kb):
    return (f"MemTotal:       {total_kb} kB\nMemFree:        {free_kb} kB\nMemAvailable:   {free_kb + 2000000} kB\n"
            f"Buffers:          204812 kB\nCached:         {free_kb // 3} kB\nSwapCached:            0 kB\n")

def hexle(ip):
    a = [int(x) for x in ip.split(".")]
    return "%02X%02X%02X%02X" % (a[3], a[2], a[1], a[0])

def route(rows):
    out = ["Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT                                                       "]
    for iface, dest, gw, mask in rows:
        flags = "0003" if gw != "0.0.0.0" else "0001"
        out.append(f"{iface}\t{hexle(dest)}\t{hexle(gw)}\t{flags}\t0\t0\t0\t{hexle(mask)}\t0\t0\t0                                                                               ")
    return "\n".join(out) + "\n"

def fib_trie(addresses):
    """addresses: list of (ip, prefix) of local IPv4 addresses besides loopback."""
    lines = ["  +-- 0.0.0.0/0 3 0 5", "     |-- 0.0.0.0", "        /0 universe UNICAST",
             "     +-- 127.0.0.0/8 2 0 2", "        +-- 127.0.0.0/31 1 0 0", "           |-- 127.0.0.0", "              /8 host LOCAL",
             "           |-- 127.0.0.1", "              /32 host LOCAL", "        |-- 127.255.255.255", "           /32 link BROADCAST"]
    for ip, prefix in addresses:
        a = [int(x) for x in ip.split(".")]
        n = (a[0] << 24 | a[1] << 16 | a[2] << 8 | a[3]) & (0xFFFFFFFF << (32 - prefix)) & 0xFFFFFFFF
        net = ".".join(str((n >> s) & 255) for s in (24, 16, 8, 0))
        b = n | (0xFFFFFFFF >> prefix)
        bcast = ".".join(str((b >> s) & 255) for s in (24, 16, 8, 0))
        lines += [f"     +-- {net}/{prefix} 2 0 2", f"        +-- {net}/30 2 0 2", f"           |-- {net}", f"              /{prefix} link UNICAST",
                  f"           |-- {ip}", "              /32 host LOCAL", f"        |-- {bcast}", "           /32 link BROADCAST"]
    body = "\n".join(lines)
    return f"Main:\n{body}\nLocal:\n{body}\n"

def if_inet6(rows):
    """rows: (hex32, ifindex, prefix, scope, flags, name)"""
    return "".join(f"{a} {i:02x} {p:02x} {s:02x} {f:02x} {n:>8}\n" for a, i, p, s, f, n in rows)

def v6(text):
    import ipaddress
    return ipaddress.IPv6Address(text).exploded.replace(":", "")

def nic(files, name, mac, physical=True, assign="0", typ="1", perm=None, wireless=False):
    base = f"sys/class/net/{name}/"
    files[base + "address"] = mac + "\n"
    files[base + "addr_assign_type"] = assign + "\n"
    files[base + "type"] = typ + "\n"
    if physical:
        files[base + "device"] = "physical device (a symlink on a real system)\n"
    if perm:
        files[base + "bonding_slave/perm_hwaddr"] = perm + "\n"
    if wireless:
        files[base + "wireless"] = "wireless (a folder on a real system)\n"

def block(files, name, dev, partition=None, slaves=()):
    files[f"sys/class/block/{name}/dev"] = dev + "\n"
    if partition is not None:
        files[f"sys/class/block/{name}/partition"] = f"{partition}\n"
    for s in slaves:
        files[f"sys/class/block/{name}/slaves/{s}"] = "slave (a symlink on a real system)\n"

def mountinfo(root_dev, root_src, root_fs):
    return (f"22 29 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
            f"23 29 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
            f"25 29 0:25 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=1631052k,mode=755\n"
            f"29 1 {root_dev} / / rw,relatime shared:1 - {root_fs} {root_src} rw,errors=remount-ro\n"
            f"31 29 {root_dev.split(':')[0]}:1 / /boot rw,relatime shared:30 - ext4 /dev/boot1 rw\n")

# ---------------------------------------------------------------------------------------------- metal
METAL_MID = "8f2c4e6a1b3d4f5a9c7e2b1d0a3f5e7c"
METAL_UUID = "4C4C4544-0042-3510-8058-B4C04F4D3732"
METAL_FS = "0f3a9c2e-5b7d-4e1a-9c3b-2d8e6f4a1b7c"
METAL_NVME = "S4EWNX0R123456"
ENO1, ENO2 = "00:1b:21:aa:bb:01", "00:1b:21:aa:bb:02"
HOST = "pbx-rome-01"

def metal(ip4="192.0.2.10", ip6="2001:db8::10", temp6="2001:db8::a1b2:c3d4", host=HOST, eno2=ENO2, nvme=METAL_NVME, fs=METAL_FS,
          mem=16248860, free=9876543, mhz=2394.375, flags=FLAGS, bugs=BUGS, microcode="0xd000389"):
    f = {}
    f["etc/machine-id"] = METAL_MID + "\n"
    f["etc/hostname"] = host + "\n"
    f["proc/sys/kernel/hostname"] = host + "\n"
    dmi = "sys/class/dmi/id/"
    f[dmi + "product_uuid"] = METAL_UUID + "\n"
    f[dmi + "product_serial"] = "7XQ2B53\n"
    f[dmi + "board_serial"] = "..CN7792612B0042.\n"
    f[dmi + "sys_vendor"] = "Dell Inc.\n"
    f[dmi + "product_name"] = "PowerEdge R650\n"
    f[dmi + "board_vendor"] = "Dell Inc.\n"
    f[dmi + "board_name"] = "0Y2K8N\n"
    f["proc/cpuinfo"] = cpuinfo(8, "Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz", mhz_base=mhz, flags=flags, bugs=bugs, microcode=microcode)
    f["sys/devices/system/cpu/present"] = "0-7\n"
    f["proc/meminfo"] = meminfo(mem, free)
    f["proc/self/mountinfo"] = mountinfo("259:2", "/dev/nvme0n1p2", "ext4")
    block(f, "nvme0n1", "259:0")
    block(f, "nvme0n1p1", "259:1", partition=1)
    block(f, "nvme0n1p2", "259:2", partition=2)
    f["sys/class/block/nvme0n1/device/serial"] = f"{nvme}      \n"
    f["run/udev/data/b259:2"] = (f"S:disk/by-uuid/{fs}\nE:ID_FS_UUID={fs}\nE:ID_FS_TYPE=ext4\n"
                                 f"E:ID_SERIAL=SAMSUNG MZQL2960HCJR-00A07_{nvme}\nE:ID_SERIAL_SHORT={nvme}\n")
    f["run/udev/data/b259:1"] = f"E:ID_FS_UUID=6A1E-2B3C\nE:ID_FS_TYPE=vfat\nE:ID_SERIAL_SHORT={nvme}\n"
    nic(f, "lo", "00:00:00:00:00:00", physical=False, typ="772")
    nic(f, "eno1", ENO1)
    nic(f, "eno2", eno2)
    f["proc/net/route"] = route([("eno1", "0.0.0.0", "192.0.2.1", "0.0.0.0"), ("eno1", "192.0.2.0", "0.0.0.0", "255.255.255.0")])
    f["proc/net/fib_trie"] = fib_trie([(ip4, 24)])
    f["proc/net/if_inet6"] = if_inet6([
        (v6("::1"), 1, 128, 0x10, 0x80, "lo"),
        (v6(ip6), 2, 64, 0x00, 0x80, "eno1"),
        (v6(temp6), 2, 64, 0x00, 0x01, "eno1"),
        (v6("fe80::21b:21ff:feaa:bb01"), 2, 64, 0x20, 0x80, "eno1"),
        (v6("fe80::21b:21ff:feaa:bb02"), 3, 64, 0x20, 0x80, "eno2")])
    f["proc/1/cgroup"] = "0::/init.scope\n"
    return f

def docker(f, docker_mac, veths):
    nic(f, "docker0", docker_mac, physical=False, assign="3")
    for name, mac in veths:
        nic(f, name, mac, physical=False, assign="1")
    nic(f, "br-5f3c2a1b", "02:42:7e:11:22:33", physical=False, assign="3")
    f["proc/net/route"] = route([("eno1", "0.0.0.0", "192.0.2.1", "0.0.0.0"), ("docker0", "172.17.0.0", "0.0.0.0", "255.255.0.0"),
                                 ("eno1", "192.0.2.0", "0.0.0.0", "255.255.255.0")])
    f["proc/net/fib_trie"] = fib_trie([("172.17.0.1", 16), ("192.0.2.10", 24)])
    return f

def bonded():
    f = metal()
    nic(f, "eno1", ENO1, perm=ENO1, assign="0")
    nic(f, "eno2", ENO1, perm=ENO2, assign="3")
    nic(f, "bond0", ENO1, physical=False, assign="3")
    f["sys/class/net/bond0/bonding/mode"] = "active-backup 1\n"
    f["proc/net/bonding/bond0"] = ("Ethernet Channel Bonding Driver: v5.15.0\n\nBonding Mode: fault-tolerance (active-backup)\n"
        "Primary Slave: None\nCurrently Active Slave: eno1\nMII Status: up\n\n"
        f"Slave Interface: eno1\nMII Status: up\nSpeed: 10000 Mbps\nDuplex: full\nLink Failure Count: 0\nPermanent HW addr: {ENO1}\nSlave queue ID: 0\n\n"
        f"Slave Interface: eno2\nMII Status: up\nSpeed: 10000 Mbps\nDuplex: full\nLink Failure Count: 0\nPermanent HW addr: {ENO2}\nSlave queue ID: 0\n")
    f["proc/net/route"] = route([("bond0", "0.0.0.0", "192.0.2.1", "0.0.0.0"), ("bond0", "192.0.2.0", "0.0.0.0", "255.255.255.0")])
    f["proc/net/if_inet6"] = if_inet6([
        (v6("::1"), 1, 128, 0x10, 0x80, "lo"),
        (v6("2001:db8::10"), 4, 64, 0x00, 0x80, "bond0"),
        (v6("fe80::21b:21ff:feaa:bb01"), 4, 64, 0x20, 0x80, "bond0")])
    return f

# ------------------------------------------------------------------------------------------------- vm
VM_MID = "3b7e9d1c5a2f4e6b8d0c1a3e5f7b9d2c"
VM_FS = "7d2e4f6a-8b1c-4d3e-9f5a-1b2c3d4e5f6a"

def vm(mid=VM_MID, uuid="564D8A2B-1C3E-4F5A-9B7D-2E4F6A8C1B3D", serial="6000c29a1b2c3d4e5f60718293a4b5c6", mac="00:50:56:9a:1b:2c",
       ip="198.51.100.20", host="pbx-milan-vm"):
    f = {}
    f["etc/machine-id"] = mid + "\n"
    f["etc/hostname"] = host + "\n"
    f["proc/sys/kernel/hostname"] = host + "\n"
    dmi = "sys/class/dmi/id/"
    f[dmi + "product_uuid"] = uuid + "\n"
    f[dmi + "product_serial"] = "VMware-56 4d 8a 2b 1c 3e 4f 5a-9b 7d 2e 4f 6a 8c 1b 3d\n"
    f[dmi + "board_serial"] = "None\n"
    f[dmi + "sys_vendor"] = "VMware, Inc.\n"
    f[dmi + "product_name"] = "VMware Virtual Platform\n"
    f[dmi + "board_vendor"] = "Intel Corporation\n"
    f[dmi + "board_name"] = "440BX Desktop Reference Platform\n"
    f["proc/cpuinfo"] = cpuinfo(4, "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz", flags=FLAGS + " hypervisor", mhz_base=1995.312)
    f["sys/devices/system/cpu/present"] = "0-3\n"
    f["proc/meminfo"] = meminfo(8131212, 4123456)
    f["proc/self/mountinfo"] = mountinfo("253:0", "/dev/mapper/vg0-root", "xfs")
    block(f, "sda", "8:0")
    block(f, "sda1", "8:1", partition=1)
    block(f, "sda2", "8:2", partition=2)
    block(f, "sda3", "8:3", partition=3)
    block(f, "dm-0", "253:0", slaves=["sda3"])
    f["run/udev/data/b253:0"] = f"E:ID_FS_UUID={VM_FS}\nE:ID_FS_TYPE=xfs\nE:DM_NAME=vg0-root\nE:DM_UUID=LVM-abc\n"
    f["run/udev/data/b8:3"] = ("E:ID_FS_TYPE=LVM2_member\n" +
                               (f"E:ID_SERIAL=36000c29{serial[8:]}\nE:ID_SERIAL_SHORT={serial}\n" if serial else ""))
    nic(f, "lo", "00:00:00:00:00:00", physical=False, typ="772")
    nic(f, "ens192", mac)
    f["proc/net/route"] = route([("ens192", "0.0.0.0", "198.51.100.1", "0.0.0.0"), ("ens192", "198.51.100.0", "0.0.0.0", "255.255.255.0")])
    f["proc/net/fib_trie"] = fib_trie([(ip, 24)])
    f["proc/net/if_inet6"] = if_inet6([(v6("::1"), 1, 128, 0x10, 0x80, "lo"), (v6("fe80::250:56ff:fe9a:1b2c"), 2, 64, 0x20, 0x80, "ens192")])
    f["proc/1/cgroup"] = "0::/init.scope\n"
    return f

# ------------------------------------------------------------------------------------------ container
INSTALL_KEY = "5f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"

def container(host, mac, ip, cgroup_id, overlay):
    f = {}
    f[".dockerenv"] = ""
    f["etc/hostname"] = host + "\n"
    f["proc/sys/kernel/hostname"] = host + "\n"
    f["var/lib/xcally-licensing/installation-key"] = INSTALL_KEY + "\n"
    f["sys/class/dmi/id/sys_vendor"] = "Dell Inc.\n"
    f["sys/class/dmi/id/product_name"] = "PowerEdge R650\n"
    f["proc/cpuinfo"] = cpuinfo(8, "Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz", mhz_base=2401.0 + len(host))
    f["sys/devices/system/cpu/present"] = "0-7\n"
    f["proc/meminfo"] = meminfo(16248860, 7000000 + len(cgroup_id))
    f["proc/self/mountinfo"] = (f"{overlay} {overlay - 1} 0:{overlay % 97} / / rw,relatime - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/ABC:/var/lib/docker/overlay2/l/DEF,upperdir=/var/lib/docker/overlay2/{cgroup_id}/diff\n"
                                f"{overlay + 1} {overlay} 0:{overlay % 97 + 1} / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n")
    f["proc/1/cgroup"] = f"0::/system.slice/docker-{cgroup_id}.scope\n"
    nic(f, "lo", "00:00:00:00:00:00", physical=False, typ="772")
    nic(f, "eth0", mac, physical=False, assign="1")
    f["proc/net/route"] = route([("eth0", "0.0.0.0", "172.17.0.1", "0.0.0.0"), ("eth0", "172.17.0.0", "0.0.0.0", "255.255.0.0")])
    f["proc/net/fib_trie"] = fib_trie([(ip, 16)])
    f["proc/net/if_inet6"] = if_inet6([(v6("::1"), 1, 128, 0x10, 0x80, "lo")])
    return f

def without(f, *paths):
    f = copy.deepcopy(f)
    for p in paths:
        f.pop(p, None)
    return f

CASES = {
    "metal-base": (metal(), "Dell PowerEdge bare-metal server: NVMe root disk, two physical NICs (eno1 with IPv4, IPv6 and a temporary IPv6), 8 CPUs, 16 GiB."),
    "metal-unchanged-again": (metal(free=8123456, mhz=2800.5, temp6="2001:db8::9f8e:7d6c"), "metal-base sampled again: other CPU MHz and free memory, a rotated temporary IPv6 address."),
    "metal-nic-replaced": (metal(eno2="00:1b:21:cc:dd:02"), "metal-base with eno2 replaced by a new card (new MAC)."),
    "metal-ip-changed": (metal(ip4="192.0.2.77", ip6="2001:db8::77"), "metal-base with eno1 renumbered to 192.0.2.77 and 2001:db8::77."),
    "metal-hostname-changed": (metal(host="pbx-rome-02"), "metal-base renamed to pbx-rome-02."),
    "metal-disk-replaced": (metal(nvme="S4EWNX0R999999", fs="a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"), "metal-base restored onto a new NVMe disk (new serial, new filesystem UUID)."),
    "metal-memory-upgraded": (metal(mem=32698216), "metal-base upgraded from 16 to 32 GiB."),
    "metal-kernel-upgraded": (metal(mem=16044060, flags=FLAGS.replace(" ept_ad", "") + " avx512_vnni md_clear flush_l1d arch_capabilities",
                                    bugs=BUGS + " gds retbleed", microcode="0xd0003b9"),
                              "metal-base after a kernel upgrade: MemTotal 200 MiB lower, CPU flags, bugs and microcode changed."),
    "metal-docker-churn": (docker(metal(), "02:42:5e:aa:bb:cc", [("veth1a2b3c", "6a:1f:2e:3d:4c:5b"), ("veth4d5e6f", "7e:2a:3b:4c:5d:6e")]),
                           "metal-base with Docker: docker0 (172.17.0.1), a bridge and two veth interfaces with random MACs."),
    "metal-docker-churn-2": (docker(metal(), "02:42:91:82:73:64", [("veth9f8e7d", "8e:9d:ac:bd:ce:df")]),
                             "metal-docker-churn after a restart of Docker: new docker0 MAC, other veth interfaces."),
    "metal-bonded": (bonded(), "metal-base with eno1 and eno2 enslaved to bond0 (active-backup): both cards show the bond's MAC, their permanent MACs are unchanged; the addresses moved to bond0."),
    "metal-machine-id-missing": (without(metal(), "etc/machine-id"), "metal-base without /etc/machine-id: keyed by the platform UUID."),
    "metal-no-identity": (without(metal(), "etc/machine-id", "sys/class/dmi/id/product_uuid", "sys/class/dmi/id/product_serial", "sys/class/dmi/id/board_serial"),
                          "metal-base without machine-id, UUID or serials: no token can be computed."),
    "vm-base": (vm(), "VMware VM: LVM root (dm-0 on sda3), one vmxnet3 NIC, 4 vCPUs, 8 GiB."),
    "vm-cloned": (vm(uuid="564DF1E2-D3C4-B5A6-9788-796A5B4C3D2E", serial="6000c29f9e8d7c6b5a49382716051423", mac="00:50:56:9a:7f:7e", ip="198.51.100.21"),
                  "vm-base copied in VMware ('I copied it'): same machine-id and filesystem, new UUID, disk serial, MAC and address."),
    "vm-disk-no-serial": (vm(serial=None), "vm-base without disk.EnableUUID: udev knows no disk serial."),
    "container-a": (container("3f2a9c1b7d4e", "02:42:ac:11:00:02", "172.17.0.2", "3f2a9c1b7d4e8f0a1b2c3d4e5f6a7b8c", 812),
                    "Docker container with a persisted installation key and no machine-id."),
    "container-b": (container("9d8c7b6a5e4f", "02:42:ac:11:00:03", "172.17.0.3", "9d8c7b6a5e4f3a2b1c0d9e8f7a6b5c4d", 1377),
                    "container-a restarted: new hostname, MAC, address, cgroup and overlay."),
}

RAW = [METAL_MID, VM_MID, METAL_UUID, "564D8A2B-1C3E-4F5A-9B7D-2E4F6A8C1B3D", "564DF1E2-D3C4-B5A6-9788-796A5B4C3D2E", "7XQ2B53", "CN7792612B0042",
       METAL_FS, VM_FS, "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", METAL_NVME, "S4EWNX0R999999", "6000c29a1b2c3d4e5f60718293a4b5c6",
       "6000c29f9e8d7c6b5a49382716051423", ENO1, ENO2, "00:1b:21:cc:dd:02", "00:50:56:9a:1b:2c", "00:50:56:9a:7f:7e", "02:42:ac:11:00:02",
       "192.0.2.10", "192.0.2.77", "198.51.100.20", "198.51.100.21", "172.17.0.2", "2001:db8::10", "2001:db8::77",
       HOST, "pbx-rome-02", "pbx-milan-vm", "3f2a9c1b7d4e", "9d8c7b6a5e4f", INSTALL_KEY]

def main():
    for name, (files, _) in CASES.items():
        root = os.path.join(HERE, name)
        shutil.rmtree(root, ignore_errors=True)
        for rel, text in sorted(files.items()):
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", newline="\n") as out:
                out.write(text)
    with open(os.path.join(HERE, "raw-values.txt"), "w", newline="\n") as out:
        for value in RAW:
            out.write(value + "\n")
            if value.count(":") == 5:
                out.write(value.replace(":", "") + "\n")
    with open(os.path.join(HERE, "README.md"), "w", newline="\n") as out:
        out.write("# Server fixture trees for the installation-token tests\n\n"
                  "Each folder mimics the root of a Linux server: only the files the token reader looks at.\n"
                  "Generated by `make-fixtures.py` (edit it and re-run; do not edit the trees by hand).\n"
                  "Entries the reader only tests for existence are small regular files, because git keeps neither\n"
                  "empty folders nor symlinks. `raw-values.txt` lists every identifying value in the trees, for the\n"
                  "privacy tests.\n\n| case | what it is |\n|---|---|\n")
        for name, (_, text) in CASES.items():
            out.write(f"| `{name}` | {text} |\n")

main()
