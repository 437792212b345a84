#!/bin/sh
# --encoding auto decides over the whole input (SPEC 2.9 v3): a CP949 file
# whose first Korean is valid UTF-8 in its CP949 bytes (창 is C3 A2, UTF-8
# for "â") is still read as CP949.  The CP949 files are made with iconv.
. "$HAK_TOP/tests/lib.sh"

cp949() { iconv -f UTF-8 -t CP949; }
# fresh NAME: a new database for what follows.
fresh() {
	export HAK_DB=$T/$1.db
	run hak init
}
# expect_pipe NAME STATUS FILE CMD...: as succeeds_in or fails_in (any
# message), FILE through a pipe.
expect_pipe() {
	_name=$1 _want=$2 _file=$3; shift 3
	cat "$_file" | "$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$_want" -eq 0 ]; then
		ok "$_name (exit 0)" out_only
	else
		ok "$_name (exit $_want)" err_only "$_want" ""
	fi
}

fresh h
ok "hak init" err_only 0 "^hak: created "
printf 'code,name,level\nC1,창 중학교,middle\nC2,처인고등학교,high\n' |
	cp949 >first.csv
ok "창 in CP949 is C3 A2" [ "$(od -An -tx1 -j19 -N2 first.csv | tr -d " ")" = c3a2 ]

succeeds "first Korean 창: import a file" hak-school import first.csv
ok "summary" out_is "2 new, 0 already present, 0 rejected"
succeeds "list" hak-school list --no-header
ok "names read as CP949" out_is "C1,창 중학교,,,middle,,open,,,,,
C2,처인고등학교,,,high,,open,,,,,"

fails "forced utf-8 refuses it" 65 "" hak-school import first.csv \
	--encoding utf-8
ok "... with its row" err_has ": first.csv:2: invalid UTF-8"

fresh s
succeeds_in "first Korean 창: import - from a file on stdin" first.csv \
	hak-school import -
ok "summary" out_is "2 new, 0 already present, 0 rejected"
succeeds "list" hak-school list --no-header --name 창
ok "name read as CP949" out_is "C1,창 중학교,,,middle,,open,,,,,"

fresh p
expect_pipe "first Korean 창: import - from a pipe" 0 first.csv \
	hak-school import -
ok "summary" out_is "2 new, 0 already present, 0 rejected"
succeeds "list" hak-school list --no-header --name 창
ok "name read as CP949" out_is "C1,창 중학교,,,middle,,open,,,,,"

# 8,998 rows of syllables valid as UTF-8 in CP949, then 처인 at row 9,000.
awk 'BEGIN {
	split("창 청 치 카 짜", s, " ")
	print "code,name,level"
	for (i = 2; i < 9000; i++)
		printf "N%04d,%s%s %s %d,high\n", i, s[i % 5 + 1],
		    s[int(i / 5) % 5 + 1], s[int(i / 25) % 5 + 1], i
	print "N9000,처인중학교,middle"
}' | cp949 >late.csv
fresh l
succeeds "9,000 rows, decided at row 9,000" hak-school import late.csv
ok "summary" out_is "8999 new, 0 already present, 0 rejected"
succeeds "row 9,000" hak-school show N9000 -f csv --no-header
ok "row 9,000 read as CP949" out_has "처인중학교"
succeeds "list" hak-school list --no-header
ok "row 2 read as CP949" out_has "^N0002,치창 창 2,,,high,"
fresh m
expect_pipe "... through a pipe" 0 late.csv hak-school import -
succeeds "list" hak-school list --no-header
ok "row 2 read as CP949" out_has "^N0002,치창 창 2,,,high,"
ok "row 9,000 read as CP949" out_has "^N9000,처인중학교,"

# Only ambiguous syllables: valid UTF-8 throughout, so UTF-8 it is;
# --encoding cp949 reads it as meant.
printf 'code,name,level\nA1,창 치,high\n' | cp949 >amb.csv
fresh a
succeeds "all valid UTF-8: import" hak-school import amb.csv
succeeds "list" hak-school list --no-header
ok "read as UTF-8" out_is "A1,â ġ,,,high,,open,,,,,"
succeeds "--encoding cp949" hak-school import amb.csv --encoding cp949
succeeds "list" hak-school list --no-header
ok "read as CP949" out_is "A1,창 치,,,high,,open,,,,,"

# Invalid in both: exit 65 with the row, nothing written.
{ printf 'code,name,level\nB1,창 중학교,high\n' | cp949; printf 'B2,\377,high\n'; } >bad.csv
fresh b
fails "a lone FF" 65 "" hak-school import bad.csv
ok "... its row" err_has ": bad.csv:3: invalid CP949"
succeeds "list" hak-school list --no-header
ok "nothing written" out_empty
expect_pipe "a lone FF through a pipe" 65 bad.csv hak-school import -
ok "... its row" err_has ": stdin:3: invalid CP949"

done_testing
