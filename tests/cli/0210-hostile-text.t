#!/bin/sh
# Hostile text (issue 7): printf directives planted in every text column
# of each record type, through the programs' own commands and imports,
# and in every text column of the events history (tampered by hand: the
# triggers dropped, the rows updated, the triggers restored).  hak check,
# show, history and export must not crash, and print the text as it is.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db HAK_CONFIG=$DATA/requests/config.yaml
H='%s%n%x%p'
hak init 2>/dev/null

# not_crashed: the last run ended by itself with a documented status
# (a signal gives 128+, a sanitizer or internal error 70 or above 125).
not_crashed() { [ "$rc" -lt 70 ] || { [ "$rc" -gt 70 ] && [ "$rc" -lt 126 ]; }; }
has_h() { grep -qF -- "$H" "$T/out"; }

# Schools: an import with the text in every text column, then set.
printf 'code,name,aliases,level,district,students,teachers,classes,opened\n' \
    >s.csv
printf '7010001,%s학교,%s;%s별칭,초등학교,%s,10,2,1,2000-03-01\n' \
    "$H" "$H" "$H" "$H" >>s.csv
succeeds "school import" hak-school import s.csv
succeeds "school set" hak-school set 7010001 --name "다시$H" \
    --aliases "$H" --district "$H구"
for v in show export; do
	case $v in show) set -- 7010001 ;; *) set -- ;; esac
	succeeds "hak-school $v" hak-school $v "$@"
	ok "hak-school $v: literal text" has_h
done

# Requests: new with every free-text option, notes, set, an import.
succeeds "request new" hak-request new --school 7010001 \
    --category facility-repair --title "$H" -m "$H" --requester "$H" \
    --external-id "$H" --channel phone
succeeds "request note" hak-request note 1 -m "$H"
succeeds "request set title" hak-request set 1 --title "제목$H"
succeeds "request assign" hak-request assign 1 --to kim.minji
succeeds "request resolve" hak-request resolve 1 -m "$H"
printf 'school,category,title,body,requester,external_id\n' >r.csv
printf '7010001,it-equipment,%s,%s,%s,x-%s\n' "$H" "$H" "$H" "$H" >>r.csv
succeeds "request import" hak-request import r.csv

# Projects: add with every text option, then an import.
succeeds "project add" hak-project add FAC-2026-01 --name "$H" --dept FAC \
    --area "$H" --description "$H" --year 2026
printf 'code,name,department,area,description,year\n' >p.csv
printf 'FAC-2026-02,%s,FAC,%s,%s,2026\n' "$H" "$H" "$H" >>p.csv
succeeds "project import" hak-project import p.csv

# Before tampering: all clean.
succeeds "hak check before tampering" hak check

# Tamper: every text column of the events.  A request's create event
# keeps its action and record (else the replay stops at once); its later
# events keep their field, so that the replay reports them, action,
# old and new values included; other entities' events get it all.
trig=$(sqlite3 "$HAK_DB" "SELECT sql || ';' FROM sqlite_schema
    WHERE type = 'trigger' AND tbl_name = 'events'")
ok "events triggers found" [ -n "$trig" ]
sqlite3 "$HAK_DB" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_schema
    WHERE type = 'trigger' AND tbl_name = 'events'" >drop.sql
sqlite3 "$HAK_DB" <drop.sql
sqlite3 "$HAK_DB" "UPDATE events SET
    at = at || '$H', actor = actor || '$H', os_user = '$H',
    hash = hash || '$H';
  UPDATE events SET action = action || '$H',
    old = coalesce(old, '') || '$H', new = coalesce(new, '') || '$H',
    note = coalesce(note, '') || '$H'
    WHERE seq > 1 OR entity <> 'request';
  UPDATE events SET field = coalesce(field, '') || '$H'
    WHERE entity <> 'request'"
printf '%s\n' "$trig" | sqlite3 "$HAK_DB"
run sqlite3 "$HAK_DB" "UPDATE events SET note = 'x'"
ok "triggers restored" [ "$rc" -ne 0 ]
n=$(sqlite3 "$HAK_DB" "SELECT count(*) FROM events WHERE action LIKE '%\%n%' ESCAPE '\\'")
ok "events tampered" [ "$n" -gt 0 ]

run hak check
ok "hak check: finds the tampering (exit 65)" streams 65 "^events: " "^hak: .*: [0-9]* problems found$"
ok "hak check: did not crash" not_crashed
ok "hak check: literal text in the findings" has_h

for v in "show 1" "history 1" "history --all" "export" "show 2"; do
	run hak-request $v
	ok "hak-request $v: did not crash (exit $rc)" not_crashed
	ok "hak-request $v: literal text, stderr empty" eval "has_h && out_only"
done
for v in "show FAC-2026-01" "show FAC-2026-02" "export" "list"; do
	run hak-project $v
	ok "hak-project $v: did not crash (exit $rc)" not_crashed
	ok "hak-project $v: literal text, stderr empty" eval "has_h && out_only"
done
run hak-school show 7010001
ok "hak-school show after tampering: did not crash" not_crashed
ok "hak-school show after tampering: literal text, stderr empty" eval "has_h && out_only"
done_testing
