#!/bin/sh
# Every screen renders in a real window under Xvfb and gives a non-blank PNG.
set -u
# In the sanitizer build, LeakSanitizer reports allocations made by the GL driver (Mesa's
# llvmpipe, from JIT-compiled code without symbols), not by dlkiosk; leak checking of our own
# code is done by the core and headless UI tests, which run without a GL driver.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
bin="$1"
out="$2"
items="$3"
mkdir -p "$out"
fail() { echo "FAIL: $*"; exit 1; }
for screen in setup login confirm item item2 item3 item4 item5 item6 overview pause menu finish pin close teacher error; do
    file="$out/$screen.png"
    rm -f "$file"
    timeout 60 "$bin" --screenshot "$file" --screen "$screen" --frames 4 || fail "screen $screen: exit $?"
    [ -f "$file" ] || fail "screen $screen: no PNG written"
    sig=$(head -c 8 "$file" | od -An -tx1 | tr -d ' \n')
    [ "$sig" = "89504e470d0a1a0a" ] || fail "screen $screen: not a PNG"
    # A blank 1366x768 frame compresses to a few KiB; a drawn screen is far larger.
    [ "$(wc -c < "$file")" -gt 20000 ] || fail "screen $screen: the PNG looks blank"
done
# Every item of every module of the bundled bank, as a pupil sees it: one run per module, one
# pupil moving from item to item (a process per item took most of this test's time).
for test in "$items"/m*/module.nl.xml; do
    module=$(basename "$(dirname "$test")")
    count=$(grep -c "<qti-assessment-item-ref" "$test")
    timeout 300 "$bin" --screenshot "$out/$module" --screen "$module/all" --frames 4 || fail "$module: exit $?"
    n=1
    while [ "$n" -le "$count" ]; do
        file="$out/$module/$module-$n.png"
        [ -f "$file" ] || fail "$module item $n: no PNG written"
        [ "$(wc -c < "$file")" -gt 20000 ] || fail "$module item $n: the PNG looks blank"
        n=$((n + 1))
    done
    [ "$(ls "$out/$module" | wc -l)" -eq "$count" ] || fail "$module: not one PNG per item"
done
# A list of screens in one run, and a list with a screen that does not exist is refused.
timeout 120 "$bin" --screenshot "$out/list" --screen "login,pin,m01-schoolreis/2" --frames 4 || fail "a list of screens"
for name in login pin m01-schoolreis-2; do
    [ "$(wc -c < "$out/list/$name.png")" -gt 20000 ] || fail "list: $name.png missing or blank"
done
"$bin" --screenshot "$out/bad" --screen "login,nonsense" 2>/dev/null && fail "a list with an unknown screen was accepted"
"$bin" --screenshot "$out/bad" --screen "nomodule/all" 2>/dev/null && fail "an unknown module's all was accepted"
for lang in en; do
    timeout 60 "$bin" --screenshot "$out/item-$lang.png" --screen item --lang "$lang" || fail "item in $lang"
done
timeout 60 "$bin" --screenshot "$out/item-large.png" --screen item --text-size 200 --high-contrast || fail "large text"
timeout 60 "$bin" --screenshot "$out/small.png" --screen item --size 1024x600 || fail "1024x600"
# The teacher's charts and item analysis, at the smallest window and at 200% text in high contrast.
for args in "--size 1024x600" "--text-size 200 --high-contrast"; do
    file="$out/teacher-analysis-$(echo "$args" | tr -c 'a-z0-9' '-').png"
    # shellcheck disable=SC2086
    timeout 60 "$bin" --screenshot "$file" --screen teacher/analysis $args || fail "teacher/analysis $args"
    [ "$(wc -c < "$file")" -gt 20000 ] || fail "teacher/analysis $args: the PNG looks blank"
done
"$bin" --screenshot "$out/x.png" --screen nonsense 2>/dev/null && fail "an unknown screen was accepted"
echo "ok: screenshots in $out"
