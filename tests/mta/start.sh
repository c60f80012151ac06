#!/usr/bin/env bash
# Starts a private Postfix + Dovecot on 127.0.0.1 for jelly's mail tests.
#
#   tests/mta/start.sh DIR      (DIR: an empty temporary directory)
#   tests/mta/stop.sh DIR
#
# Everything lives under DIR: Postfix's config_directory (DIR/etc) and
# queue_directory (DIR/queue), Dovecot's config and base_dir, a test CA and
# the server certificate it signed (DIR/tls), and the delivered mail
# (DIR/mail/<domain>/<user>/, Maildir). The system's own Postfix or
# Dovecot, if any, are neither used nor touched.
#
# Listeners, on the ports MTA_SMTP_PORT, MTA_SUBMISSION_PORT and
# MTA_SMTPS_PORT (the tests pass free ports from their allocator; without
# them, MTA_PORT_BASE, default 7700, plus 25, 87 and 65):
#   smtp: plain, no login; delivers to the test domain
#   submission: STARTTLS required, SASL login (Dovecot) required
#   smtps: implicit TLS, SASL login required
# Every listener refuses a HELO/EHLO name that is not fully qualified
# (reject_non_fqdn_helo_hostname).
#
# Accounts (Dovecot passwd-file): MTA_USER / MTA_PASSWORD, default
# contact@jelly.example.org / jelly-test-password. Mail to MTA_DOMAIN
# (default example.org) is delivered to one Maildir, DIR/mail/example.org/all/new,
# each message with a Delivered-To: header naming its recipient.
# The server certificate is for "localhost" and 127.0.0.1; DIR/tls/ca.pem
# is the CA to trust. DIR/tls/selfsigned-ca.pem is what `openssl req -x509`
# makes by default (a CA certificate), for the CaUsedAsEndEntity check.
set -euo pipefail

DIR=${1:?usage: start.sh DIR}
DIR=$(cd "$DIR" && pwd)
BASE=${MTA_PORT_BASE:-7700}
DOMAIN=${MTA_DOMAIN:-example.org}
USER_NAME=${MTA_USER:-contact@jelly.example.org}
PASSWORD=${MTA_PASSWORD:-jelly-test-password}
SMTP_PORT=${MTA_SMTP_PORT:-$((BASE + 25))}
SUBMISSION_PORT=${MTA_SUBMISSION_PORT:-$((BASE + 87))}
SMTPS_PORT=${MTA_SMTPS_PORT:-$((BASE + 65))}

for tool in postfix postconf dovecot openssl; do
    if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
        echo "start.sh: $tool is not installed" >&2
        exit 3
    fi
done
export PATH="$PATH:/usr/sbin:/sbin"

mkdir -p "$DIR"/{etc,queue,data,tls,mail,dovecot/run}
# Postfix's and Dovecot's unprivileged processes walk through DIR.
chmod 755 "$DIR"
chown postfix "$DIR/data"

# ---- the test CA and a server certificate it signed (openssl)
(
    cd "$DIR/tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=jelly test CA" \
        -keyout ca.key -out ca.pem \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
        -keyout server.key -out server.csr 2>/dev/null
    printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
        -days 2 -extfile server.ext -out server.pem 2>/dev/null
    # What a person gets from the usual one-liner: a self-signed certificate
    # marked CA:TRUE, used as the server's own.
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
        -keyout selfsigned.key -out selfsigned-ca.pem 2>/dev/null
    chmod 600 ./*.key
)

# ---- Dovecot: only an auth service, on a socket inside Postfix's queue
# directory (smtpd_sasl_path = private/auth), users from a passwd-file.
mkdir -p "$DIR/queue/private"
printf '%s:{PLAIN}%s\n' "$USER_NAME" "$PASSWORD" >"$DIR/dovecot/users"
cat >"$DIR/dovecot/dovecot.conf" <<CONF
instance_name = jelly-mail-test-$SMTP_PORT
base_dir = $DIR/dovecot/run
state_dir = $DIR/dovecot/state
log_path = $DIR/dovecot/dovecot.log
protocols =
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DIR/dovecot/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$DIR/mail/%d/%n
}
service auth {
  unix_listener $DIR/queue/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
CONF
mkdir -p "$DIR/dovecot/state"
dovecot -c "$DIR/dovecot/dovecot.conf" </dev/null >"$DIR/dovecot/start.log" 2>&1 || {
    echo "start.sh: dovecot did not start:" >&2
    cat "$DIR/dovecot/start.log" "$DIR/dovecot/dovecot.log" >&2 2>/dev/null
    exit 1
}

# ---- Postfix: its own config_directory and queue_directory.
# The master.cf shipped beside this script (internal services, nothing
# chrooted), not the machine's; our listeners come below.
cp "$(dirname "$0")/master.cf" "$DIR/etc/master.cf"
cat >>"$DIR/etc/master.cf" <<CONF
127.0.0.1:$SMTP_PORT inet n - n - - smtpd
127.0.0.1:$SUBMISSION_PORT inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
127.0.0.1:$SMTPS_PORT inet n - n - - smtpd
  -o syslog_name=postfix/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
CONF

cat >"$DIR/etc/main.cf" <<CONF
compatibility_level = 3.6
config_directory = $DIR/etc
queue_directory = $DIR/queue
data_directory = $DIR/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mta.jelly.test
mydomain = jelly.test
myorigin = \$myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
maillog_file = $DIR/postfix.log
maillog_file_prefixes = $DIR
smtpd_banner = \$myhostname ESMTP jelly-test
biff = no
relayhost =
# Nothing leaves this machine: mail for other domains is refused.
default_transport = error:outside the test domain
smtpd_helo_required = yes
smtpd_helo_restrictions = reject_non_fqdn_helo_hostname, reject_invalid_helo_hostname
smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth
smtpd_sasl_auth_enable = no
smtpd_tls_cert_file = $DIR/tls/server.pem
smtpd_tls_key_file = $DIR/tls/server.key
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_base = $DIR/mail
virtual_mailbox_maps = static:$DOMAIN/all/
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
virtual_minimum_uid = 100
message_size_limit = 10240000
smtpd_client_connection_rate_limit = 0
smtpd_client_message_rate_limit = 0
smtpd_client_connection_count_limit = 0
default_process_limit = 100
in_flow_delay = 0
alternate_config_directories = $DIR/etc
CONF
chown -R nobody:nogroup "$DIR/mail"
postfix -c "$DIR/etc" set-permissions >/dev/null 2>&1 || true
# Postfix's master keeps the descriptors it was started with: give it
# files, not the caller's pipes (which would then never close).
if ! postfix -c "$DIR/etc" start </dev/null >"$DIR/postfix-start.log" 2>&1; then
    echo "start.sh: postfix did not start:" >&2
    cat "$DIR/postfix-start.log" "$DIR/postfix.log" >&2 2>/dev/null
    exit 1
fi
echo "$SMTP_PORT $SUBMISSION_PORT $SMTPS_PORT" >"$DIR/ports"

# Wait until the three listeners answer.
for port in $SMTP_PORT $SUBMISSION_PORT $SMTPS_PORT; do
    for _ in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
done
echo "postfix on 127.0.0.1:$SMTP_PORT (smtp), :$SUBMISSION_PORT (submission), :$SMTPS_PORT (smtps); dovecot auth at $DIR/queue/private/auth"
