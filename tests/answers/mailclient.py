#!/usr/bin/env python3
"""What a member's mail client does with jelly's answer links, for the
end-to-end tests (tests/it/answers.rs), with Python's own `email` and
`urllib.parse` — not jelly's code:

  mailclient.py links MESSAGE.eml
      every mailto: link of the message's text and HTML parts, parsed per
      RFC 6068: JSON [{"part", "label", "to", "subject", "body"}]
  mailclient.py reply STYLE FROM TO SUBJECT BODY DATE
      the reply a client composes from such a link, on stdout (bytes):
      thunderbird, gmail, iphone, outlook-fr (HTML only, ISO-8859-1,
      quoted-printable, "RE :"), forward-de ("Antw:", the link's text
      quoted under a reply)
"""

import json
import re
import sys
import urllib.parse
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import make_msgid
from html.parser import HTMLParser


def parse_mailto(url):
    parts = urllib.parse.urlsplit(url)
    assert parts.scheme == "mailto", url
    fields = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
    return {
        "to": urllib.parse.unquote(parts.path),
        "subject": fields.get("subject", [""])[0],
        "body": fields.get("body", [""])[0],
    }


class Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.href, self.text = [], None, ""

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.href, self.text = dict(attrs).get("href"), ""

    def handle_data(self, data):
        if self.href is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "a" and self.href is not None:
            self.links.append((self.text.strip(), self.href))
            self.href = None


def links(path):
    with open(path, "rb") as f:
        message = BytesParser(policy=policy.default).parse(f)
    found = []
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "text/plain":
            for line in part.get_content().splitlines():
                m = re.match(r"\s*(.*?) : <(mailto:[^>]*)>", line)
                if m:
                    found.append({"part": "text", "label": m.group(1), **parse_mailto(m.group(2))})
        elif kind == "text/html":
            anchors = Anchors()
            anchors.feed(part.get_content())
            for label, href in anchors.links:
                if href.startswith("mailto:"):
                    found.append({"part": "html", "label": label, **parse_mailto(href)})
    print(json.dumps(found, ensure_ascii=False))


def reply(style, sender, to, subject, body, date):
    m = EmailMessage(policy=policy.SMTP)
    m["From"] = sender
    m["To"] = to
    m["Date"] = date
    m["Message-ID"] = make_msgid(domain=sender.split("@")[-1].strip(">"))
    if style == "thunderbird":
        m["Subject"] = subject
        m["User-Agent"] = "Mozilla Thunderbird"
        m.set_content(body, subtype="plain", charset="utf-8", cte="8bit")
        m.set_param("format", "flowed")
    elif style == "gmail":
        m["Subject"] = subject
        m.set_content(body, charset="utf-8", cte="quoted-printable")
        html = "".join(f"<div>{line}</div>" if line else "<div><br></div>" for line in body.splitlines())
        m.add_alternative(f'<div dir="ltr">{html}</div>', subtype="html", charset="utf-8", cte="quoted-printable")
    elif style == "iphone":
        m["Subject"] = subject
        m.set_content(body + "\n\nEnvoyé de mon iPhone\n", charset="utf-8", cte="quoted-printable")
    elif style == "outlook-fr":
        m["Subject"] = "RE : " + subject
        html = "<html><body><p>" + body.replace("\r\n", "<br>").replace("\n", "<br>") + "</p></body></html>"
        m.set_content(html, subtype="html", charset="iso-8859-1", cte="quoted-printable")
    elif style == "forward-de":
        m["Subject"] = "Antw: " + subject
        quoted = "\n".join("> " + line for line in body.splitlines())
        m.set_content("Ja, gerne.\n\n" + quoted + "\n", charset="utf-8", cte="base64")
    else:
        raise SystemExit(f"unknown style {style}")
    sys.stdout.buffer.write(m.as_bytes())


if __name__ == "__main__":
    if sys.argv[1] == "links":
        links(sys.argv[2])
    else:
        reply(*sys.argv[2:8])
