#!/usr/bin/env bash
# The HTML sign-off page is self-contained (no script, no network, no external files) and
# renders in a real browser: headless Chromium screenshots it, and the picture is checked to
# be a PNG of the page's size with more than one colour in it.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
helm=$(command -v helm || echo "$root/.tools/bin/helm")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "html: $1"; fi; }
cd "$root/charts-under-test"
"$helm" template rel platform -f platform/values-broken-resources.yaml |
    "$bin" --no-config --chart-root platform -o "html=$work/report.html" > /dev/null 2>&1
check "the report was written" '[ -s "$work/report.html" ]'
check "no script in the page" '! grep -qi "<script" "$work/report.html"'
check "nothing loaded from elsewhere" '! grep -qiE "(src|href)=|url\(|https?://" "$work/report.html"'
check "the failing item and its finding are on the page" 'grep -q "Resource requests and limits" "$work/report.html" && grep -q "deployment.yaml:145:11" "$work/report.html"'
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
    check "chromium is installed (ci/install-deps.sh test)" false
else
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --user-data-dir="$work/profile" \
        --window-size=1200,1400 --screenshot="$work/shot.png" "file://$work/report.html" > /dev/null 2>&1
    check "chromium produced a screenshot" '[ -s "$work/shot.png" ]'
    check "the screenshot is a 1200x1400 PNG with content" 'python3 - "$work/shot.png" <<'"'"'PY'"'"'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
width, height = struct.unpack(">II", data[16:24])
assert (width, height) == (1200, 1400), (width, height)
# Decompress the image data and count distinct byte values: a blank page has very few.
pos, idat = 8, b""
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + length]
    pos += 12 + length
assert len(set(zlib.decompress(idat))) > 32
PY'
fi
echo "html: $passed passed, $failed failed"
[ $failed -eq 0 ]
