#!/bin/sh
# hak-school import: the acceptance scenario (SPEC 2.10, 4).
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db
cp "$DATA"/schools/*.csv "$DATA"/schools/*.xlsx .
run hak init
ok "hak init" err_only 0 "^hak: created "

# One bad row: exit 65, the problem on stderr, nothing written.
fails "import with a bad row" 65 "" hak-school import bad-row.csv
ok "problem as FILE:ROW: COLUMN: message" err_has \
	"^bad-row.csv:7: level: unknown level 'college'"
ok "nothing written, says so" err_has "nothing imported"
succeeds "export after a failed import" hak-school export --no-header
ok "failed import wrote nothing" out_empty

# --dry-run finds the same problem.
fails "dry run with a bad row" 65 "" hak-school import bad-row.csv --dry-run

# --skip-invalid --rejects: the rest imported, the bad row in r.csv.
expect "skip invalid" 0 hak-school import bad-row.csv --skip-invalid \
	--rejects r.csv
ok "summary" out_is "5 new, 0 already present, 1 rejected"
ok "rejected row on stderr" streams 0 "rejected" "^bad-row.csv:7: level: unknown level 'college'"
printf '\357\273\277code,name,aliases,level,district,students,teachers,classes,opened,row,error\r\nA2,중앙중학교,중앙,college,종로,,,,,7,"level: unknown level '"'"'college'"'"' (kindergarten, elementary, middle, high, special, other; or 유치원, 유, 초등학교, 초등, 초, 중학교, 중, 고등학교, 고, 특수학교, 기타, 각종학교, 고등공민학교, 고등기술학교, 공민학교, 방송통신중학교, 방송통신고등학교, 대안학교, 외국인학교)"\r\n' >want.csv
ok "rejects: the row and its error, BOM, CRLF" same r.csv want.csv
ok "rejects: mode 0600" [ "$(stat -c %a r.csv)" = 600 ]

# Fixed file: the rest comes in; the same file again changes nothing.
succeeds "import the fixed file" hak-school import schools.csv
ok "summary: 1 new, 5 already present" \
	out_is "1 new, 5 already present, 0 rejected"
succeeds "import again" hak-school import schools.csv
ok "everything already present" out_is "0 new, 6 already present, 0 rejected"
run sqlite3 h.db "SELECT count(*) FROM batches WHERE entity = 'school'"
ok "a batch per committed import" out_is 3
run sqlite3 h.db "SELECT count(*) FROM events WHERE entity = 'school' AND action = 'create'"
ok "a create event per school" out_is 6
run sqlite3 h.db "SELECT new FROM events WHERE entity = 'school' AND key = '7010002'"
ok "create event holds the CSV line" \
	out_is "7010002,한빛중학교,,,middle,강남,open,,800,45,24,1995-03-01"

# A changed row updates by code with an update event.
printf 'code,name,level,students\n7010002,한빛중학교,middle,810\n' >u.csv
succeeds "import an update" hak-school import u.csv
ok "summary: 1 updated" out_is "0 new, 1 updated, 0 already present, 0 rejected"
run sqlite3 h.db "SELECT field || ':' || old || '>' || new FROM events WHERE entity = 'school' AND action = 'update'"
ok "update event with old and new" out_is "students:800>810"

# Export, import into a fresh database, export again: identical.
succeeds "export" hak-school export -o e1.csv
succeeds "import into a fresh db" sh -c 'HAK_DB=f.db hak init 2>/dev/null && HAK_DB=f.db hak-school import e1.csv'
succeeds "export the fresh db" env HAK_DB=f.db hak-school export -o e2.csv
ok "csv round trip byte-identical" same e1.csv e2.csv
ok "export has the formula-like name as is" grep -q '^0012345,"=SUM(1,2) 유치원"' e1.csv

# The excel format reads back identically.
succeeds "excel export" hak-school export -f excel -o x1.xls.csv
ok "excel guards the formula" grep -q "'=SUM" x1.xls.csv
succeeds "import the excel file" sh -c 'HAK_DB=g.db hak init 2>/dev/null && HAK_DB=g.db hak-school import x1.xls.csv'
succeeds "excel export of it" env HAK_DB=g.db hak-school export -f excel -o x2.xls.csv
ok "excel round trip byte-identical" same x1.xls.csv x2.xls.csv
succeeds "csv export of the excel import" env HAK_DB=g.db hak-school export -o g.csv
ok "excel read back equals the csv export" same e1.csv g.csv

# CP949 input.
succeeds "cp949 import" sh -c 'HAK_DB=c.db hak init 2>/dev/null && HAK_DB=c.db hak-school import schools-cp949.csv'
ok "cp949: 6 new" out_is "6 new, 0 already present, 0 rejected"
succeeds "cp949 export" env HAK_DB=c.db hak-school export -o c1.csv
succeeds "utf-8 import for comparison" sh -c 'HAK_DB=d.db hak init 2>/dev/null && HAK_DB=d.db hak-school import schools.csv'
succeeds "utf-8 export" env HAK_DB=d.db hak-school export -o d1.csv
ok "cp949 and utf-8 give the same records" same c1.csv d1.csv
succeeds "forced --encoding cp949" env HAK_DB=c.db hak-school import schools-cp949.csv --encoding cp949
ok "forced cp949: already present" out_is "0 new, 6 already present, 0 rejected"

# Refused inputs.
fails "a broken .xlsx refused" 65 "" hak-school import schools.xlsx
ok "a broken .xlsx: hint to save as CSV UTF-8" err_has "CSV UTF-8"
fails "unclosed quote" 65 "" sh -c 'HAK_DB=u.db hak init 2>/dev/null && HAK_DB=u.db hak-school import unclosed.csv --skip-invalid'
ok "unclosed quote: the physical line" err_has "unclosed.csv:3"
succeeds "unclosed quote: export" env HAK_DB=u.db hak-school export --no-header
ok "unclosed quote: nothing written" out_empty
fails "missing file" 66 "" hak-school import nosuch.csv
fails "bad --encoding" 2 "" hak-school import schools.csv --encoding latin1
fails "bad --year" 2 "" hak-school import schools.csv --year abc
fails "no file operand" 2 "" hak-school import
printf 'name,level\nx,high\n' >nocode.csv
fails "missing required column" 65 "" hak-school import nocode.csv
ok "missing column named" err_has "nocode.csv:1: missing column 'code'"

# --year puts the counts in another year.
printf 'code,name,level,students\n7010001,한빛초등학교,elementary,1100\n' >y.csv
succeeds "import --year 2025" hak-school import y.csv --year 2025
succeeds "list --year 2025" hak-school list --year 2025 --name 한빛초등학교 --no-header
ok "2025 counts" out_is "7010001,한빛초등학교,Hanbit Elementary;한빛초,,elementary,강남,open,,1100,,,1990-03-02"
succeeds "list this year" hak-school list --name 한빛초등학교 --no-header
ok "2026 counts unchanged" out_is "7010001,한빛초등학교,Hanbit Elementary;한빛초,,elementary,강남,open,,1200,60,40,1990-03-02"

# --dry-run writes nothing.
printf 'code,name,level\nZ9,새학교,high\n' >z.csv
succeeds "dry run" hak-school import z.csv --dry-run
ok "dry run summary" out_has "1 new"
fails "dry run wrote nothing" 1 "" hak-school show Z9
done_testing
