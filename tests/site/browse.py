"""Loads pages of a site made by `jelly site` in headless Chromium (driven
by Selenium through Debian's chromium-driver) and checks each: no console
error, a screenshot at 1280 and at 360 px wide that is not blank, no
horizontal scrolling at 360 px, and no serious or critical violation of
WCAG 2.1 A/AA as axe-core (npm) measures it. Prints "ok" or every problem.

usage: browse.py AXE_JS SCREENSHOT_DIR PAGE.html...
"""
import json
import struct
import sys
import tempfile
import zlib

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

axe_path, shots = sys.argv[1], sys.argv[2]
pages = sys.argv[3:]
axe = open(axe_path, encoding="utf-8").read()
problems = []


def not_blank(png):
    """Decodes a PNG's pixels (stdlib only) and tells whether it holds more
    than one colour."""
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        chunk = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = len(raw) // height
    colours = set()
    for row in range(0, height, max(1, height // 50)):
        line = raw[row * stride + 1:(row + 1) * stride]
        for x in range(0, len(line) - 3, 4 * max(1, width // 50)):
            colours.add(line[x:x + 3])
    return len(colours) > 3


options = webdriver.ChromeOptions()
profile = tempfile.mkdtemp(prefix="jelly-chromium-")
for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--allow-file-access-from-files"]:
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.set_script_timeout(60)
try:
    for n, page in enumerate(pages):
        for width in (1280, 360):
            driver.set_window_size(width, 900)
            driver.get("file://" + page)
            driver.execute_script("return document.readyState")
            png = driver.get_screenshot_as_png()
            with open(f"{shots}/page{n}-{width}.png", "wb") as f:
                f.write(png)
            if not not_blank(png):
                problems.append(f"{page} at {width}px: blank screenshot")
            overflow = driver.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 1:
                problems.append(f"{page} at {width}px: scrolls sideways by {overflow}px")
            for entry in driver.get_log("browser"):
                if entry["level"] in ("SEVERE", "ERROR"):
                    problems.append(f"{page}: console: {entry['message']}")
            driver.execute_script(axe)
            result = driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
                ".then(r => done(JSON.stringify(r.violations))).catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));")
            for v in json.loads(result):
                if v.get("impact") in ("serious", "critical"):
                    targets = [t["target"] for t in v.get("nodes", [])][:3]
                    problems.append(f"{page} at {width}px: axe {v['id']} ({v['impact']}): {v['help']} {targets}")
finally:
    driver.quit()

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"ok: {len(pages)} pages at 1280 and 360 px")
