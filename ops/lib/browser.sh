# shellcheck shell=bash
# Headless Chromium for the rendering tests (and later PDF rendering): Debian's package.

chromium_ensure_installed() {
  if [ -x /usr/bin/chromium ]; then return 0; fi
  if [ "$(id -u)" = "0" ]; then
    echo "Chromium not found: installing Debian's chromium package ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null || {
      echo "error: installing chromium failed" >&2; return 1; }
  else
    echo "error: Chromium is not installed. As root, run:" >&2
    echo "  apt-get update && apt-get install -y chromium" >&2
    return 1
  fi
}
