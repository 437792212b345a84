#!/bin/sh
# SPEC 2.9: a code that a spreadsheet turned into a number (1.2E+15) is
# refused with a hint, wherever a school is referred to, not only in a
# record's own code column: the school column of an import, --school,
# keys on stdin.  Exit 65 (bad data), nothing written.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db
hak init 2>/dev/null
printf 'code,name,level\n7751001,가람초등학교,elementary\n' >s.csv
hak-school import s.csv >/dev/null 2>&1
hint='was turned into a number by a spreadsheet; format the column as text'

fails "new --school 7.751001E+06" 65 "" hak-request new --school 7.751001E+06 \
    --category curriculum --title x
ok "... hint on stderr, nothing on stdout" err_has "^hak-request: code '7.751001E+06' $hint"
ok "... stdout empty" out_empty
ok "... no request made" [ "$(hak-request list --no-header | wc -l)" -eq 0 ]

printf 'school\n7.751001E+06\n' >keys.csv
fails_in "set - with the key on stdin" 65 "" keys.csv hak-school set - --students 3
ok "... hint names the key" err_has "^hak-school: code '7.751001E+06' $hint"
ok "... stdout empty" out_empty

printf 'school,category,title\n7.751001E+06,curriculum,x\n' >r.csv
fails "request import, school column" 65 "" hak-request import r.csv
ok "... FILE:ROW: COLUMN: hint" err_has "^r.csv:2: school: code '7.751001E+06' $hint"
ok "... stdout empty" out_empty
ok "... nothing imported" [ "$(hak-request list --no-header | wc -l)" -eq 0 ]

hak-project add P1 --name 사업 --dept EDU --recipient school 2>/dev/null
fails "project enroll with such a school" 65 "" hak-project enroll P1 7.751001E+06
ok "... hint" err_has "code '7.751001E+06' $hint"

# A number that is no spreadsheet's conversion is just an unknown school.
fails "new --school 12345" 1 "" hak-request new --school 12345 \
    --category curriculum --title x
ok "... no hint" err_has "no school matches '12345'"
done_testing
