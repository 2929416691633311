#!/usr/bin/env bash
# Installs Debian's Chromium (/usr/bin/chromium) for the dashboard's browser tests (test/browser) when it is
# missing. Idempotent and quiet: a second run only checks. Never downloads a browser build of its own; the
# tests drive this system Chromium through playwright-core.
#
#   scripts/ci-chromium.sh
#
# Progress goes to stderr. Needs root or password-less sudo (only when something is missing).
set -euo pipefail

log() { echo "ci-chromium: $*" >&2; }

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root() { "$@"; }
else
  command -v sudo >/dev/null || { log "not root and no sudo: cannot install chromium"; exit 1; }
  as_root() { sudo -n "$@"; }
fi

log "installing chromium from the Debian packages"
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq >&2
as_root apt-get install -y -qq chromium >/dev/null
[ -x /usr/bin/chromium ] || { log "chromium installed but /usr/bin/chromium is missing"; exit 1; }
log "$(/usr/bin/chromium --version 2>/dev/null || echo 'chromium installed')"
