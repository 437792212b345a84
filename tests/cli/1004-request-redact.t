#!/bin/sh
# hak-request redact (SPEC 2.13, 5.2) and `hak check`'s replay of each
# request's events: passes on a clean database, fails (65) when a
# request or an event is tampered with behind the library's back.
. "$HAK_TOP/tests/lib.sh"
export HAK_CONFIG=$DATA/requests/config.yaml HAK_DB=$T/h.db
hak init 2>/dev/null
hak-school import "$DATA"/schools/schools.csv >/dev/null
at() { _t=$1; shift; HAK_NOW=$_t "$@" >/dev/null; }
at 2026-11-02T09:00:00 hak-request new --school A1 --category admin-task --title Form -m "SECRETBODY71" --requester "SECRETNAME72"
at 2026-11-02T10:00:00 hak-request assign 1 --to kim.minji
at 2026-11-02T10:30:00 hak-request note 1 -m "SECRETNOTE73"
at 2026-11-03T10:00:00 hak-request resolve 1 -m "SECRETRES74"
at 2026-11-04T10:00:00 hak-request close 1
at 2026-11-10T09:00:00 hak-request new --school A2 --category admin-task --title Other -m "KEEPBODY81"
at 2026-11-10T10:00:00 hak-request withdraw 2 -m "KEEPREASON82"
at 2026-11-11T09:00:00 hak-request new --school A2 --category admin-task --title Open -m "OPENBODY91"

succeeds "check passes" hak check
ok "check: quiet" out_empty
ok "no personal text in the events" [ "$(sqlite3 h.db "SELECT count(*) FROM events WHERE coalesce(old, '') || coalesce(new, '') || coalesce(note, '') LIKE '%SECRET%'")" -eq 0 ]
fails "redact an open request" 65 "" hak-request redact 3
ok "redact open: allowed commands named" err_has "request 3 is new: redact is not allowed (allowed: assign, reject, withdraw, note, set)"
succeeds "redact --before: only those closed before" hak-request redact --before 2026-11-05 --print
ok "--before: request 1 only" [ "$(cut -d, -f1 "$T/out" | tr '\n' ' ')" = "id 1 " ]
succeeds "show after redact" hak-request show 1 -f csv
ok "body, requester, resolution blanked" out_has "^1,,2026-11-02T09:00:00+09:00,A1,중앙초등학교,admin-task,ADM,normal,,closed,kim.minji,,Form,,,2026-11-09,2026-11-02T10:30:00+09:00,2026-11-03T10:00:00+09:00,2026-11-04T10:00:00+09:00,,,$"
ok "note text blanked" out_has "^1,2026-11-02T10:30:00+09:00,tester,$"
ok "an event records it" out_has "^1,[0-9]*,[^,]*,tester,redact,body,[0-9a-f]*,,$"
ok "the note redaction recorded" out_has "^1,[0-9]*,[^,]*,tester,redact,notes,1,,note texts blanked$"
ok "no redacted bytes left in the database or WAL" eval '! grep -a -q -e SECRETBODY71 -e SECRETNAME72 -e SECRETNOTE73 -e SECRETRES74 h.db h.db-wal 2>/dev/null'
ok "other requests keep their text" eval 'hak-request export | grep -q KEEPREASON82'
succeeds "check after redact: the chain still verifies" hak check
succeeds "redact again: nothing to do" hak-request redact 1
succeeds "redact by key" hak-request redact 2
ok "withdrawn request redacted" eval '! hak-request export | grep -q KEEP'
fails "redact unknown" 1 "" hak-request redact 9
fails "redact bad --before" 2 "" hak-request redact --before yesterday-ish
succeeds "check still passes" hak check

# Tampering: a request's state changed behind the library's back.
cp h.db clean.db
sqlite3 h.db "UPDATE requests SET status = 'resolved' WHERE id = 3"
expect "tampered state" 65 hak check
ok "names the request and field" out_has "^requests: request 3: status is 'resolved' but its history says 'new'$"
# (the request's spans, kept by the commands, disagree with it too)
ok "summary on stderr" streams 65 "^requests: " "^hak: .*: 2 problems found$" && out_has "^request spans: request 3: its current span is not its state$"
cp clean.db h.db; rm -f h.db-wal h.db-shm
sqlite3 h.db "UPDATE requests SET due_on = '2027-01-01' WHERE id = 3"
expect "tampered due_on" 65 hak check
ok "due_on mismatch named" out_has "request 3: due_on is '2027-01-01'"
ok "due_on: count on stderr" streams 65 due_on "^hak: .*: 2 problems found$"
cp clean.db h.db; rm -f h.db-wal h.db-shm
sqlite3 h.db "INSERT INTO events (entity, key, seq, at, actor, os_user, action, field, old, new, hash) VALUES ('request', '3', 99, '2026-11-12T00:00:00+09:00', 'x', 'x', 'close', 'status', 'resolved', 'closed', 'bad')"
expect "a forged event" 65 hak check
ok "forged event: hash chain broken" out_has "^events: hash chain broken"
ok "forged event: replay mismatch" out_has "request 3: event 99 (close) changes status from 'resolved', but the replay has 'new'"
ok "forged event: count on stderr" streams 65 "^events: " "^hak: .*: 3 problems found$"
cp clean.db h.db; rm -f h.db-wal h.db-shm
sqlite3 h.db "UPDATE request_notes SET text = 'forged' WHERE request = 3" 
succeeds "no notes to forge: still clean" hak check
hak-request note 3 -m "real note" >/dev/null
sqlite3 h.db "UPDATE request_notes SET text = 'forged' WHERE request = 3"
expect "a forged note" 65 hak check
ok "forged note named" out_has "request 3: note 1 text does not match its hash"
ok "forged note: count on stderr" streams 65 "note 1" "^hak: .*: 1 problem found$"

# The demo database: a year of requests whose history replays.
expect "the demo database" 0 demo_db d.db
ok "demo: several thousand requests" [ "$(sqlite3 d.db 'SELECT count(*) FROM requests')" -gt 2000 ]
ok "demo: every category" [ "$(sqlite3 d.db 'SELECT count(DISTINCT category) FROM requests')" -eq "$(sqlite3 d.db 'SELECT count(*) FROM categories WHERE active = 1')" ]
ok "demo: waits, reopenings, ratings" [ "$(sqlite3 d.db "SELECT (SELECT count(*) > 100 FROM events WHERE action = 'wait') + (SELECT count(*) > 20 FROM events WHERE action = 'reopen') + (SELECT count(*) > 500 FROM requests WHERE rating IS NOT NULL)")" -eq 3 ]
succeeds "demo: some overdue" hak-request --db d.db list --overdue --no-header
ok "demo: overdue requests" [ -s "$T/out" ]
succeeds "hak check on the demo" env HAK_DB=d.db hak check
done_testing
