#!/bin/sh
# hak-request list (every filter, combined, --sort, --limit), show,
# history, export, and keys from stdin: the pipeline of SPEC 1, all or
# nothing, --keep-going, --dry-run, --print (SPEC 2.8, 5.2).
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db HAK_CONFIG=$DATA/requests/config.yaml
hak init 2>/dev/null
hak-school import "$DATA"/schools/schools.csv >/dev/null
at() { _t=$1; shift; HAK_NOW=$_t "$@" >/dev/null; }
# 1: FAC, Mon 11-02, normal, sla 2 -> due 11-04; assigned.
at 2026-11-02T09:00:00 hak-request new --school 7010001 --category facility-repair --title Roof
at 2026-11-02T10:00:00 hak-request assign 1 --to kim.minji
# 2: FAC, Fri 11-20, low, 10 days -> due 12-07 (12-01 a holiday); new.
at 2026-11-20T10:00:00 hak-request new --school 7010002 --category it-equipment --title PC --priority low
# 3: EDU, Wed 11-25, curriculum 10 days -> 12-10; resolved on 11-26.
at 2026-11-25T10:00:00 hak-request new --school A1 --category curriculum --title Plan
at 2026-11-25T11:00:00 hak-request assign 3 --to park.jiyoung
at 2026-11-26T11:00:00 hak-request resolve 3 -m done
# 4: ADM, 10-15, urgent -> 10-16; withdrawn on 10-16.
at 2026-10-15T10:00:00 hak-request new --school A2 --category admin-task --title Form --priority urgent
at 2026-10-16T09:00:00 hak-request withdraw 4
# 5: FAC, Mon 11-23, high: min(2, 3) -> 11-25; new, overdue.
at 2026-11-23T10:00:00 hak-request new --school 7010003 --category facility-repair --title Door --priority high

ids() { cut -d, -f1 "$T/out" | tr '\n' ' '; }
lists() {	# lists NAME "IDS" OPTIONS...
	_ln=$1 _lw=$2; shift 2
	succeeds "list $_ln" hak-request list --no-header "$@"
	ok "list $_ln: $_lw" [ "$(ids)" = "$_lw" ]
}
lists "(all, by id)" "1 2 3 4 5 "
lists "--status new" "2 5 " --status new
lists "--status 배정 (label)" "1 " --status 배정
lists "--status new,assigned" "1 2 5 " --status new,assigned
lists "--status twice" "3 4 " --status resolved --status withdrawn
lists "--open" "1 2 5 " --open
lists "--overdue" "1 5 " --overdue
lists "--dept EDU" "3 " --dept EDU
lists "--school by name" "1 " --school 한빛초
lists "--category" "1 5 " --category facility-repair
lists "--assignee" "3 " --assignee park.jiyoung
lists "--project (none)" "" --project P-1
lists "--period 2026-11" "1 2 3 5 " --period 2026-11
lists "--period 2026-10" "4 " --period 2026-10
lists "--since" "2 3 5 " --since 2026-11-20
lists "--until" "1 4 " --until 2026-11-19
lists "--since --until" "2 5 " --since 2026-11-20 --until 2026-11-24
lists "--date-field resolved" "3 " --date-field resolved --period 2026-W48
lists "--date-field due" "1 5 " --date-field due --period 2026-11
lists "--date-field closed" "4 " --date-field closed --period 2026-10
lists "combined filters" "5 " --open --dept FAC --since 2026-11-20 --status new --category facility-repair
lists "--sort -received_at" "3 5 2 1 4 " --sort -received_at
lists "--sort priority,-id (by rank)" "2 3 1 5 4 " --sort priority,-id
lists "--sort school_name (code point order)" "5 4 3 2 1 " --sort school_name
lists "--limit" "1 2 " --limit 2
lists "--overdue --limit" "1 " --overdue --limit 1
lists "--search in the title" "2 " --search PC
lists "--search is a substring" "1 " --search oo --category facility-repair --status assigned
lists "--search finds nothing" "" --search 없는말
fails "--search of only spaces" 2 "" hak-request list --search "   "
fails "--dept unknown" 2 "" hak-request list --dept XYZ
ok "names the department" err_has "unknown department 'XYZ'"
fails "--category unknown" 2 "" hak-request list --category roofs
fails "--assignee unknown" 2 "" hak-request list --assignee no.one
succeeds "list header" hak-request list --status new
ok "list columns: all but body, requester, resolution, reason" out_has "^id,external_id,received_at,school,school_name,category,department,priority,channel,status,assignee,project,title,due_on,first_response_at,resolved_at,closed_at,rating$"
fails "--sort bogus" 2 "" hak-request list --sort body
ok "--sort: names the field" err_has "unknown field 'body'"
fails "--limit 0" 2 "" hak-request list --limit 0
fails "--period with --since" 2 "" hak-request list --period 2026 --since 2026-01-01
fails "bad period" 2 "" hak-request list --period 2027-W53
fails "bad --date-field" 2 "" hak-request list --date-field opened
fails "bad --status" 2 "" hak-request list --status done
fails "--school unknown" 1 "" hak-request list --school 없는학교
expect "--fail-empty" 1 hak-request list --dept MED --fail-empty
ok "--fail-empty: header only, says so" streams 1 "^id,external_id," "^hak-request: no records$"
succeeds "json" hak-request list --status withdrawn -f json
ok "json: rating a number, ids strings" out_has '"id":"4"'

# show and history.
succeeds "show" hak-request show 3 -f csv
ok "show: the record with every column" out_has "^3,,2026-11-25T10:00:00+09:00,A1,중앙초등학교,curriculum,EDU,normal,,resolved,park.jiyoung,,Plan,,,2026-12-10,2026-11-26T11:00:00+09:00,2026-11-26T11:00:00+09:00,,done,,$"
ok "show: the history" out_has "^3,3,2026-11-25T11:00:00+09:00,tester,assign,assignee,,park.jiyoung,$"
fails "show unknown" 1 "" hak-request show 42
fails "show without ID" 2 "" hak-request show
succeeds "history" hak-request history 4
ok "history columns" out_has "^request,seq,at,actor,action,field,old,new,note$"
ok "history: withdraw" out_has "^4,2,2026-10-16T09:00:00+09:00,tester,withdraw,status,new,withdrawn,$"
ok "history: create holds the initial status" out_has "^4,1,2026-10-15T10:00:00+09:00,tester,create,status,,new,"
printf 'id\n4\n3\n4\n' >keys.csv
succeeds_in "history -" keys.csv hak-request history - --no-header
ok "history -: keys in order, duplicates once" [ "$(cut -d, -f1 "$T/out" | uniq | tr '\n' ' ')" = "4 3 " ]
succeeds "history --all" hak-request history --all --no-header
ok "history --all: every event" [ "$(wc -l <"$T/out")" -eq "$(sqlite3 h.db "SELECT count(*) FROM events WHERE entity = 'request'")" ]
expect "history unknown" 1 hak-request history 77
ok "history unknown: message" err_msg 1 "^hak-request: no request '77'$"

# Keys from stdin: all or nothing by default.
hak-request list >all.csv
fails_in "assign - with a finished request among them" 65 "" all.csv hak-request assign - --to lee.junho
ok "names the refused request" err_has "request 3 is resolved: assign is not allowed"
succeeds "all or nothing: nothing assigned" hak-request list --assignee lee.junho --no-header
ok "all or nothing: check" out_empty
fails_in "--keep-going" 65 "" all.csv hak-request assign - --to lee.junho --keep-going
ok "--keep-going: both refusals reported" [ "$(grep -c 'is not allowed' "$T/err")" -eq 2 ]
lists "--keep-going assigned the open ones" "1 2 5 " --assignee lee.junho
hak-request list --overdue --dept FAC >overdue.csv
succeeds_in "the SPEC's pipeline" overdue.csv hak-request assign - --to kim.minji --print
ok "--print: list CSV of the affected" [ "$(ids)" = "id 1 5 " ]
lists "pipeline assigned" "1 5 " --assignee kim.minji
printf '1\n2\n99\n' >bad.csv
fails_in "an unknown key: all unchanged" 1 "" bad.csv hak-request set - --title Same
lists "no title changed" "" --search Same
succeeds "--dry-run --print" hak-request start 1 2 --dry-run --print
ok "dry run prints the result" [ "$(ids)" = "id 1 2 " ]
lists "dry run wrote nothing" "1 2 5 " --status assigned
printf '1\n2' >cut.csv
fails_in "a cut-off last key" 65 "" cut.csv hak-request start -
fails "'-' with other keys" 2 "" hak-request start 1 -
fails "no keys" 2 "" hak-request start
fails "keys and -m both from stdin" 2 "" hak-request note - -m -
succeeds "export" hak-request export
ok "export: every column" out_has "^id,external_id,received_at,school,school_name,category,department,priority,channel,status,assignee,project,title,body,requester,due_on,first_response_at,resolved_at,closed_at,resolution,reason,rating$"
ok "export: 5 records" [ "$(wc -l <"$T/out")" -eq 6 ]
fails "export takes no filter" 2 "" hak-request export --dept FAC

# Completions.
succeeds "--list-values status" hak-request --list-values status
ok "status words" out_is "$(printf 'new\nassigned\nin_progress\nwaiting\nresolved\nclosed\nrejected\nwithdrawn')"
succeeds "--list-values to" hak-request --list-values to
ok "staff from the database" out_is "$(printf 'gone.staff\nkim.minji\nlee.junho\npark.jiyoung')"
succeeds "--list-values category" hak-request --list-values category
ok "categories from the database" out_has "^facility-repair$"
succeeds "--list-values dept" hak-request --list-values dept
ok "departments" out_is "$(printf 'ADM\nEDU\nFAC\nMED')"
succeeds "--list-commands" hak-request --list-commands
ok "every command" [ "$(tr '\n' ' ' <"$T/out")" = "new assign start wait resolve close reject withdraw reopen rate note set redact list show history import export " ]
succeeds "--help" hak-request --help
ok "--help: the synopsis" out_has "hak-request assign ID... | - --to STAFF"
done_testing
