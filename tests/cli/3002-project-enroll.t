#!/bin/sh
# hak-project enroll and participants, and the pipeline of this year's new
# projects into participants (SPEC 5.3, 2.8).
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db
run hak init
hak-school import "$DATA"/schools/schools.csv >/dev/null
hak-project import "$DATA"/projects/projects.csv >/dev/null
hak-project add FAC-2026-09 --name 네트워크 --dept FAC --recipient school --is-new
hak-project add NONE-1 --name 대상없음 --dept EDU
events() { sqlite3 h.db "SELECT count(*) FROM events WHERE entity = 'project'"; }
parts() { sqlite3 h.db "SELECT count(*) FROM participations"; }

# One recipient type: no --recipient needed; a school counts 1; date today.
succeeds "enroll schools" hak-project enroll FAC-2026-09 한빛초 새솔고 7010001
ok "enroll prints nothing" out_empty
succeeds "participants" hak-project participants FAC-2026-09
ok "participants: columns and rows" out_is "$(printf '%s\n' \
	project,school,school_name,recipient,count,date \
	'FAC-2026-09,7010001,한빛초등학교,school,1,2026-11-27' \
	'FAC-2026-09,7010003,새솔 고등학교,school,1,2026-11-27')"
run sqlite3 h.db "SELECT action || '|' || new FROM events WHERE key = 'FAC-2026-09' AND action = 'enroll' ORDER BY id"
ok "an enroll event per participation" out_is "$(printf 'enroll|7010001,school,1,2026-11-27\nenroll|7010003,school,1,2026-11-27')"

# Several types: --recipient required and must be one of them.
succeeds "enroll teachers" hak-project enroll EDU-2026-01 한빛초 --recipient 교사 --count 12명 --date 2026.4.1 --print
ok "enroll --print: participants CSV" out_is "$(printf '%s\n' \
	project,school,school_name,recipient,count,date \
	'EDU-2026-01,7010001,한빛초등학교,teacher,12,2026-04-01')"
succeeds "same key again updates the count" hak-project enroll EDU-2026-01 7010001 --recipient teacher --count 15 --date 2026-04-01
run sqlite3 h.db "SELECT coalesce(old, '') || '>' || new FROM events WHERE key = 'EDU-2026-01' AND action = 'enroll' ORDER BY id DESC LIMIT 1"
ok "update event: old and new" out_is "7010001,teacher,12,2026-04-01>7010001,teacher,15,2026-04-01"
n0=$(events)
succeeds "same count again: no change" hak-project enroll EDU-2026-01 7010001 --recipient teacher --count 15 --date 2026-04-01
ok "no event for no change" [ "$(events)" -eq "$n0" ]
printf 'school,note\n7010002,a\n7010003,b\n' >schools.csv
succeeds_in "enroll - from stdin" schools.csv hak-project enroll EDU-2026-01 - --recipient student --count 30 --date 2026-05-06
succeeds "participants after enroll" hak-project participants EDU-2026-01 --no-header
ok "participants: by date, school, recipient" out_is "$(printf '%s\n' \
	'EDU-2026-01,7010001,한빛초등학교,teacher,15,2026-04-01' \
	'EDU-2026-01,7010002,한빛중학교,student,30,2026-05-06' \
	'EDU-2026-01,7010003,새솔 고등학교,student,30,2026-05-06')"
succeeds "show: reach by recipient and level" hak-project show EDU-2026-01 -f csv
ok "show: (all) then each level" out_has "^student,(all),2,2,60$"
ok "show: middle" out_has "^student,middle,1,1,30$"
ok "show: teachers" out_has "^teacher,elementary,1,1,15$"

# Refusals: nothing written.
n0=$(events) p0=$(parts)
fails "enroll unknown project" 1 "" hak-project enroll NOPE 7010001
fails "enroll unknown school" 1 "" hak-project enroll FAC-2026-09 없는학교
ok "unknown school: message" err_has "no school matches '없는학교'"
fails "enroll ambiguous school" 65 "" hak-project enroll FAC-2026-09 중앙
fails "enroll: all or nothing" 1 "" hak-project enroll FAC-2026-09 A1 없는학교
fails "enroll: several types, no --recipient" 2 "" hak-project enroll EDU-2026-01 7010001 --count 3
ok "several types: listed" err_has "student;teacher"
fails "enroll: recipient not served" 65 "" hak-project enroll EDU-2026-01 7010001 --recipient parent --count 3
ok "not served: message" err_has "not for recipient 'parent'"
fails "enroll: unknown recipient" 2 "" hak-project enroll EDU-2026-01 7010001 --recipient 교장 --count 3
fails "enroll: project without types" 65 "" hak-project enroll NONE-1 7010001
fails "enroll: --count required for people" 2 "" hak-project enroll EDU-2026-01 7010001 --recipient teacher
fails "enroll: negative count" 65 "" hak-project enroll EDU-2026-01 7010001 --recipient teacher --count -3
fails "enroll: bad count" 2 "" hak-project enroll EDU-2026-01 7010001 --recipient teacher --count many
fails "enroll: a school counts 1" 65 "" hak-project enroll FAC-2026-09 A1 --count 2
fails "enroll: bad date" 2 "" hak-project enroll FAC-2026-09 A1 --date 11/27/2026
fails "enroll: no school" 2 "" hak-project enroll FAC-2026-09
fails "enroll: no project" 2 "" hak-project enroll
printf '7010001\nA1' >partial.csv
fails_in "enroll - with a cut-off last line" 65 "" partial.csv hak-project enroll FAC-2026-09 -
ok "refusals wrote nothing" [ "$(events)" -eq "$n0" ] && [ "$(parts)" -eq "$p0" ]
fails "enroll --keep-going" 1 "" hak-project enroll FAC-2026-09 A1 없는학교 --keep-going
ok "keep-going: A1 enrolled" [ "$(parts)" -eq $((p0 + 1)) ]
succeeds "enroll --dry-run" hak-project enroll FAC-2026-09 A2 --dry-run --print
ok "dry run prints" out_has "^FAC-2026-09,A2,중앙중학교,school,1,2026-11-27$"
ok "dry run wrote nothing" [ "$(parts)" -eq $((p0 + 1)) ]

# participants: refusals.
fails "participants unknown" 1 "" hak-project participants FAC-2026-09 NOPE
ok "unknown: nothing listed" out_empty
fails "participants without keys" 2 "" hak-project participants
expect "participants --fail-empty, no rows" 1 hak-project participants MED-2026-01 --fail-empty
ok "participants --fail-empty: header only, says so" streams 1 "^project,school," "^hak-project: no records$"

# The pipeline: this year's new projects into participants.
hak-project list --year 2026 --new >new.csv
ok "this year's new projects" [ "$(cut -d, -f1 new.csv | tr '\n' ' ')" = "code ADM-2026-01 EDU-2026-01 FAC-2026-09 " ]
run sh -c 'hak-project list --year 2026 --new | hak-project participants - --no-header'
ok "pipeline: exit 0" out_only
ok "pipeline: the participations of the new 2026 projects" out_is "$(printf '%s\n' \
	'EDU-2026-01,7010001,한빛초등학교,teacher,15,2026-04-01' \
	'EDU-2026-01,7010002,한빛중학교,student,30,2026-05-06' \
	'EDU-2026-01,7010003,새솔 고등학교,student,30,2026-05-06' \
	'FAC-2026-09,7010001,한빛초등학교,school,1,2026-11-27' \
	'FAC-2026-09,7010003,새솔 고등학교,school,1,2026-11-27' \
	'FAC-2026-09,A1,중앙초등학교,school,1,2026-11-27')"
done_testing
