# Shell helpers for the command-line tests (TAP).  Source it from a .t file:
#   . "$HAK_TOP/tests/lib.sh"
# Each test script gets a fresh temporary directory as its working
# directory, HAK_DB and HAK_CONFIG unset, and a fixed HAK_NOW.
set -u
: "${HAK_TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${HAK_BIN:=$HAK_TOP/bin}"
PATH=$HAK_BIN:$PATH
DATA=$HAK_TOP/tests/data
SHARED=${HAK_SHARED:-$HAK_TOP/../shared}
T=$(mktemp -d "${TMPDIR:-/tmp}/hak-test.XXXXXX") || exit 71
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 71
unset HAK_DB HAK_CONFIG HAK_FORMAT HAK_EXEC_PATH XDG_CONFIG_HOME NO_COLOR
export HOME=$T HAK_NOW=2026-11-27T10:00:00 HAK_USER=tester LC_ALL=C.UTF-8
_n=0 _failed=0

# run CMD...: run a command, keeping its stdout in $T/out, stderr in
# $T/err and its status in $rc.  Never fails itself.
run() {
	"$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
}
# run_in FILE CMD...: as run, with stdin from FILE.
run_in() {
	_in=$1; shift
	"$@" >"$T/out" 2>"$T/err" <"$_in"
	rc=$?
}
ok() {	# ok NAME CONDITION...
	_n=$((_n + 1)); _name=$1; shift
	if "$@"; then
		echo "ok $_n - $_name"
	else
		_failed=$((_failed + 1))
		echo "not ok $_n - $_name"
		echo "#   rc=$rc"
		sed 's/^/#   out: /' "$T/out" 2>/dev/null | head -n 8
		sed 's/^/#   err: /' "$T/err" 2>/dev/null | head -n 8
	fi
}
# demo_db FILE: a copy of the demo database that tests/run built once
# (HAK_DEMO_DB), else a new one built here.
demo_db() {
	if [ -n "${HAK_DEMO_DB:-}" ] && [ -f "$HAK_DEMO_DB" ]; then
		cp "$HAK_DEMO_DB" "$1" && chmod 0600 "$1"
	else
		hak demo --db "$1" 2>/dev/null
	fi
}
# skip NAME REASON: a check that cannot run here (TAP "# SKIP"); the
# runner counts it apart, never as a pass.
skip() {
	_n=$((_n + 1))
	echo "ok $_n - $1 # SKIP $2"
}
# expect NAME STATUS CMD...: run CMD and check its exit status.
expect() {
	_name=$1 _want=$2; shift 2
	run "$@"
	ok "$_name (exit $_want)" [ "$rc" -eq "$_want" ]
}
expect_in() {	# expect_in NAME STATUS FILE CMD...
	_name=$1 _want=$2 _file=$3; shift 3
	run_in "$_file" "$@"
	ok "$_name (exit $_want)" [ "$rc" -eq "$_want" ]
}
# Checks on the last run's output.
out_has() { grep -q -- "$1" "$T/out"; }
err_has() { grep -q -- "$1" "$T/err"; }
out_is() { [ "$(cat "$T/out")" = "$1" ]; }
err_empty() { [ ! -s "$T/err" ]; }
out_empty() { [ ! -s "$T/out" ]; }
same() { cmp -s "$1" "$2"; }
done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}
