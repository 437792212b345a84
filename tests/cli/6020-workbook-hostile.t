#!/bin/sh
# Hostile workbooks (SPEC 2.9, 7; issue 11): each is refused with exit 65,
# never a crash or a hang, within a second and 64 MB (measured with
# tests/bench/maxrss.c: wall time and peak resident memory): ZIP bombs
# (a deflated part past 200 times its size; a directory that lies about
# the size), XML entity expansion and external entities, shared strings
# past their count or bytes, a cell over 1 MiB, cells and rows out of
# order or past XFD1048576, a shared string that is not there; and .xls
# files damaged on purpose, read by libfreexl in its child process.
# "Within a second" is CPU time (user and system): wall time on a loaded
# machine says more about the other programs than about this one; a
# blocked reader is caught by a bound of 10 s on wall time.
. "$HAK_TOP/tests/lib.sh"
if ! command -v python3 >/dev/null 2>&1; then
	skip "hostile workbooks" "python3 not installed"
	done_testing
	exit 0
fi
mkdir hz
python3 "$HAK_TOP/tests/wbgen.py" hostile-all hz
hak init --db h.db 2>/dev/null

# The bounds are checked on the plain build; the sanitizers' builds are
# slower and bigger by design (their run still checks exit 65 and that
# nothing crashed).
measure=0
case $HAK_BIN in
*asan*) ;;
*) command -v cc >/dev/null 2>&1 &&
	cc -O2 -o maxrss "$HAK_TOP/tests/bench/maxrss.c" 2>/dev/null && measure=1 ;;
esac

# hostile NAME FILE PATTERN: FILE is refused (exit 65) with a message
# matching PATTERN, within 1 s and 64 MB.
hostile() {
	fails "$1: refused" 65 "$3" hak-school import --db h.db "$2"
	ok "$1: nothing imported" [ "$(sqlite3 h.db 'SELECT count(*) FROM schools')" = 0 ]
	if [ $measure = 1 ]; then
		set -- "$1" $(./maxrss hak-school import --db h.db "$2")
		echo "# $1: $4 s CPU ($2 s wall), $3 KiB"
		ok "$1: within a second" awk -v t="$4" 'BEGIN { exit !(t < 1.0) }'
		ok "$1: within 64 MB" [ "$3" -lt 65536 ]
		ok "$1: no hang (under 10 s of wall time)" awk -v t="$2" 'BEGIN { exit !(t < 10) }'
	else
		skip "$1: within a second" "not measured under sanitizers"
		skip "$1: within 64 MB" "not measured under sanitizers"
		skip "$1: no hang (under 10 s of wall time)" "not measured under sanitizers"
	fi
}
hostile "a ZIP bomb (64 MiB of blanks)" hz/bomb.xlsx "refused as a ZIP bomb"
hostile "a directory that lies about a part's size" hz/lying-size.xlsx "refused as a ZIP bomb"
hostile "entity expansion (billion laughs)" hz/laughs.xlsx "DOCTYPE (entities) is refused"
hostile "an external entity" hz/external.xlsx "DOCTYPE (entities) is refused"
hostile "shared strings past 24 MiB" hz/sst-bytes.xlsx "shared strings past the limits"
hostile "shared strings past 1,048,576" hz/sst-count.xlsx "shared strings past the limits"
hostile "a cell over 1 MiB" hz/cell-1mib.xlsx "hz/cell-1mib.xlsx:Sheet1!A2: cell over 1 MiB"
hostile "cells out of order" hz/cell-order.xlsx "hz/cell-order.xlsx:Sheet1!A2: cell A2 is out of order"
hostile "rows out of order" hz/row-order.xlsx ""
ok "rows out of order: said" err_has "row 2 comes after a later row"
hostile "a cell past XFD" hz/past-xfd.xlsx "bad cell reference 'XFE2'"
hostile "a row past 1048576" hz/past-last-row.xlsx "bad row number '1048577'"
hostile "a shared string not there" hz/bad-sst-index.xlsx "shared string 7 does not exist"

# .xls files damaged on purpose: the header, the directory, the middle.
XLS=$DATA/workbook/schools.xls
size=$(wc -c <"$XLS")
damage() {	# damage OFFSET COUNT OUT: COUNT bytes 0xff at OFFSET
	cp "$XLS" "$3"
	head -c "$2" /dev/zero | tr '\0' '\377' |
		dd of="$3" bs=1 seek="$1" conv=notrunc 2>/dev/null
}
damage 48 16 hz/bad-dir.xls
damage 512 512 hz/bad-stream.xls
damage $((size / 2)) 1024 hz/bad-middle.xls
head -c 700 "$XLS" >hz/cut.xls
for f in bad-dir bad-stream bad-middle cut; do
	run hak-school import --db h.db hz/$f.xls --sheet 2
	ok ".xls $f: refused or read, never a crash" [ "$rc" -eq 65 ] || [ "$rc" -eq 0 ]
	ok ".xls $f: a message, no sanitizer report" sh -c "! grep -q 'Sanitizer\|runtime error' '$T/err'"
	if [ "$rc" -eq 65 ]; then
		ok ".xls $f: said in the usual form" err_form
	else
		ok ".xls $f: read" out_has "rejected"
	fi
done
done_testing
