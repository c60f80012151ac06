"""Reads a site made by `jelly site` with independent software and checks it
against the association's TOML files (read here with tomllib, not jelly):
every upcoming session's schema.org Event (JSON-LD, via extruct-free json
parsing of the script element found by mf2py's HTML parser) and h-event
(mf2py), every member's h-card (mf2py) and vCard (vobject), the Atom feed
(feedparser). Prints "ok" and exits 0, else prints every problem and exits 1.

usage: check_site.py SITE_DIR DATA_DIR NOW(YYYY-MM-DDTHH:MM)
"""
import datetime as dt
import glob
import json
import os
import re
import sys
import tomllib
from zoneinfo import ZoneInfo

import feedparser
import mf2py
import vobject
from bs4 import BeautifulSoup  # mf2py's own HTML parser

site, data, now_text = sys.argv[1], sys.argv[2], sys.argv[3]
now = dt.datetime.fromisoformat(now_text)
problems = []


def load(name):
    for folder in (data, os.path.join(data, "examples")):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                return tomllib.load(f)
    return {}


config = load("jelly.toml")
tz = ZoneInfo(config.get("association", {}).get("timezone", "Europe/Paris"))
villages = {v["id"]: v for v in load("villages.toml").get("village", [])}
venues = {v["id"]: v for v in load("venues.toml").get("venue", [])}
people = load("participants.toml").get("participant", [])
events = {}
for path in sorted(glob.glob(os.path.join(data, "events", "*.toml"))):
    with open(path, "rb") as f:
        events[os.path.basename(path)[:-5]] = tomllib.load(f)

upcoming = {
    eid: e for eid, e in events.items()
    if e["status"] in ("planned", "cancelled") and e["date"] >= now
}


def offset_iso(local):
    return local.replace(tzinfo=tz).isoformat()


# ---- sessions: JSON-LD and h-event
for eid, e in upcoming.items():
    path = os.path.join(site, "sessions", eid + ".html")
    if not os.path.exists(path):
        problems.append(f"{eid}: no page")
        continue
    html = open(path, encoding="utf-8").read()
    soup = BeautifulSoup(html, "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    if len(scripts) != 1:
        problems.append(f"{eid}: {len(scripts)} JSON-LD blocks")
        continue
    ld = json.loads(scripts[0].string)
    venue = venues[e["venue"]]
    village = villages[venue["village"]]
    start = offset_iso(e["date"])
    end = offset_iso(e["date"] + dt.timedelta(hours=3))
    expected_status = {
        "cancelled": "https://schema.org/EventCancelled",
    }.get(e["status"], "https://schema.org/EventRescheduled" if "previous_date" in e else "https://schema.org/EventScheduled")
    checks = [
        (ld.get("@type"), "Event"),
        (ld.get("startDate"), start),
        (ld.get("endDate"), end),
        (ld.get("eventStatus"), expected_status),
        (ld.get("eventAttendanceMode"), "https://schema.org/OfflineEventAttendanceMode"),
        (ld["location"]["@type"], "Place"),
        (ld["location"]["name"], venue["name"]),
        (ld["location"]["address"]["@type"], "PostalAddress"),
        (ld["location"]["address"]["addressLocality"], village["name"]),
        (ld["organizer"]["name"], config["association"]["name"]),
    ]
    if "address" in venue:
        checks.append((ld["location"]["address"].get("streetAddress"), venue["address"]))
    lat = venue.get("lat", village["lat"])
    lon = venue.get("lon", village["lon"])
    checks.append((round(ld["location"]["geo"]["latitude"], 4), round(lat, 4)))
    checks.append((round(ld["location"]["geo"]["longitude"], 4), round(lon, 4)))
    if "previous_date" in e and e["status"] == "planned":
        checks.append((ld.get("previousStartDate"), offset_iso(e["previous_date"])))
    if "theme" in e:
        checks.append((ld.get("description"), e["theme"]))
    for got, want in checks:
        if got != want:
            problems.append(f"{eid}: JSON-LD has {got!r}, the data says {want!r}")
    parsed = mf2py.parse(doc=html)
    hevents = [i for i in parsed["items"] if "h-event" in i["type"]]
    if len(hevents) != 1:
        problems.append(f"{eid}: {len(hevents)} h-event")
        continue
    props = hevents[0]["properties"]
    def instant(values):
        # mf2py writes offsets as +0100; compare instants, not spellings.
        return [dt.datetime.strptime(v.replace(":", ""), "%Y-%m-%dT%H%M%S%z") for v in values or []]
    if instant(props.get("start")) != instant([start]):
        problems.append(f"{eid}: h-event start {props.get('start')} != {start}")
    if instant(props.get("end")) != instant([end]):
        problems.append(f"{eid}: h-event end {props.get('end')} != {end}")
    if props.get("name") != [ld["name"]]:
        problems.append(f"{eid}: h-event name {props.get('name')} != JSON-LD {ld['name']}")
    location = props.get("location", [{}])[0]
    loc_props = location.get("properties", {}) if isinstance(location, dict) else {}
    if loc_props.get("locality") != [village["name"]]:
        problems.append(f"{eid}: h-event locality {loc_props.get('locality')}")
    if not os.path.exists(os.path.join(site, "sessions", eid + ".ics")):
        problems.append(f"{eid}: no .ics")

extra = set(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(site, "sessions", "*.html"))) - set(upcoming)
if extra:
    problems.append(f"pages of sessions that are not upcoming: {sorted(extra)}")

# ---- members: h-card and vCard, only the consenting
listed = [p for p in people if p.get("listed", False) and p.get("active", True)]
html = open(os.path.join(site, "membres.html"), encoding="utf-8").read()
cards = [i for i in mf2py.parse(doc=html)["items"] if "h-card" in i["type"]]
names = sorted(c["properties"]["name"][0] for c in cards)
if names != sorted(p["name"] for p in listed):
    problems.append(f"h-cards {names} != listed {sorted(p['name'] for p in listed)}")
by_name = {c["properties"]["name"][0]: c["properties"] for c in cards}
for p in listed:
    props = by_name.get(p["name"], {})
    if sorted(props.get("category", [])) != sorted(p.get("skills", [])):
        problems.append(f"{p['id']}: h-card skills {props.get('category')} != {p.get('skills')}")
    if "website" in p and props.get("url") != [p["website"]]:
        problems.append(f"{p['id']}: h-card url {props.get('url')}")
    if "website" not in p and "url" in props:
        problems.append(f"{p['id']}: h-card has a url without a website")
    if props.get("locality") != [villages[p["village"]]["name"]]:
        problems.append(f"{p['id']}: h-card locality {props.get('locality')}")
    with open(os.path.join(site, "membres", p["id"] + ".vcf"), encoding="utf-8") as f:
        card = vobject.readOne(f.read())
    if card.version.value != "4.0":
        problems.append(f"{p['id']}: vCard version {card.version.value}")
    if card.fn.value != p["name"]:
        problems.append(f"{p['id']}: vCard FN {card.fn.value}")
    if "email" in card.contents:
        problems.append(f"{p['id']}: vCard has an EMAIL")
    if "phone" in p:
        digits = re.sub(r"\D", "", card.tel.value)
        want = re.sub(r"\D", "", p["phone"])
        if not digits.endswith(want.lstrip("0")):
            problems.append(f"{p['id']}: vCard TEL {card.tel.value} for {p['phone']}")
    if "website" in p and card.url.value != p["website"]:
        problems.append(f"{p['id']}: vCard URL {card.url.value}")
    if "skills" in p:
        if sorted(card.categories.value) != sorted(p["skills"]):
            problems.append(f"{p['id']}: vCard CATEGORIES {card.categories.value}")
vcfs = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(site, "membres", "*.vcf")))
if vcfs != sorted(p["id"] for p in listed):
    problems.append(f"vCards {vcfs} != listed")

# ---- the Atom feed
feed = feedparser.parse(os.path.join(site, "agenda.atom"))
if feed.bozo:
    problems.append(f"agenda.atom: {feed.bozo_exception}")
if feed.version != "atom10":
    problems.append(f"agenda.atom: version {feed.version}")
if len(feed.entries) != len(upcoming):
    problems.append(f"agenda.atom: {len(feed.entries)} entries for {len(upcoming)} sessions")
links = sorted(entry.link.rsplit("/", 1)[-1] for entry in feed.entries)
if links != sorted(eid + ".html" for eid in upcoming):
    problems.append(f"agenda.atom: links {links}")
cancelled_titles = [x.title for x in feed.entries if x.link.endswith(tuple(
    eid + ".html" for eid, e in upcoming.items() if e["status"] == "cancelled"))]
for title in cancelled_titles:
    if not re.search(r"Annulée|Cancelled", title):
        problems.append(f"agenda.atom: cancelled entry titled {title!r}")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"ok: {len(upcoming)} sessions, {len(listed)} members, {len(feed.entries)} feed entries")
