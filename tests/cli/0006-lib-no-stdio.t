#!/bin/sh
# The library never prints and never reads stdin (STYLE 3, issue 7): no
# object of build/libhak.a refers to stdout, stderr or stdin; the programs
# get those through the tool layer (build/libhaktool.a).
. "$HAK_TOP/tests/lib.sh"
# The archive of the build under test: HAK_UNIT is BUILD/tests/unit
# (build-asan/ under make check-asan).
LIBA=${HAK_UNIT:-$HAK_TOP/build/tests/unit}
LIBA=${LIBA%/tests/unit}/libhak.a

if [ ! -f "$LIBA" ] || ! command -v nm >/dev/null 2>&1; then
	_n=$((_n + 1))
	echo "ok $_n - # SKIP no $LIBA or no nm"
	done_testing
	exit 0
fi
run nm -A "$LIBA"
ok "nm reads $LIBA" [ "$rc" -eq 0 ]
ok "the library has objects" grep -q ':' "$T/out"
# "libhak.a:cli.o: U stdout" in nm -A's output: one line per reference.
grep -E ' [Uu] (stdout|stderr|stdin)(@.*)?$' "$T/out" >refs.txt
ok "no object refers to stdout, stderr or stdin" [ ! -s refs.txt ]
sed 's/^/#   /' refs.txt
done_testing
