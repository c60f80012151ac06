#!/usr/bin/env bash
# Stops what tests/mta/start.sh DIR started. Leaves DIR in place (its
# owner removes it); safe to run twice.
set -uo pipefail
DIR=${1:?usage: stop.sh DIR}
export PATH="$PATH:/usr/sbin:/sbin"
if [ -f "$DIR/etc/main.cf" ]; then
    postfix -c "$DIR/etc" stop >/dev/null 2>&1 || true
    postfix -c "$DIR/etc" abort >/dev/null 2>&1 || true
fi
if [ -f "$DIR/dovecot/dovecot.conf" ]; then
    doveadm -c "$DIR/dovecot/dovecot.conf" stop >/dev/null 2>&1 || \
        kill "$(cat "$DIR/dovecot/run/master.pid" 2>/dev/null)" 2>/dev/null || true
fi
# Wait for the masters to go (they hold the ports).
for _ in $(seq 1 50); do
    alive=0
    for pidfile in "$DIR/data/master.lock" "$DIR/queue/pid/master.pid" "$DIR/dovecot/run/master.pid"; do
        pid=$(tr -dc "0-9" 2>/dev/null <"$pidfile" || true)
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            alive=1
        fi
    done
    [ "$alive" = 0 ] && break
    sleep 0.1
done
exit 0
