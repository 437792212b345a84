# Shell helpers for the command-line tests (TAP).  Source it from a .t file:
#   . "$HAK_TOP/tests/lib.sh"
# Each test script gets a fresh temporary directory as its working
# directory, HAK_DB and HAK_CONFIG unset, and a fixed HAK_NOW.
set -u
: "${HAK_TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${HAK_BIN:=$HAK_TOP/bin}"
PATH=$HAK_BIN:$PATH
DATA=$HAK_TOP/tests/data
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
# Checks that cover all three streams of one run at once (SPEC 2.6, 2.11):
# fails NAME STATUS PATTERN CMD...: CMD exits STATUS, prints nothing on
#   stdout, and has a stderr line matching PATTERN (grep BRE; "" for any)
#   in the `PROG: message` or `FILE:LINE: message` form.
# fails_in NAME STATUS PATTERN FILE CMD...: as fails, stdin from FILE.
# succeeds NAME CMD...: CMD exits 0 and prints nothing on stderr.
# succeeds_in NAME FILE CMD...: as succeeds, with stdin from FILE.
# says NAME PATTERN CMD...: CMD exits 0, prints nothing on stdout and
#   reports on stderr (e.g. "hak: created ..."): as fails, with status 0.
fails() {
	_name=$1 _want=$2 _pat=$3; shift 3
	run "$@"
	ok "$_name (exit $_want)" err_only "$_want" "$_pat"
}
fails_in() {	# fails_in NAME STATUS PATTERN FILE CMD...
	_name=$1 _want=$2 _pat=$3 _file=$4; shift 4
	run_in "$_file" "$@"
	ok "$_name (exit $_want)" err_only "$_want" "$_pat"
}
succeeds() {
	_name=$1; shift
	run "$@"
	ok "$_name (exit 0)" out_only
}
succeeds_in() {
	_name=$1 _file=$2; shift 2
	run_in "$_file" "$@"
	ok "$_name (exit 0)" out_only
}
says() {	# says NAME PATTERN CMD...
	_name=$1 _pat=$2; shift 2
	run "$@"
	ok "$_name (exit 0)" err_only 0 "$_pat"
}
# Conditions for ok on the last run:
# err_only [STATUS] PATTERN: exit STATUS (any failure if omitted), stdout
#   empty, a stderr line matching PATTERN in the message form above.
# out_only: exit 0 and stderr empty.
err_only() {
	if [ $# -ge 2 ]; then
		[ "$rc" -eq "$1" ] || return 1
		shift
	else
		[ "$rc" -ne 0 ] || return 1
	fi
	[ ! -s "$T/out" ] && err_has "$1" && err_form
}
out_only() { [ "$rc" -eq 0 ] && [ ! -s "$T/err" ]; }
# streams STATUS OUTPAT ERRPAT: exit STATUS, a stdout line matching
#   OUTPAT and a stderr message matching ERRPAT (e.g. hak check: findings
#   on stdout, the count on stderr; an import: summary and rejected rows).
# err_msg STATUS PATTERN: exit STATUS and a stderr message matching
#   PATTERN; stdout is checked apart (e.g. the header --fail-empty prints).
streams() { [ "$rc" -eq "$1" ] && out_has "$2" && err_has "$3" && err_form; }
err_msg() { [ "$rc" -eq "$1" ] && err_has "$2" && err_form; }
# err_form: stderr's first line has the form `PROG: message` or
# `FILE:LINE: message`, or `FILE:SHEET!C7: message` for a workbook's
# cell (later lines may continue it, e.g. the usage hint).
err_form() {
	head -n 1 "$T/err" | grep -q -E '^([a-z][a-z0-9-]*: |[^ :][^:]*:([^:!]*![A-Z]*)?[0-9]+(:[0-9]+)?: )'
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
