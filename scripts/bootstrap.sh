#!/usr/bin/env bash
# What `npm start` and `npm test` need before they run, installed on first use:
# the npm dependencies (when node_modules is missing or older than the lock file), the
# web UI's build in web/dist (when missing or older than its sources), the compiled CLI in
# dist/cli (when missing or older than its sources; bin/cadreflow.cjs would build it on its
# first run too) and the pinned Temporal binaries in .tools/. Quick when everything is
# already there.
#   bootstrap.sh start   the CLI only when no Temporal server or CLI is configured or on PATH
#   bootstrap.sh test    the CLI and the time-skipping test server, always
# Each phase prints a line with its time, in the shape `cadreflow up` prints its own
# phases (client/progress.ts), so a first start that takes a minute shows what it does.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

phase_name=""
phase_started=0

now() {
  # EPOCHREALTIME (bash 5) gives sub-second timings; plain `date` keeps older bash working.
  if [[ -n "${EPOCHREALTIME:-}" ]]; then echo "${EPOCHREALTIME/,/.}"; else date +%s; fi
}

elapsed() {
  awk -v a="$phase_started" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'
}

# phase NAME starts a phase's clock; doing WHAT announces work that takes a while;
# finish SUMMARY ends it with its time.
phase() {
  phase_name=$1
  phase_started=$(now)
}
doing() { echo "▸ ${phase_name}: $*…"; }
finish() {
  echo "✓ ${phase_name}: $1 ($(elapsed))"
  phase_name=""
}
trap '[[ -z "$phase_name" ]] || echo "✗ ${phase_name}: failed after $(elapsed)" >&2' ERR

phase "dependencies"
if [[ -L node_modules ]]; then
  # A second checkout (a git worktree) borrowing another's packages: `npm ci` here would
  # empty the folder the link points at under the other checkout's running commands.
  finish "linked to $(readlink node_modules); install there if it is out of date"
elif [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  doing "installing the npm packages (npm ci)"
  npm ci --no-audit --no-fund
  finish "installed"
else
  finish "up to date"
fi

# The UI bundles domain/ code (calendar, decision vocabularies), so a change there rebuilds it too.
web_stale() {
  [[ ! -f web/dist/index.html ]] && return 0
  [[ -n "$(find web/src web/index.html web/vite.config.ts domain package-lock.json -newer web/dist/index.html -print -quit)" ]]
}

phase "web build"
if web_stale; then
  doing "building the web UI into web/dist (npm run build:web)"
  npm run --silent build:web >/dev/null
  finish "built"
else
  finish "up to date"
fi

phase "CLI build"
if node bin/compile.cjs --check; then
  finish "up to date"
else
  doing "compiling the CLI into dist/cli (node bin/compile.cjs)"
  node bin/compile.cjs >/dev/null
  finish "built"
fi

case "${1:-test}" in
  start)
    phase "Temporal CLI"
    if [[ -z "${TEMPORAL_ADDRESS:-}${TEMPORAL_CLI_PATH:-}" ]] && ! command -v temporal >/dev/null 2>&1; then
      # A failure here is not fatal: `cadreflow up` then explains what to install.
      if bash scripts/install-temporal-cli.sh >/dev/null; then
        finish "in .tools/"
      else
        finish "not installed; \`cadreflow up\` says what to do"
      fi
    elif [[ -n "${TEMPORAL_ADDRESS:-}" ]]; then
      finish "not needed (TEMPORAL_ADDRESS=${TEMPORAL_ADDRESS})"
    else
      finish "${TEMPORAL_CLI_PATH:-$(command -v temporal)}"
    fi
    ;;
  test)
    phase "Temporal binaries"
    bash scripts/install-temporal-cli.sh >/dev/null
    finish "in .tools/"
    ;;
  *)
    echo "usage: bootstrap.sh start|test" >&2
    exit 2
    ;;
esac
