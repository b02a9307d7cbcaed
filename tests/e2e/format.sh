#!/bin/sh
# The C++ sources follow the repository's .clang-format (clang-format 14, Debian's): a change that
# does not fails here, with the first files and lines that differ. Fix: clang-format -i FILE.
set -u
src="$1"
cd "$src" || exit 1
command -v clang-format > /dev/null || { echo "FAIL: clang-format is not installed (make deps installs it)"; exit 1; }
files=$(find app tests \( -name '*.cpp' -o -name '*.h' \) -not -path 'tests/data/*' | sort)
[ -n "$files" ] || { echo "FAIL: no sources found under $src"; exit 1; }
if ! out=$(echo "$files" | xargs clang-format --style=file --dry-run --Werror 2>&1); then
    echo "$out" | grep -E '^[^ ].*: (error|warning):' | head -20
    echo "FAIL: not formatted as .clang-format says (clang-format -i FILE mends it)"
    exit 1
fi
echo "ok: $(echo "$files" | wc -l) files follow .clang-format"
