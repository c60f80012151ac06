#!/usr/bin/env bash
# The sending rate against the private Postfix (docs/performance.md):
# 1,000 invitations, 8 connections, STARTTLS + SASL login on the submission
# port, journaled. Needs root, Postfix and Dovecot (as start.sh).
#
#   tests/mta/rate.sh [JELLY]      (default: target/release/jelly)
set -euo pipefail
cd "$(dirname "$0")/../.."
JELLY=${1:-target/release/jelly}
PEOPLE=${PEOPLE:-1000}
MTA=$(mktemp -d)
DATA=$(mktemp -d)
trap 'tests/mta/stop.sh "$MTA"; rm -rf "$MTA" "$DATA"' EXIT
tests/mta/start.sh "$MTA" >/dev/null
cp examples/villages.toml examples/venues.toml examples/distances.toml "$DATA/"
cat >"$DATA/jelly.toml" <<CONF
[association]
name = "Jelly Gard-Lozère"
[mail]
from = "Jelly Gard-Lozère <contact@jelly.example.org>"
transport = "smtp"
smtp_url = "smtp://localhost:$(( ${MTA_PORT_BASE:-7700} + 87 ))"
username = "contact@jelly.example.org"
ca_file = "$MTA/tls/ca.pem"
connections = 8
CONF
villages=(anduze ales lasalle florac mende rousson)
invited=()
for ((i = 0; i < PEOPLE; i++)); do
    printf '[[participant]]\nid = "p%d"\nname = "Hélène-Françoise n°%d"\nemail = "p%d@example.org"\nvillage = "%s"\n\n' \
        "$i" "$i" "$i" "${villages[i % 6]}"
    invited+=("\"p$i\"")
done >"$DATA/participants.toml"
mkdir -p "$DATA/events"
printf 'date = 2026-12-03T18:30:00\nvenue = "anduze-mediatheque"\nstatus = "planned"\ninvited = [%s]\n' \
    "$(IFS=,; echo "${invited[*]}")" >"$DATA/events/2026-12-03-anduze.toml"
start=$(date +%s.%N)
JELLY_SMTP_PASSWORD=jelly-test-password "$JELLY" --data "$DATA" --now 2026-11-23T09:00 -q invite 2026-12-03-anduze >/dev/null
end=$(date +%s.%N)
sent=$(grep -c '"outcome":"sent"' "$DATA/events/2026-12-03-anduze.journal")
# Postfix goes on delivering to the Maildir after jelly is done.
for _ in $(seq 1 600); do
    [ "$(ls "$MTA/mail/example.org/all/new" 2>/dev/null | wc -l)" -ge "$sent" ] && break
    sleep 0.1
done
delivered=$(ls "$MTA/mail/example.org/all/new" | wc -l)
awk -v s="$start" -v e="$end" -v n="$sent" -v d="$delivered" \
    'BEGIN { printf "%d accepted by Postfix in %.2f s: %.0f msg/s (%d delivered to the Maildir)\n", n, e - s, n / (e - s), d }'
