#!/bin/sh
# A database path too long for the system (SPEC 2.1, 2.11): exit 66, and
# the one-line message names the path (shortened in the middle) and the
# reason, for every program.
. "$HAK_TOP/tests/lib.sh"

long=$(awk 'BEGIN { s = "start-"; for (i = 0; i < 5000; i++) s = s "x";
    print s "-end.db" }')
for p in hak hak-request hak-project hak-school; do
	case $p in hak) verb=check ;; *) verb=list ;; esac
	fails "$p $verb: path too long" 66 "" $p $verb --db "$long"
	ok "$p: message names the start of the path" err_has "'start-xxx"
	ok "$p: message names the end of the path" err_has "xxx-end.db'"
	ok "$p: path shortened in the middle" err_has "x\.\.\.x"
	ok "$p: message gives the reason" err_has "File name too long"
	ok "$p: one line" [ "$(wc -l <"$T/err")" -eq 1 ]
done

# A long path inside a directory that does not exist is a missing file.
deep=$(awk 'BEGIN { s = "nodir"; for (i = 0; i < 100; i++) s = s "/d";
    print s "/h.db" }')
fails "hak check: long missing path" 66 "" hak check --db "$deep"
ok "long missing path: names it" err_has "'nodir/d/d/"
# Where a message points into a file with a long name, the name is
# shortened, never the line and column after it.
d=$(awk 'BEGIN { s = "cfg"; for (i = 0; i < 3; i++) { s = s "/"; for (j = 0;
    j < 200; j++) s = s "c" } print s }')
mkdir -p "$d"
cp "$DATA"/config/err-unknown-key.yaml "$d"/bad.yaml
fails "config error in a long path" 78 "" hak init --db c.db --config "$d/bad.yaml"
ok "config error: line and column kept" err_has "ccc/bad.yaml:[0-9]*:[0-9]*: "
ok "config error: name shortened" err_has "c\.\.\.c"
done_testing
