#!/usr/bin/env python3
"""Writes a libvirt test-driver host with N domains, half of them running, for bench/manager-scale.sh.

Usage: gen-host.py N OUTPUT.xml
Each domain looks like a desktop VM of a lab: 2 vCPUs, 2 GiB, a qcow2 disk, a NIC, QXL + SPICE.
"""
import sys
import uuid
import xml.etree.ElementTree as ET

TEST_NS = "http://libvirt.org/schemas/domain/test/1.0"


def sub(parent, tag, text=None, **attrs):
    e = ET.SubElement(parent, tag, {k.rstrip("_"): str(v) for k, v in attrs.items()})
    if text is not None:
        e.text = str(text)
    return e


def domain(node, i, running):
    d = sub(node, "domain", type="test")
    name = f"lab-vm-{i:05d}"
    sub(d, "name", name)
    sub(d, "uuid", str(uuid.UUID(int=0x5ca1e << 100 | i)))
    sub(d, "title", f"Lab seat {i}")
    sub(d, "memory", 2097152, unit="KiB")
    sub(d, "currentMemory", 2097152, unit="KiB")
    sub(d, "vcpu", 2)
    os_ = sub(d, "os")
    sub(os_, "type", "hvm", arch="x86_64")
    sub(os_, "boot", dev="hd")
    dev = sub(d, "devices")
    disk = sub(dev, "disk", type="file", device="disk")
    sub(disk, "driver", name="qemu", type="qcow2")
    sub(disk, "source", file=f"/var/lib/libvirt/images/{name}.qcow2")
    sub(disk, "target", dev="vda", bus="virtio")
    nic = sub(dev, "interface", type="network")
    sub(nic, "source", network="default")
    sub(nic, "model", type="virtio")
    sub(dev, "graphics", type="spice", autoport="yes", listen="127.0.0.1")
    video = sub(dev, "video")
    sub(video, "model", type="qxl", ram="65536", vram="65536", vgamem="16384", heads="1", primary="yes")
    sub(d, f"{{{TEST_NS}}}runstate", 1 if running else 5)


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    ET.register_namespace("test", TEST_NS)
    node = ET.Element("node")
    cpu = sub(node, "cpu")
    for tag, value in (("nodes", 1), ("sockets", 1), ("cores", 8), ("threads", 2), ("active", 16),
                       ("mhz", 3600), ("model", "x86_64")):
        sub(cpu, tag, value)
    sub(node, "memory", 67108864)
    for i in range(n):
        domain(node, i, running=i % 2 == 0)
    net = sub(node, "network")
    sub(net, "name", "default")
    sub(net, "forward", mode="nat")
    sub(net, "bridge", name="virbr0")
    ip = sub(net, "ip", address="192.168.122.1", netmask="255.255.255.0")
    sub(sub(ip, "dhcp"), "range", start="192.168.122.2", end="192.168.122.254")
    ET.ElementTree(node).write(out, encoding="utf-8", xml_declaration=False)


if __name__ == "__main__":
    main()
