"""Turns a national benchmark set (examples/gen_national.rs) into the one
of `jelly site` and `jelly report` in docs/performance.md: every 20th
participant listed (5,000 of 100,000) with two or three skills, a website
or a phone for some, and 50 upcoming sessions, one a week from NOW, at
venues taken in turn. Deterministic; run once on a fresh set.

usage: site_data.py DIR [NOW=2026-11-23]
"""
import datetime as dt
import os
import re
import sys

out = sys.argv[1]
now = dt.date.fromisoformat(sys.argv[2] if len(sys.argv) > 2 else "2026-11-23")
skills = ["graphisme", "sites web", "traduction", "comptabilité", "photographie",
          "rédaction", "formation", "conseil", "architecture", "illustration",
          "développement", "secrétariat", "coaching", "vidéo", "menuiserie"]
path = os.path.join(out, "participants.toml")
text = open(path, encoding="utf-8").read()
blocks = text.split("\n[[participant]]\n")
for i in range(1, len(blocks)):
    if i % 20 == 0:
        k = i // 20
        extra = ["listed = true",
                 "skills = [%s]" % ", ".join('"%s"' % skills[(k + j * 7) % len(skills)] for j in range(2 + k % 2))]
        if k % 3 == 0:
            extra.append('website = "https://membre-%d.example.org"' % k)
        if k % 4 == 0:
            extra.append('phone = "04 66 %02d %02d %02d"' % (k % 100, (k // 100) % 100, k % 97))
        blocks[i] = blocks[i].rstrip("\n") + "\n" + "\n".join(extra) + "\n"
open(path, "w", encoding="utf-8").write("\n[[participant]]\n".join(blocks))
venues = re.findall(r'^id = "([^"]+)"', open(os.path.join(out, "venues.toml"), encoding="utf-8").read(), re.M)
os.makedirs(os.path.join(out, "events"), exist_ok=True)
for n in range(50):
    date = now + dt.timedelta(days=7 * (n + 1))
    venue = venues[(n * 37) % len(venues)]
    name = os.path.join(out, "events", f"{date.isoformat()}-bench-{n:02d}.toml")
    with open(name, "w", encoding="utf-8") as f:
        f.write(f'date = {date.isoformat()}T18:30:00\nvenue = "{venue}"\ntheme = "Session {n + 1}"\nstatus = "planned"\n')
print(f"{len(blocks) // 20} listed, 50 upcoming sessions")
