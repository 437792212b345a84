#!/bin/sh
# hak-project add, set, list, show, close and every refused input (SPEC 5.3).
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db

fails "no database" 66 "" hak-project list
run hak init
hak-school import "$DATA"/schools/schools.csv >/dev/null
events() { sqlite3 h.db "SELECT count(*) FROM events WHERE entity = 'project'"; }
projects() { sqlite3 h.db "SELECT count(*) FROM projects"; }

# add.
succeeds "add" hak-project add EDU-2026-01 --name '교원 수업코칭' --dept edu \
	--recipient 교사 --recipient student --start-on 2026.3.2 \
	--end-on 2026-12-18 --budget '1,000,000원' --target 300 --is-new \
	--area '수업 혁신'
ok "add prints nothing" out_empty
succeeds "add: list" hak-project list --no-header
ok "add: the record, normalised" out_is "EDU-2026-01,교원 수업코칭,EDU,수업 혁신,student;teacher,2026,2026-03-02,2026-12-18,planned,1,300,1000000,"
run sqlite3 h.db "SELECT action || '|' || new FROM events WHERE entity = 'project'"
ok "add: a create event with the full record" out_is "create|EDU-2026-01,교원 수업코칭,EDU,수업 혁신,student;teacher,2026,2026-03-02,2026-12-18,planned,1,300,1000000,"
succeeds "add --print" hak-project add FAC-2025-01 --name 안전점검 --dept FAC \
	--recipient 학교 --start-on 2025-03-10 --status 진행중 --print
ok "add --print: list CSV; year from start_on" out_is "$(printf '%s\n' \
	code,name,department,area,recipients,year,start_on,end_on,status,is_new,target,budget,description \
	'FAC-2025-01,안전점검,FAC,,school,2025,2025-03-10,,active,0,,,')"
succeeds "add without dates" hak-project add ADM-1 --name 컨설팅 --dept ADM --print
ok "add: year defaults to the year of now" out_has "^ADM-1,컨설팅,ADM,,,2026,,,planned,0,,,$"
succeeds "add --dry-run" hak-project add DRY-1 --name 연습 --dept MED --dry-run --print
ok "dry run prints the record" out_has "^DRY-1,연습,MED,"
ok "dry run writes nothing" [ "$(projects)" -eq 3 ]

# add: every refusal, nothing written.
n0=$(events)
fails "add without CODE" 2 "" hak-project add --name x --dept EDU
fails "add without --name" 2 "" hak-project add X-1 --dept EDU
ok "says --name is required" err_has "name is required"
fails "add without --dept" 2 "" hak-project add X-1 --name x
fails "add with an empty name" 2 "" hak-project add X-1 --name ' ' --dept EDU
fails "add: unknown department" 65 "" hak-project add X-1 --name x --dept XYZ
ok "unknown department: message" err_has "unknown department 'XYZ'"
fails "add: dates out of order" 65 "" hak-project add X-1 --name x --dept EDU \
	--start-on 2026-12-01 --end-on 2026-03-01
ok "dates: message" err_has "start_on 2026-12-01 is after end_on 2026-03-01"
fails "add: negative budget" 65 "" hak-project add X-1 --name x --dept EDU --budget -5
fails "add: negative target" 65 "" hak-project add X-1 --name x --dept EDU --target -1
fails "add: budget not whole" 2 "" hak-project add X-1 --name x --dept EDU --budget 1.5
ok "malformed value: usage message names the option" err_has "usage: --budget: "
fails "add: budget not a number" 2 "" hak-project add X-1 --name x --dept EDU --budget lots
fails "add: unknown recipient" 2 "" hak-project add X-1 --name x --dept EDU --recipient principal
ok "unknown recipient: message" err_has "unknown recipient 'principal'"
fails "add: unknown status" 2 "" hak-project add X-1 --name x --dept EDU --status done
fails "add: bad date" 2 "" hak-project add X-1 --name x --dept EDU --start-on 03/01/2026
fails "add: bad year" 2 "" hak-project add X-1 --name x --dept EDU --year 26
fails "add: bad code" 65 "" hak-project add 'X 1' --name x --dept EDU
fails "add: code converted by a spreadsheet" 65 "" hak-project add 1.2E+15 --name x --dept EDU
fails "add: existing code" 65 "" hak-project add ADM-1 --name x --dept EDU
ok "existing code: message" err_has "already exists"
fails "add: two codes" 2 "" hak-project add X-1 X-2 --name x --dept EDU
fails "add: option of another verb" 2 "" hak-project add X-1 --name x --dept EDU --count 3
ok "refusals wrote nothing" [ "$(events)" -eq "$n0" ] && [ "$(projects)" -eq 3 ]

# set.
succeeds "set" hak-project set ADM-1 --area '업무 경감' --budget 2000 --no-is-new --is-new
ok "set prints nothing" out_empty
run sqlite3 h.db "SELECT field || ':' || coalesce(old, '') || '>' || coalesce(new, '') FROM events WHERE entity = 'project' AND action = 'update' ORDER BY id"
ok "set: one update event per changed field" out_is "$(printf 'area:>업무 경감\nis_new:0>1\nbudget:>2000')"
succeeds "set --FIELD '' clears, --print" hak-project set ADM-1 --area '' --recipient '' --print
ok "set: cleared" out_is "$(printf '%s\n' code,name,department,area,recipients,year,start_on,end_on,status,is_new,target,budget,description 'ADM-1,컨설팅,ADM,,,2026,,,planned,1,,2000,')"
succeeds "set --recipient builds the set" hak-project set ADM-1 --recipient staff --recipient 학교 --recipient staff --print
ok "set: recipients sorted, unique" out_has "^ADM-1,컨설팅,ADM,,school;staff,"
printf 'code,name\nADM-1,x\nEDU-2026-01,y\nADM-1,z\n' >keys.csv
succeeds_in "set - from stdin" keys.csv hak-project set - --status active --print
ok "set -: two records (duplicates once)" [ "$(wc -l <"$T/out")" -eq 3 ]
fails "set unknown" 1 "" hak-project set NOPE --status active
ok "set unknown: message" err_has "no project with code 'NOPE'"
fails "set known and unknown: all or nothing" 1 "" hak-project set ADM-1 NOPE --target 5
succeeds "all or nothing: check" hak-project list --no-header --dept ADM
ok "all or nothing: unchanged" out_has "^ADM-1,.*,active,1,,2000,$"
fails "set --keep-going" 1 "" hak-project set ADM-1 NOPE --target 5 --keep-going
ok "keep-going: the failure reported" err_has "NOPE"
succeeds "keep-going: check" hak-project list --no-header --dept ADM
ok "keep-going: ADM-1 changed" out_has "^ADM-1,.*,active,1,5,2000,$"
succeeds "set --dry-run" hak-project set ADM-1 --target 9 --dry-run --print
ok "dry run prints the result" out_has ",active,1,9,2000,$"
succeeds "dry run: check" hak-project list --no-header --dept ADM
ok "dry run wrote nothing" out_has ",active,1,5,2000,$"
n0=$(events)
fails "set nothing to change" 2 "" hak-project set ADM-1
fails "set no keys" 2 "" hak-project set --target 1
fails "set --name ''" 2 "" hak-project set ADM-1 --name ''
fails "set --dept ''" 2 "" hak-project set ADM-1 --dept ''
fails "set --status ''" 2 "" hak-project set ADM-1 --status ''
fails "set unknown department" 65 "" hak-project set ADM-1 --dept XYZ
fails "set end before the stored start" 65 "" hak-project set EDU-2026-01 --end-on 2026-01-01
ok "dates: message names the project" err_has "project 'EDU-2026-01': start_on 2026-03-02 is after end_on 2026-01-01"
fails "set negative budget" 65 "" hak-project set ADM-1 --budget -1
fails "set bad budget" 2 "" hak-project set ADM-1 --budget 1e6
fails "set bad recipient" 2 "" hak-project set ADM-1 --recipient 교장
fails "set bad status" 2 "" hak-project set ADM-1 --status finished
fails "set bad date" 2 "" hak-project set ADM-1 --start-on 2026-02-30
printf 'ADM-1\nEDU-2026-01' >partial.csv
fails_in "set - with a cut-off last line" 65 "" partial.csv hak-project set - --target 1
ok "set refusals wrote nothing" [ "$(events)" -eq "$n0" ]

# list and its filters.
succeeds "list --year 2026" hak-project list --year 2026 --no-header
ok "list --year: 2026 only" [ "$(cut -d, -f1 "$T/out" | tr '\n' ' ')" = "ADM-1 EDU-2026-01 " ]
succeeds "list --year last-year" hak-project list --year last-year --no-header
ok "list --year last-year: 2025" [ "$(cut -d, -f1 "$T/out")" = FAC-2025-01 ]
succeeds "list --dept fac" hak-project list --dept fac --no-header
ok "list --dept: FAC" [ "$(cut -d, -f1 "$T/out")" = FAC-2025-01 ]
succeeds "list --status 진행" hak-project list --status 진행 --no-header
ok "list --status: Korean label" [ "$(wc -l <"$T/out")" -eq 3 ]
succeeds "list --new" hak-project list --new --no-header
ok "list --new" [ "$(cut -d, -f1 "$T/out" | tr '\n' ' ')" = "ADM-1 EDU-2026-01 " ]
succeeds "list header" hak-project list
ok "list: header" out_has "^code,name,department,area,recipients,year,start_on,end_on,status,is_new,target,budget,description$"
succeeds "list json" hak-project list --dept FAC -f json
ok "json: year a number, is_new a boolean, budget null" out_has '"year":2025,"start_on":"2025-03-10","end_on":null,"status":"active","is_new":false,"target":null,"budget":null'
expect "--fail-empty without rows" 1 hak-project list --fail-empty --year 2024
ok "--fail-empty: header only, says so" streams 1 "^code,name," "^hak-project: no records$"
fails "list bad --status" 2 "" hak-project list --status done
fails "list bad --dept" 2 "" hak-project list --dept XYZ
fails "list bad --year" 2 "" hak-project list --year 20x6
fails "list operand" 2 "" hak-project list x
fails "list option of another verb" 2 "" hak-project list --name x

# show.
succeeds "show" hak-project show FAC-2025-01 -f csv
ok "show: project, participations, requests, surveys" out_is "$(printf '%s\n' \
	code,name,department,area,recipients,year,start_on,end_on,status,is_new,target,budget,description \
	'FAC-2025-01,안전점검,FAC,,school,2025,2025-03-10,,active,0,,,' '' \
	recipient,level,schools,participations,count '' \
	id,title,status,school,received_at '' \
	survey,question,n,mean,score100,top2)"
succeeds "show table" hak-project show FAC-2025-01 -f table
ok "show table: titled sections" out_has "^participations$"
ok "show table: field/value" out_has "^department  *FAC$"
succeeds "show json" hak-project show FAC-2025-01 -f json
ok "show json: one object" out_has '^{"project":\['
fails "show unknown" 1 "" hak-project show NOPE
ok "show unknown: message" err_has "no project with code 'NOPE'"
fails "show without CODE" 2 "" hak-project show
fails "show two codes" 2 "" hak-project show FAC-2025-01 ADM-1

# close.
succeeds "close --on" hak-project close FAC-2025-01 --on 2025.12.19 --print
ok "close: closed, end_on set" out_has "^FAC-2025-01,.*,2025-03-10,2025-12-19,closed,"
run sqlite3 h.db "SELECT field || ':' || coalesce(old, '') || '>' || new FROM events WHERE key = 'FAC-2025-01' AND action = 'update' ORDER BY id"
ok "close: update events" out_is "$(printf 'end_on:>2025-12-19\nstatus:active>closed')"
succeeds "close without --on, end in the future" hak-project close EDU-2026-01 --print
ok "close: end_on brought to today" out_has ",2026-03-02,2026-11-27,closed,"
fails "close again" 65 "" hak-project close EDU-2026-01
ok "already closed: message" err_has "already closed"
fails "close unknown" 1 "" hak-project close NOPE
fails "close: bad --on" 2 "" hak-project close ADM-1 --on 2026-13-01
hak-project set ADM-1 --start-on 2026-05-01
fails "close: --on before start" 65 "" hak-project close ADM-1 --on 2026-04-01
fails "close without keys" 2 "" hak-project close
succeeds "close --dry-run" hak-project close ADM-1 --dry-run --print
ok "close --dry-run: today" out_has ",2026-05-01,2026-11-27,closed,"
succeeds "dry run: still open" hak-project list --dept ADM --no-header
ok "dry run: unchanged" out_has ",2026-05-01,,active,"

# An inactive department (kept for history) is refused for new use.  The
# config always holds the four fixed departments, so mark one directly.
sqlite3 h.db "UPDATE departments SET active = 0 WHERE code = 'MED'"
fails "add: inactive department" 65 "" hak-project add X-9 --name x --dept MED
ok "inactive department: message" err_has "inactive department 'MED'"
fails "set: inactive department" 65 "" hak-project set ADM-1 --dept MED
sqlite3 h.db "UPDATE departments SET active = 1 WHERE code = 'MED'"

# --help, --version, completions.
succeeds "--help" hak-project --help
ok "--help: enroll synopsis" out_has "hak-project enroll CODE SCHOOL... | - \[--recipient T\]"
succeeds "--version" hak-project --version
ok "--version" out_has "^hak-project (hakjibon) "
fails "unknown command" 2 "" hak-project frobnicate
succeeds "completion: recipients" hak-project --list-values recipient
ok "recipients listed" out_is "$(printf 'school\nteacher\nstudent\nparent\nstaff')"
succeeds "completion: status" hak-project --list-values status
ok "statuses listed" out_is "$(printf 'planned\nactive\nclosed')"
succeeds "completion: project codes" hak-project --list-values code
ok "codes from the database" out_is "$(printf 'ADM-1\nEDU-2026-01\nFAC-2025-01')"
succeeds "completion: school codes" hak-project --list-values school
ok "school codes" out_has "^7010001$"
succeeds "completion: options of enroll" hak-project --list-options enroll
ok "enroll takes --recipient" out_has "^--recipient=$"
done_testing
