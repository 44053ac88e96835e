#!/usr/bin/env bash
# What `npm start` and `npm test` need before they run, installed on first use:
# the npm dependencies (when node_modules is missing or older than the lock file), the
# web UI's build in web/dist (when missing or older than its sources) and the pinned
# Temporal binaries in .tools/. Quick when everything is already there.
#   bootstrap.sh start   the CLI only when no Temporal server or CLI is configured or on PATH
#   bootstrap.sh test    the CLI and the time-skipping test server, always
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "bootstrap: installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

# The UI bundles domain/ code (calendar, decision vocabularies), so a change there rebuilds it too.
web_stale() {
  [[ ! -f web/dist/index.html ]] && return 0
  [[ -n "$(find web/src web/index.html web/vite.config.ts domain package-lock.json -newer web/dist/index.html -print -quit)" ]]
}

if web_stale; then
  echo "bootstrap: building the web UI (npm run build:web)"
  npm run --silent build:web >/dev/null
fi

case "${1:-test}" in
  start)
    if [[ -z "${TEMPORAL_ADDRESS:-}${TEMPORAL_CLI_PATH:-}" ]] && ! command -v temporal >/dev/null 2>&1; then
      # A failure here is not fatal: `cadreflow up` then explains what to install.
      bash scripts/install-temporal-cli.sh >/dev/null || echo "bootstrap: could not install the Temporal CLI" >&2
    fi
    ;;
  test)
    bash scripts/install-temporal-cli.sh >/dev/null
    ;;
  *)
    echo "usage: bootstrap.sh start|test" >&2
    exit 2
    ;;
esac
