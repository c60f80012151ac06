#!/usr/bin/env python3
"""The numpy comparison of docs/performance.md: the venue `jelly next`
would choose with the `total` objective (least total straight-line km of
the active participants to an active venue), the textbook way: tomllib
reads every file, numpy computes the haversine distances of every village
with someone to every venue. No cache, no limits, no history.

    python3 benches/brute_force.py /tmp/jelly-national
"""
import sys
import time
import tomllib

import numpy as np

start = time.perf_counter()
root = sys.argv[1]
load = lambda name: tomllib.load(open(f"{root}/{name}", "rb"))
villages = {v["id"]: (v["lat"], v["lon"]) for v in load("villages.toml")["village"]}
venues = [v for v in load("venues.toml")["venue"] if v.get("active", True)]
people = [p for p in load("participants.toml")["participant"] if p.get("active", True)]
parsed = time.perf_counter()

ids = sorted({p["village"] for p in people})
index = {v: i for i, v in enumerate(ids)}
counts = np.bincount([index[p["village"]] for p in people], minlength=len(ids))
home = np.radians(np.array([villages[v] for v in ids]))
points = np.radians(np.array([
    (v["lat"], v["lon"]) if "lat" in v else villages[v["village"]] for v in venues
]))
dlat = points[:, None, 0] - home[None, :, 0]
dlon = points[:, None, 1] - home[None, :, 1]
a = np.sin(dlat / 2) ** 2 + np.cos(points[:, None, 0]) * np.cos(home[None, :, 0]) * np.sin(dlon / 2) ** 2
km = 2 * 6371.0088 * np.arcsin(np.sqrt(a))
total = km @ counts
best = int(np.argmin(total))
end = time.perf_counter()
print(f"{venues[best]['id']}: {total[best]:.1f} km for {len(people)} people")
print(f"reading {parsed - start:.2f} s, distances {end - parsed:.2f} s, whole {end - start:.2f} s",
      file=sys.stderr)
