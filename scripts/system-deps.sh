#!/usr/bin/env bash
# Installs the Debian packages the tests use (PostgreSQL, Redis, Chromium, fonts, poppler)
# when they are missing and this machine lets us: root with apt-get. Otherwise it says what
# is missing and carries on (the tests then fall back to SQLite and in-process tasks, and the
# browser tests fail with a message naming Chromium).
set -uo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -d /usr/share/fonts/truetype/liberation ] || missing+=(fonts-liberation)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} with apt-get"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages: ${missing[*]} (install them with: sudo apt-get install ${missing[*]})" >&2
fi
