#!/bin/sh
# hak-school history CODE...|- (SPEC 4, 2.13): the events of schools, an
# import's create event a row per field, in every listing format.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db

run hak init
cat >s.csv <<'CSV'
code,name,aliases,level,district,students
B000024306,서울한빛초등학교,"한빛;한빛, 초",elementary,종로구,300
B000004848,한빛중학교,한빛,middle,중구,
CSV
succeeds "import" hak-school import s.csv --year 2025
succeeds "set" hak-school set B000024306 --district 중구 --students 310 --year 2026

H=school,seq,at,actor,action,field,old,new,note
succeeds "history by code" hak-school history B000024306
ok "history: create a row per field, then the updates" out_is "$H
B000024306,1,2026-11-27T10:00:00+09:00,tester,create,code,,B000024306,year 2025
B000024306,1,2026-11-27T10:00:00+09:00,tester,create,name,,서울한빛초등학교,year 2025
B000024306,1,2026-11-27T10:00:00+09:00,tester,create,aliases,,\"한빛;한빛, 초\",year 2025
B000024306,1,2026-11-27T10:00:00+09:00,tester,create,level,,elementary,year 2025
B000024306,1,2026-11-27T10:00:00+09:00,tester,create,district,,종로구,year 2025
B000024306,1,2026-11-27T10:00:00+09:00,tester,create,status,,open,year 2025
B000024306,1,2026-11-27T10:00:00+09:00,tester,create,students,,300,year 2025
B000024306,2,2026-11-27T10:00:00+09:00,tester,update,district,종로구,중구,
B000024306,3,2026-11-27T10:00:00+09:00,tester,update,students,,310,year 2026"
ok "history: nothing on stderr" err_empty

succeeds "history by name, two keys, one twice" hak-school history 한빛중학교 B000024306 B000004848 --no-header
ok "by name: each school once, in the order given" [ "$(cut -d, -f1 "$T/out" | uniq | tr '\n' ' ')" = "B000004848 B000024306 " ]
ok "by name: 6 + 9 rows" [ "$(wc -l <"$T/out")" -eq 15 ]

printf 'school,x\nB000004848,1\n' >keys.csv
succeeds_in "history - (school column)" keys.csv hak-school history -
ok "history -: the school's rows" [ "$(grep -c '^B000004848,1,' "$T/out")" -eq 6 ]
printf 'code\n한빛중학교\n' >keys2.csv
succeeds_in "history - (code column, a name)" keys2.csv hak-school history - --no-header
ok "history -: found by name" out_has "^B000004848,1,.*,create,name,,한빛중학교,"

fails "unknown school" 1 "" hak-school history B000024306 없는학교
ok "unknown: nothing printed" out_empty
ok "unknown: message" err_has "^hak-school: no school matches '없는학교'"
fails "ambiguous name" 65 "" hak-school history 한빛
ok "ambiguous: candidates" err_has "^  B000004848  한빛중학교"
fails "no keys" 2 "" hak-school history
fails "- and more" 2 "" hak-school history - B000004848

succeeds "json" hak-school history B000004848 -f json
ok "json: key and field strings, seq a number" out_has '"school":"B000004848","seq":1,.*"field":"name","old":null,"new":"한빛중학교"'
succeeds "jsonl" hak-school history B000004848 -f jsonl
ok "jsonl: a line per row" [ "$(wc -l <"$T/out")" -eq 6 ]
succeeds "tsv" hak-school history B000004848 -f tsv --no-header
ok "tsv: tabs" out_has "^B000004848	1	.*	create	level		middle	year 2025$"
succeeds "excel" hak-school history B000004848 -f excel
ok "excel: BOM and CRLF" [ "$(head -c 3 "$T/out" | od -An -tx1 | tr -d ' ')" = efbbbf ]
succeeds "table" hak-school history B000004848 -f table
ok "table: header" out_has "^school      seq  at"
succeeds "--fail-empty with rows" hak-school history B000004848 --fail-empty

# the option table drives --help, and completions read the verb
succeeds "--help" hak-school --help
ok "--help: history" out_has "hak-school history CODE... | -$"
succeeds "--list-operands history" hak-school --list-operands history
ok "operands: codes" out_is "code..."

done_testing
