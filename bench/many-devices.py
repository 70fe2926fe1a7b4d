#!/usr/bin/python3
"""Writes a scenario with N Raspberry Pi 4 devices around one edge server, for timing how eesim
scales in the number of devices (the README's "Benchmarks" section has the measurements).

    bench/many-devices.py N [--requests R] [--rate F] [--spread S] [--out FILE]

The devices sit on concentric rings 5-30 m from the server (its access point), as few rings as
hold them about 1.5 m apart, shared among the rings in proportion to their circumference: every
device is within Wi-Fi range, and the layout grows with N without piling devices on one spot. Everything
else is scenarios/stress-50dev.json's: 802.11ax with Minstrel-HT, UDP with float16 features,
segment 0 on each device and the rest on the server, model_flops_scale 100, 2 requests/s per
device from 4 s (--rate F sets the per-device rate: --rate 100/N offers 100 requests/s in all
whatever N), a 200 ms deadline with abandonment, the server's queue capped at 8 tasks.
requests.count is per device (R, 1 by default). The stations' first association requests are
spread over 2 ms per device (wifi.association_spread_s; --spread S sets it, --spread 0 sends
them all at once as ns-3 does by default), so 1,000 devices have associated by about 2.1 s, well
before the first request at 4 s. The model path is absolute, so the file may be written
anywhere (standard output by default).

Time a run with
    bench/many-devices.py 300 --out /tmp/dev300.json
    /usr/bin/time -v build/release/eesim run /tmp/dev300.json --quiet --out /tmp/dev300 --force
"""

import argparse
import json
import math
import os
import sys

INNER_RADIUS_M = 5.0
OUTER_RADIUS_M = 30.0
SPACING_M = 1.5  # between neighbours on a ring, and between rings at most
ASSOCIATION_SECONDS_PER_DEVICE = 0.002  # an association exchange takes about 0.7 ms


def ring_radii(count):
    """Radii of the rings, evenly spaced from INNER to OUTER, as few as hold `count` devices."""
    rings = 1
    while True:
        radii = [INNER_RADIUS_M + (OUTER_RADIUS_M - INNER_RADIUS_M) * k / max(rings - 1, 1)
                 for k in range(rings)]
        if rings == 1:
            radii = [INNER_RADIUS_M]
        capacity = sum(int(2 * math.pi * r / SPACING_M) for r in radii)
        gap = (OUTER_RADIUS_M - INNER_RADIUS_M) / max(rings - 1, 1)
        if capacity >= count or gap < SPACING_M:
            return radii
        rings += 1


def positions(count):
    """`count` points on the rings, each ring's share proportional to its circumference."""
    radii = ring_radii(count)
    total = sum(radii)
    shares = [int(count * r / total) for r in radii]
    for k in range(count - sum(shares)):  # the remainder on the outer rings
        shares[-1 - k % len(shares)] += 1
    points = []
    for ring, (radius, share) in enumerate(zip(radii, shares)):
        offset = ring * 0.37  # turn each ring a little, so rings do not line up in spokes
        for j in range(share):
            angle = offset + 2 * math.pi * j / share
            points.append((round(radius * math.cos(angle), 2), round(radius * math.sin(angle), 2)))
    return points


def scenario(count, requests, rate, spread):
    model = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models",
                         "fmnist-me4.eem")
    width = len(str(count - 1))
    nodes = [{"name": "dev" + str(i).zfill(width), "role": "device",
              "profile": "raspberry-pi-4", "position_m": [x, y, 0]}
             for i, (x, y) in enumerate(positions(count))]
    nodes.append({"name": "server", "role": "server", "profile": "edge-server",
                  "position_m": [0, 0, 0], "queue_limit": 8})
    return {
        "name": "many-devices-" + str(count),
        "seed": 1,
        "model": os.path.normpath(model),
        "model_flops_scale": 100,
        "requests": {"count": requests, "arrival": "poisson", "rate_per_s": rate, "start_s": 4,
                     "deadline_ms": 200, "abandon_after_deadline": True},
        "nodes": nodes,
        "placement": ["source", "server"],
        "wifi": {"standard": "802.11ax", "rate_control": "minstrel-ht",
                 "association_spread_s": spread},
        "transport": {"protocol": "udp", "encoding": "float16"},
        "policies": {"exit": {"name": "none"}, "transmission": {"name": "always-transmit"}},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("devices", type=int, help="number of devices (at least 1)")
    parser.add_argument("--requests", type=int, default=1, help="requests per device")
    parser.add_argument("--rate", type=float, default=2.0,
                        help="requests per second of each device (default 2)")
    parser.add_argument("--spread", type=float,
                        help="wifi.association_spread_s (default: 2 ms per device)")
    parser.add_argument("--out", help="scenario file to write (default: standard output)")
    args = parser.parse_args()
    if args.devices < 1 or args.requests < 1:
        parser.error("devices and requests must be at least 1")
    if args.rate <= 0:
        parser.error("rate must be positive")
    spread = args.spread
    if spread is None:
        spread = round(ASSOCIATION_SECONDS_PER_DEVICE * args.devices, 6)
    if spread < 0:
        parser.error("spread must not be negative")
    text = json.dumps(scenario(args.devices, args.requests, args.rate, spread), indent=1) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
