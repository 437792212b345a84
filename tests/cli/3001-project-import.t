#!/bin/sh
# hak-project import and export: Korean labels, refused rows, the round
# trip of SPEC 2.7 (export, import into a fresh database, export again).
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db
cp "$DATA"/projects/*.csv .
run hak init
hak-school import "$DATA"/schools/schools.csv >/dev/null

succeeds "import" hak-project import projects.csv
ok "summary" out_is "4 new, 0 already present, 0 rejected"
succeeds "export" hak-project export --no-header
ok "export: labels read as codes, numbers and dates normalised, by code" \
	out_is "$(printf '%s\n' \
	'ADM-2026-01,행정업무 경감 컨설팅,ADM,업무 경감,school;staff,2026,2026-03-02,2026-11-30,active,1,60,40000000,' \
	'EDU-2026-01,교원 수업코칭,EDU,수업 혁신,student;teacher,2026,2026-03-02,2026-12-18,active,1,300,45000000,"수업 나눔, 코칭"' \
	'FAC-2025-01,찾아가는 학교시설 안전점검,FAC,시설 안전,school,2025,2025-03-10,2025-12-19,closed,0,80,90000000,' \
	'MED-2026-01,학교폭력 관계회복 지원,MED,,parent;student;teacher,2026,,,planned,0,,,')"
succeeds "import again" hak-project import projects.csv
ok "nothing changes" out_is "0 new, 4 already present, 0 rejected"
run sqlite3 h.db "SELECT count(*) FROM events WHERE entity = 'project' AND action = 'create'"
ok "a create event per project" out_is 4
run sqlite3 h.db "SELECT new FROM events WHERE entity = 'project' AND key = 'FAC-2025-01'"
ok "create event holds the full record" \
	out_is "FAC-2025-01,찾아가는 학교시설 안전점검,FAC,시설 안전,school,2025,2025-03-10,2025-12-19,closed,0,80,90000000,"
run sqlite3 h.db "SELECT entity || ':' || new_rows || ':' || same FROM batches ORDER BY id DESC LIMIT 1"
ok "the batch is recorded" out_is "project:0:4"

# An update by code: only the columns present are touched.
printf 'code,name,department,budget\nMED-2026-01,학교폭력 관계회복 지원,MED,"5,000,000"\n' >upd.csv
succeeds "import an update" hak-project import upd.csv
ok "summary: 1 updated" out_is "0 new, 1 updated, 0 already present, 0 rejected"
succeeds "export after update" hak-project export --no-header
ok "update: budget set, rest kept" \
	out_has '^MED-2026-01,학교폭력 관계회복 지원,MED,,parent;student;teacher,2026,,,planned,0,,5000000,$'
run sqlite3 h.db "SELECT field || ':' || coalesce(old, '') || '>' || new FROM events WHERE entity = 'project' AND action = 'update'"
ok "update event with old and new" out_is "budget:>5000000"

# The round trip: export, import into a fresh database, export again.
hak-project export -o e1.csv
export HAK_DB=$T/fresh.db
run hak init
hak-school import "$DATA"/schools/schools.csv >/dev/null
succeeds "import the export into a fresh database" hak-project import e1.csv
ok "round trip: 4 new" out_is "4 new, 0 already present, 0 rejected"
hak-project export -o e2.csv
ok "round trip: identical export" same e1.csv e2.csv
hak-project export -f excel -o x1.csv
succeeds "excel export imports too" hak-project import x1.csv
ok "excel: nothing changes" out_is "0 new, 4 already present, 0 rejected"
export HAK_DB=$T/h.db

# Bad rows: every refusal reported, exit 65, nothing written.
fails "import bad rows" 65 "" hak-project import bad.csv
ok "unknown department" err_has "^bad.csv:3: department: unknown department 'XYZ'"
ok "dates out of order" err_has "^bad.csv:4: start_on: start_on 2026-12-01 is after end_on 2026-03-01"
ok "negative budget" err_has "^bad.csv:5: budget: budget '-5' is negative"
ok "unknown recipient" err_has "^bad.csv:6: recipients: unknown recipient 'principal'"
ok "unknown status" err_has "^bad.csv:7: status: unknown status 'done'"
ok "budget not whole" err_has "^bad.csv:8: budget: "
ok "missing name" err_has "^bad.csv:9: name: a project needs a name"
ok "bad code" err_has "^bad.csv:10: code: bad code 'BAD 9'"
ok "bad year" err_has "^bad.csv:11: year: bad year '26'"
ok "negative target" err_has "^bad.csv:12: target: target '-1' is negative"
ok "US date refused" err_has "^bad.csv:13: start_on: "
ok "the good row is not reported" sh -c "! grep -q '^bad.csv:2:' '$T/err'"
run sqlite3 h.db "SELECT count(*) FROM projects"
ok "nothing written" out_is 4
fails "dry run finds the same" 65 "" hak-project import bad.csv --dry-run
expect "skip invalid" 0 hak-project import bad.csv --skip-invalid --rejects r.csv
ok "summary counts the rejected" out_is "1 new, 0 already present, 11 rejected"
ok "rejected rows on stderr" [ "$(grep -c "^bad.csv:[0-9]*: " "$T/err")" -eq 11 ]
ok "rejects file: 11 rows and a header" [ "$(wc -l <r.csv)" -eq 12 ]
fails "missing required column" 65 "" hak-project import nodept.csv
ok "names the column" err_has "department"
fails "missing file" 66 "" hak-project import nosuch.csv
fails "import without FILE" 2 "" hak-project import
fails "export takes no operand" 2 "" hak-project export x

# The same code twice in one file: the later row is an error, not a
# silent update (else importing the file again would not find it present).
printf 'code,name,department\nDUP-1,First,EDU\nDUP-1,Second,EDU\n' >dup.csv
fails "a code twice in one file" 65 "" hak-project import dup.csv
ok "names the earlier row" err_has "^dup.csv:3: code: 'DUP-1' is also on row 2"
run sqlite3 h.db "SELECT count(*) FROM projects WHERE code = 'DUP-1'"
ok "nothing written" out_is 0
done_testing
