"""Recomputes the figures of `jelly report --year Y` from the TOML files
alone (tomllib, not jelly), following the definitions of docs/report.md,
and prints them as JSON for the test to compare with jelly's.

usage: recompute.py DATA_DIR YEAR
"""
import glob
import json
import math
import os
import sys
import tomllib

data, year = sys.argv[1], int(sys.argv[2])


def load(name):
    for folder in (data, os.path.join(data, "examples")):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                return tomllib.load(f)
    return {}


config = load("jelly.toml")
detour = config.get("rotation", {}).get("detour_factor", 1.3)
villages = {v["id"]: v for v in load("villages.toml").get("village", [])}
venues_list = load("venues.toml").get("venue", [])
venues = {v["id"]: v for v in venues_list}
people = {p["id"]: p for p in load("participants.toml").get("participant", [])}
routes = {}
for r in load("distances.toml").get("route", []):
    routes.setdefault((r["from"], r["to"]), r["km"])
    routes.setdefault((r["to"], r["from"]), r["km"])
events = []
for path in sorted(glob.glob(os.path.join(data, "events", "*.toml"))):
    with open(path, "rb") as f:
        e = tomllib.load(f)
    e["id"] = os.path.basename(path)[:-5]
    events.append(e)

R = 6371.0088


def haversine(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * R * math.asin(min(1.0, math.sqrt(a)))


def d(person, venue):
    """d(p, v) of rotation.md."""
    home = villages[person["village"]]
    own = "lat" in venue and "lon" in venue
    if not own and (person["village"], venue["village"]) in routes:
        return routes[(person["village"], venue["village"])]
    if own:
        lat, lon = venue["lat"], venue["lon"]
    else:
        lat, lon = villages[venue["village"]]["lat"], villages[venue["village"]]["lon"]
    return haversine(home["lat"], home["lon"], lat, lon) * detour


held_all = [e for e in events if e["status"] == "held"]
held = sorted((e for e in held_all if e["date"].year == year), key=lambda e: (e["date"], e["id"]))
first = {}
for e in held_all:
    for pid in e.get("attended", []):
        first[pid] = min(first.get(pid, 9999), e["date"].year)
reached = {pid for e in held for pid in e.get("attended", [])}
newcomers = sum(1 for pid in reached if first[pid] == year)
known = [pid for pid in reached if pid in people]
village_set = {people[pid]["village"] for pid in known}
departments = {villages[v]["department"] for v in village_set if "department" in villages[v]}
trips = []
for e in held:
    for pid in e.get("attended", []):
        if pid in people:
            trips.append((people[pid], venues[e["venue"]]))
km_total = sum(2 * d(p, v) for p, v in trips)
members = [p for p in people.values() if p.get("active", True)]
year_venues = {e["venue"] for e in held}
near = sum(1 for p in members if any(d(p, venues[v]) <= 20.0 for v in year_venues))
central = None
if trips:
    for v in venues_list:
        if not v.get("active", True):
            continue
        km = sum(2 * d(p, v) for p, _ in trips)
        if central is None or km < central[1] - 1e-9:
            central = (v["id"], km)
months = []
for m in range(1, 13):
    of_month = [e for e in held if e["date"].month == m]
    months.append({"month": m, "sessions": len(of_month),
                   "attendance": sum(len(e.get("attended", [])) for e in of_month)})
print(json.dumps({
    "sessions_held": len(held),
    "sessions_cancelled": sum(1 for e in events if e["status"] == "cancelled" and e["date"].year == year),
    "attendances": sum(len(e.get("attended", [])) for e in held),
    "people_reached": len(reached),
    "newcomers": newcomers,
    "returning": len(reached) - newcomers,
    "host_villages": len({venues[e["venue"]]["village"] for e in held}),
    "villages_reached": len(village_set),
    "departments_reached": len(departments),
    "members": len(members),
    "members_near": near,
    "share_near": near / len(members) if members else None,
    "km_total": km_total,
    "km_mean": km_total / len(trips) if trips else None,
    "central_venue": central[0] if central else None,
    "km_central": central[1] if central else None,
    "km_saved": central[1] - km_total if central else None,
    "by_month": months,
    "sessions": [{"id": e["id"], "attendance": len(e.get("attended", []))} for e in held],
}))
