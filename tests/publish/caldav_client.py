"""An independent CalDAV client (the `caldav` library from PyPI) for the
tests of `jelly publish caldav`.

usage:
  caldav_client.py URL USER PASSWORD mkcalendar NAME   create calendar NAME under the user's home
  caldav_client.py URL USER PASSWORD add CALENDAR_URL UID   add someone else's event
  caldav_client.py URL USER PASSWORD dump CALENDAR_URL   print its events as JSON
"""
import json
import sys

import caldav

url, user, password, command = sys.argv[1:5]
client = caldav.DAVClient(url=url, username=user, password=password)
if command == "mkcalendar":
    principal = client.principal()
    calendar = principal.make_calendar(name=sys.argv[5], cal_id=sys.argv[5])
    print(calendar.url)
elif command == "add":
    calendar = client.calendar(url=sys.argv[5])
    calendar.save_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//test//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{sys.argv[6]}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20261205T100000Z\r\n"
        "DTEND:20261205T110000Z\r\nSUMMARY:Anniversaire\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
elif command == "dump":
    calendar = client.calendar(url=sys.argv[5])
    events = []
    for event in calendar.events():
        vevent = event.vobject_instance.vevent
        events.append({
            "uid": vevent.uid.value,
            "summary": vevent.summary.value,
            "status": vevent.status.value if hasattr(vevent, "status") else None,
            "start": vevent.dtstart.value.isoformat(),
            "sequence": int(vevent.sequence.value) if hasattr(vevent, "sequence") else None,
            "href": str(event.url).rsplit("/", 1)[-1],
        })
    events.sort(key=lambda e: e["uid"])
    print(json.dumps(events))
