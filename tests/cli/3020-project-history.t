#!/bin/sh
# hak-project history CODE...|- (SPEC 5.3 v3, 2.13): the events of
# projects, readable: a create event a row per field, an enroll event one
# row of name=value pairs, in every listing format.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db

run hak init
hak-school import "$DATA"/schools/schools.csv >/dev/null
succeeds "add" hak-project add EDU-2026-01 --name '수업, 코칭' --dept EDU \
	--recipient teacher --start-on 2026-03-02
succeeds "set" hak-project set EDU-2026-01 --status active --target 30
succeeds "enroll" hak-project enroll EDU-2026-01 7010001 --count 3 --date 2026-04-01
succeeds "enroll again: a new count" hak-project enroll EDU-2026-01 7010001 --count 5 --date 2026-04-01
succeeds "add another" hak-project add ADM-1 --name 컨설팅 --dept ADM

A=2026-11-27T10:00:00+09:00,tester
succeeds "history" hak-project history EDU-2026-01
ok "history: readable rows" out_is "project,seq,at,actor,action,field,old,new,note
EDU-2026-01,1,$A,create,code,,EDU-2026-01,
EDU-2026-01,1,$A,create,name,,\"수업, 코칭\",
EDU-2026-01,1,$A,create,department,,EDU,
EDU-2026-01,1,$A,create,recipients,,teacher,
EDU-2026-01,1,$A,create,year,,2026,
EDU-2026-01,1,$A,create,start_on,,2026-03-02,
EDU-2026-01,1,$A,create,status,,planned,
EDU-2026-01,1,$A,create,is_new,,0,
EDU-2026-01,2,$A,update,status,planned,active,
EDU-2026-01,3,$A,update,target,,30,
EDU-2026-01,4,$A,enroll,,,school=7010001 recipient=teacher count=3 date=2026-04-01,
EDU-2026-01,5,$A,enroll,,school=7010001 recipient=teacher count=3 date=2026-04-01,school=7010001 recipient=teacher count=5 date=2026-04-01,"
ok "history: nothing on stderr" err_empty

succeeds "two codes, one twice" hak-project history ADM-1 EDU-2026-01 ADM-1 --no-header
ok "two codes: each once, in the order given" [ "$(cut -d, -f1 "$T/out" | uniq | tr '\n' ' ')" = "ADM-1 EDU-2026-01 " ]

succeeds "list | history -" sh -c 'hak-project list --status active | hak-project history - --no-header'
ok "history -: the active project's rows" [ "$(cut -d, -f1 "$T/out" | sort -u)" = EDU-2026-01 ]

fails "unknown code" 1 "" hak-project history EDU-2026-01 NOPE
ok "unknown: nothing printed" out_empty
ok "unknown: message" err_has "^hak-project: no project with code 'NOPE'"
fails "no keys" 2 "" hak-project history

succeeds "json" hak-project history ADM-1 -f json
ok "json: seq a number, empty old null" out_has '"project":"ADM-1","seq":1,.*"field":"name","old":null,"new":"컨설팅"'
succeeds "jsonl" hak-project history ADM-1 -f jsonl
ok "jsonl: a line per field of the create event" [ "$(wc -l <"$T/out")" -eq 6 ]
succeeds "tsv" hak-project history EDU-2026-01 -f tsv --no-header
ok "tsv: the enroll row" out_has "	enroll			school=7010001 recipient=teacher count=3 date=2026-04-01	$"
succeeds "excel" hak-project history ADM-1 -f excel
ok "excel: CRLF" out_has "$(printf 'ADM-1,1,.*,create,code,,ADM-1,\r')"
succeeds "table" hak-project history ADM-1 -f table
ok "table: header" out_has "^project  seq  at"

succeeds "--help" hak-project --help
ok "--help: history" out_has "hak-project history CODE... | -$"
succeeds "--list-operands history" hak-project --list-operands history
ok "operands: codes" out_is "code..."
succeeds "--list-values code" hak-project --list-values code
ok "completions: project codes" out_is "$(printf 'ADM-1\nEDU-2026-01')"

done_testing
