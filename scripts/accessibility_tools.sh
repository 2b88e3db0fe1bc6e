#!/bin/sh
# Tools for the accessibility test (tests/test_accessibility.py), which runs axe-core in
# headless Chromium on every HTML page clear writes.
#   scripts/accessibility_tools.sh axe    axe-core from npm into .venv/axe (git-ignored)
#   scripts/accessibility_tools.sh all    that, and Chromium from apt-get when it is missing
#                                         and this runs as root on a machine with apt-get
# Every step may fail (no network, no npm, not root): this script still succeeds, and the
# test skips, saying what is missing.
AXE_VERSION=4.14.1
DEST=.venv/axe

have() { command -v "$1" >/dev/null 2>&1; }

if ! grep -qs "\"version\": \"$AXE_VERSION\"" "$DEST/node_modules/axe-core/package.json"; then
    if have npm; then
        mkdir -p "$DEST" &&
            npm install --prefix "$DEST" --no-audit --no-fund --silent \
                --fetch-timeout=60000 --fetch-retries=1 "axe-core@$AXE_VERSION" ||
            echo "note: could not install axe-core with npm; the axe-core test will be skipped"
    else
        echo "note: npm not found; the axe-core test will be skipped (install Node.js and npm)"
    fi
fi

if [ "$1" = all ] && ! have chromium && ! have chromium-browser && ! have google-chrome; then
    if [ "$(id -u)" = 0 ] && have apt-get; then
        echo "Installing Chromium with apt-get for the accessibility test"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } ||
            echo "note: could not install Chromium; the axe-core test will be skipped"
    else
        echo "note: Chromium not found; the axe-core test will be skipped (install chromium)"
    fi
fi
exit 0
