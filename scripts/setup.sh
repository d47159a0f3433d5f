#!/usr/bin/env bash
# Everything the project needs on a fresh Debian machine: system packages, the virtualenv, compiled translations.
# Idempotent: a second run only checks.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
DEBIAN_PACKAGES=(postgresql-15 postgresql-client-15 postgresql-15-postgis-3 chromium fonts-dejavu-core fonts-noto-core
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils openjdk-17-jre-headless gdal-bin)
# The JavaScript unit tests (static/js/tests) run on Node's built-in test runner; any Node >= 18 on the PATH will do.
command -v node >/dev/null 2>&1 || DEBIAN_PACKAGES+=(nodejs)

install_debian_packages() {
  local missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  # Debian ships npm apart from nodejs; other node builds bring it along.
  command -v npm >/dev/null || missing+=(npm)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "setup: installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build_virtualenv() {
  local stamp=".venv/.requirements.sha1" wanted
  wanted="$(cat requirements.txt constraints.txt | sha1sum | cut -d' ' -f1)"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && return 0
  echo "setup: building .venv from requirements.txt (versions locked by constraints.txt)"
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt -c constraints.txt
  echo "$wanted" >"$stamp"
}

install_checkers() {
  # The Nu HTML Checker (vnu.jar from the npm package vnu-jar, run by the system Java) for the `vnu` tests;
  # reinstalled only when tools/package-lock.json changes. Its install script (a Java downloader) is not needed.
  local stamp="tools/node_modules/.package-lock.sha1" wanted
  wanted="$(sha1sum tools/package-lock.json | cut -d' ' -f1)"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && return 0
  echo "setup: installing the Nu HTML Checker (npm ci in tools/)"
  npm ci --prefix tools --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$wanted" >"$stamp"
}

compile_translations() {
  compgen -G "mapfinder/translations/*/LC_MESSAGES/messages.po" >/dev/null || return 0
  local output
  if ! output="$(.venv/bin/pybabel compile -d mapfinder/translations 2>&1)"; then
    echo "$output" >&2
    return 1
  fi
}

install_debian_packages
build_virtualenv
install_checkers
compile_translations
