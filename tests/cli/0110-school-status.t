#!/bin/sh
# hak-school codes, status and closed_on (SPEC 4 v3): import of new and
# older files, Korean levels and statuses, list --status/--all, set,
# codes matched exactly and unique, closed schools refused for new
# requests and enrolments, and the export round trip.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db
run hak init

cat >v3.csv <<'EOF'
code,name,aliases,codes,level,district,status,closed_on,students,teachers,classes,opened
B000024306,한빛초등학교,한빛초,7010001,초,강남,운영,,1200,60,40,1990-03-02
B000024307,옛솔중학교,,7010002;N-2,중,강남,폐교,2020.2.29,,,,1970-03-02
B000024308,누리학교,,,각종학교,서초,,,,,,
B000024309,하늘방송통신고등학교,,,방송통신고등학교,서초,open,,,,,
EOF
expect "import a v3 file" 0 hak-school import v3.csv
ok "import: summary" out_is "4 new, 0 already present, 0 rejected"
ok "import: stderr empty" err_empty

printf 'code,name,level,district\nC1,옛날초등학교,elementary,종로\n' >old.csv
expect "import an older file" 0 hak-school import old.csv
ok "older file: summary" out_is "1 new, 0 already present, 0 rejected"
expect "older file: open by default" 0 hak-school list --name 옛날 --no-header
ok "older file: row" out_is "C1,옛날초등학교,,,elementary,종로,open,,,,,"

# list: closed schools hidden unless --all or --status closed.
expect "list hides closed" 0 hak-school list --no-header
ok "list: open ones" out_is "$(printf 'B000024306,한빛초등학교,한빛초,7010001,elementary,강남,open,,1200,60,40,1990-03-02\nB000024308,누리학교,,,other,서초,open,,,,,\nB000024309,하늘방송통신고등학교,,,other,서초,open,,,,,\nC1,옛날초등학교,,,elementary,종로,open,,,,,')"
ok "list: stderr empty" err_empty
expect "list --status closed" 0 hak-school list --status closed --no-header
ok "list --status closed: row" out_is "B000024307,옛솔중학교,,7010002;N-2,middle,강남,closed,2020-02-29,,,,1970-03-02"
expect "list --status 폐교" 0 hak-school list --status 폐교 --no-header
ok "list --status 폐교: same row" out_has "^B000024307,"
expect "list --all" 0 hak-school list --all --no-header
ok "list --all: five" [ "$(wc -l <"$T/out")" -eq 5 ]
expect "list --status with --all" 2 hak-school list --status open --all
ok "--status with --all: message" err_has "exclude each other"
ok "--status with --all: stdout empty" out_empty
expect "list --status bad" 2 hak-school list --status shut
ok "bad status: lists codes and labels" err_has "unknown status 'shut' (open, closed; or 운영, 폐교"
expect "list --level 초" 0 hak-school list --level 초 --no-header
ok "list --level 초: elementary" [ "$(wc -l <"$T/out")" -eq 2 ]
expect "list --level 대학교" 2 hak-school list --level 대학교
ok "대학교: refused listing labels" err_has "unknown level '대학교' (kindergarten, .*; or 유치원, "

# codes: matched exactly, unique among all schools.
expect "show by another code" 0 hak-school show N-2 --no-header -f csv
ok "show N-2: the closed school" out_has "^B000024307,옛솔중학교,,7010002;N-2,middle,강남,closed,2020-02-29,"
expect "show by a code in other case" 1 hak-school show n-2
ok "codes matched exactly" err_has "no school matches 'n-2'"
printf 'code,name,level,codes\nD1,중복학교,other,7010001\n' >dup.csv
expect "a code another school has" 65 hak-school import dup.csv
ok "dup: names the other school" err_has "^dup.csv:2: codes: '7010001' is already a code of school 'B000024306'"
ok "dup: stdout empty" out_empty
printf 'code,name,level\n7010002,중복학교,other\n' >dup2.csv
expect "a code that is another's codes" 65 hak-school import dup2.csv
ok "dup2: names the other school" err_has "dup2.csv:2: code: '7010002' is already a code of school 'B000024307'"
printf 'code,name,level,codes\nD2,숫자학교,other,7.010003E+06\n' >num.csv
expect "codes: a spreadsheet number" 65 hak-school import num.csv
ok "codes: hint" err_has "num.csv:2: codes: "
printf 'code,name,level,status,closed_on\nD3,열린학교,other,open,2020-01-01\n' >open.csv
expect "closed_on with status open" 65 hak-school import open.csv
ok "closed_on with open: message" err_has "open.csv:2: closed_on: school 'D3' is open"
printf 'code,name,level\nD4,대학,대학교\n' >univ.csv
expect "level 대학교 refused on import" 65 hak-school import univ.csv
ok "대학교: row error" err_has "univ.csv:2: level: unknown level '대학교'"

# set: status, closed_on and codes.
expect "set --closed-on on an open school" 65 hak-school set C1 --closed-on 2026-03-01
ok "set --closed-on: message" err_has "school 'C1' is open"
expect "set --status 폐원 --closed-on" 0 hak-school set C1 --status 폐원 --closed-on 2026.3.1 --codes 'X9; X8' --print
ok "set: printed" out_is "$(printf 'code,name,aliases,codes,level,district,status,closed_on,students,teachers,classes,opened\nC1,옛날초등학교,,X8;X9,elementary,종로,closed,2026-03-01,,,,')"
ok "set: stderr empty" err_empty
expect "show a closed school" 0 hak-school show X9 -f csv --no-header
ok "show: status and closed_on" out_has "^C1,옛날초등학교,,X8;X9,elementary,종로,closed,2026-03-01,"
run sqlite3 h.db "SELECT field || ':' || coalesce(old, '') || '>' || coalesce(new, '') FROM events WHERE entity = 'school' AND key = 'C1' AND action = 'update' ORDER BY id"
ok "set: an event per field" out_is "$(printf 'codes:>X8;X9\nstatus:open>closed\nclosed_on:>2026-03-01')"
expect "set --codes of another school" 65 hak-school set C1 --codes 7010001
ok "set --codes: names the other school" err_has "'7010001' is already a code of school 'B000024306'"
expect "set --status bad" 2 hak-school set C1 --status shut
ok "set --status bad: usage" err_has "usage"
expect "set --status open clears closed_on" 0 hak-school set C1 --status open --print
ok "reopened: no closed_on" out_is "$(printf 'code,name,aliases,codes,level,district,status,closed_on,students,teachers,classes,opened\nC1,옛날초등학교,,X8;X9,elementary,종로,open,,,,,')"
expect "close it again" 0 hak-school set C1 --status closed --closed-on 2026-03-01

# Closed schools: no new requests or enrolments.
expect "new request for a closed school" 65 hak-request new --school 옛솔중학교 --category facility-repair --title 누수
ok "new request: message" err_has "^hak-request: school 'B000024307' (옛솔중학교) is closed since 2020-02-29$"
ok "new request: stdout empty" out_empty
expect "new request for an open school" 0 hak-request new --school 7010001 --category facility-repair --title 누수
printf 'school,category,title,received_at\n7010002,facility-repair,옛일,2019-05-02T10:00:00+09:00\n7010002,facility-repair,새일,2026-05-02T10:00:00+09:00\n' >rq.csv
expect "request import: a row after the closing" 65 hak-request import rq.csv
ok "request import: row error" err_has "^rq.csv:3: school: school 'B000024307' (옛솔중학교) is closed since 2020-02-29$"
expect "request import: before the closing" 0 hak-request import rq.csv --skip-invalid
ok "request import: one imported" out_is "1 new, 0 already present, 1 rejected"
hak-project add FAC-1 --name 점검 --dept FAC --recipient school >/dev/null
expect "enroll a closed school" 65 hak-project enroll FAC-1 N-2
ok "enroll: message" err_has "school 'B000024307' (옛솔중학교) is closed"
expect "enroll before its closing" 0 hak-project enroll FAC-1 N-2 --date 2019-06-01
expect "enroll an open school" 0 hak-project enroll FAC-1 한빛초

# Round trip: export, import into a fresh database, export again.
expect "export" 0 hak-school export -o a.csv
ok "export: closed schools too" [ "$(grep -c ',closed,' a.csv)" -eq 2 ]
ok "export: header" [ "$(head -1 a.csv)" = "code,name,aliases,codes,level,district,status,closed_on,students,teachers,classes,opened" ]
run hak init --db fresh.db
expect "import the export" 0 hak-school import --db fresh.db a.csv
ok "import the export: summary" out_is "5 new, 0 already present, 0 rejected"
expect "export again" 0 hak-school export --db fresh.db -o b.csv
ok "round trip: identical" same a.csv b.csv
expect "import the export again" 0 hak-school import --db fresh.db a.csv
ok "again: all present" out_is "0 new, 5 already present, 0 rejected"
expect "check is clean" 0 hak check
expect "check of the fresh one" 0 hak check --db fresh.db
done_testing
