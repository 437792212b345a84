#!/bin/sh
# hak-school list, show, set, export and every exit status (SPEC 2.11, 4).
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db

# No database yet: 66.
fails "no database" 66 "" hak-school list
ok "says to run hak init" err_has "hak init"

run hak init
cp "$DATA"/schools/schools.csv .
succeeds "import" hak-school import schools.csv

# list and its filters.
succeeds "list" hak-school list --no-header
ok "list: 6 rows" [ "$(wc -l <"$T/out")" -eq 6 ]
succeeds "list --level middle" hak-school list --level middle --no-header
ok "list --level: codes" out_is "$(printf '7010002,한빛중학교,,,middle,강남,open,,800,45,24,1995-03-01\nA2,중앙중학교,중앙,,middle,종로,open,,,,,')"
succeeds "list --level 중학교" hak-school list --level 중학교 --no-header
ok "Korean level label accepted" [ "$(wc -l <"$T/out")" -eq 2 ]
succeeds "list --district" hak-school list --district 서초 -f tsv --no-header
ok "list --district: 2 rows" [ "$(wc -l <"$T/out")" -eq 2 ]
succeeds "list --name" hak-school list --name 한빛 --no-header
ok "list --name substring" [ "$(cut -d, -f1 "$T/out" | tr '\n' ' ')" = "7010001 7010002 " ]
succeeds "list header" hak-school list --level high
ok "header row" out_has "^code,name,aliases,codes,level,district,status,closed_on,students,teachers,classes,opened$"
succeeds "list json" hak-school list --level high -f json
ok "json: code a string, counts numbers" out_has '"code":"7010003"'
succeeds "--fail-empty with rows" hak-school list --fail-empty --level high
expect "--fail-empty without rows" 1 hak-school list --fail-empty --level special
ok "--fail-empty: header only, says so" streams 1 "^code,name," "^hak-school: no records$"
fails "bad --level" 2 "" hak-school list --level college
ok "usage error message" err_has "usage:"
fails "bad --year" 2 "" hak-school list --year 20x6
fails "bad option" 2 "" hak-school list --bogus
fails "option of another verb" 2 "" hak-school list --skip-invalid
fails "unknown command" 2 "" hak-school frobnicate
fails "bad format" 2 "" hak-school list -f xml
fails "-o into a missing directory" 73 "" hak-school list -o nodir/x.csv
succeeds "-o writes the file" hak-school list -o l.csv
ok "-o: file mode 0600" [ "$(stat -c %a l.csv)" = 600 ]
ok "-o: nothing on stdout" out_empty

# show.
succeeds "show by code" hak-school show 7010001 -f csv
ok "show: record and per-year counts" out_is "$(printf 'code,name,aliases,codes,level,district,status,closed_on,students,teachers,classes,opened,students_2026,teachers_2026,classes_2026\n7010001,한빛초등학교,Hanbit Elementary;한빛초,,elementary,강남,open,,1200,60,40,1990-03-02,1200,60,40')"
succeeds "show by name with 고" hak-school show 새솔고 -f csv --no-header
ok "show: 새솔고 is 7010003" out_has "^7010003,"
succeeds "show by full-width name" hak-school show "（한빛）초등학교" -f csv --no-header
ok "show: full-width folded" out_has "^7010001,"
fails "show unknown" 1 "" hak-school show 없는학교
ok "show unknown: message" err_has "no school matches '없는학교'"
fails "show ambiguous" 65 "" hak-school show 중앙
ok "ambiguous: candidates listed" err_has "^  A2  중앙중학교 "
fails "show without a code" 2 "" hak-school show

# set.
succeeds "set by name" hak-school set 한빛중 --district 종로 --students 820
ok "set prints nothing" out_empty
succeeds "set: check" hak-school list --name 한빛중학교 --no-header
ok "set: changed" out_is "7010002,한빛중학교,,,middle,종로,open,,820,45,24,1995-03-01"
run sqlite3 h.db "SELECT field || ':' || coalesce(old, '') || '>' || coalesce(new, '') FROM events WHERE entity = 'school' AND action = 'update' ORDER BY id"
ok "set: one update event per field" out_is "$(printf 'district:강남>종로\nstudents:800>820')"
succeeds "set --aliases '' clears" hak-school set A1 --aliases '' --print
ok "set --print: list CSV" out_is "$(printf 'code,name,aliases,codes,level,district,status,closed_on,students,teachers,classes,opened\nA1,중앙초등학교,,,elementary,종로,open,,300,20,12,')"
succeeds "set --year" hak-school set A2 --year 2025 --students 10
succeeds "set --year: other year" hak-school list --year 2025 --level middle --no-header -f csv
ok "set --year: counts in 2025" out_has "^A2,중앙중학교,중앙,,middle,종로,open,,10,,,$"
printf 'school,note\n7010001,x\n7010003,y\n' >keys.csv
succeeds_in "set - from stdin" keys.csv hak-school set - --district 강동 --print
ok "set -: two records printed" [ "$(wc -l <"$T/out")" -eq 3 ]
printf 'code\n7010001\n' >keys2.csv
succeeds_in "set - with a code column" keys2.csv hak-school set - --level special
fails "set unknown" 1 "" hak-school set 9999999 --district x
ok "set unknown: named" err_has "9999999"
fails "set known and unknown: all or nothing" 1 "" hak-school set A1 9999999 --district 마포
succeeds "all or nothing: check" hak-school list --name 중앙초 --no-header
ok "all or nothing: A1 unchanged" out_has ",종로,"
fails "set --keep-going" 1 "" hak-school set A1 9999999 --district 마포 --keep-going
succeeds "keep-going: check" hak-school list --name 중앙초등학교 --no-header
ok "keep-going: A1 changed" out_has ",마포,"
succeeds "set --dry-run" hak-school set A1 --district 은평 --dry-run --print
ok "dry run prints the result" out_has ",은평,"
succeeds "dry-run: check" hak-school list --name 중앙초등학교 --no-header
ok "dry-run wrote nothing" out_has ",마포,"
succeeds "set an alias back" hak-school set A1 --aliases ' 중앙 ; 중앙;Jungang '
succeeds "aliases normalised" hak-school list --name jungang --no-header
ok "aliases: trimmed, unique, sorted" out_has "^A1,중앙초등학교,Jungang;중앙,"
fails "set ambiguous" 65 "" hak-school set 중앙 --district x
fails "set bad level" 2 "" hak-school set A1 --level college
fails "set empty name" 2 "" hak-school set A1 --name ''
fails "set bad count" 2 "" hak-school set A1 --students many
fails "set bad date" 2 "" hak-school set A1 --opened 03/01/2001
fails "set nothing to change" 2 "" hak-school set A1
fails "set no keys" 2 "" hak-school set --district x
printf '7010001\n7010003' >partial.csv
fails_in "set - with a cut-off last line" 65 "" partial.csv hak-school set - --district y

# export.
succeeds "export" hak-school export -f csv
ok "export: header and 6 rows" [ "$(wc -l <"$T/out")" -eq 7 ]
succeeds "export --year 2025" hak-school export --year 2025 --no-header
ok "export --year: 2025 counts" out_has "^A2,.*,10,,,$"
fails "export does not filter" 2 "" hak-school export --level high

# --help and --version.
succeeds "--help" hak-school --help
ok "--help lists import" out_has "hak-school import FILE"
succeeds "--version" hak-school --version
ok "--version" out_has "^hak-school (hakjibon) "

# 78: bad config, schema too new.
printf 'timezone: [\n' >bad.yaml
fails "bad config" 78 "" env HAK_CONFIG=$T/bad.yaml hak-school list
sqlite3 h.db "PRAGMA user_version = 999"
fails "schema too new" 78 "" hak-school list
ok "schema too new: message" err_has "newer"
done_testing
