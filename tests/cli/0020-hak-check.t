#!/bin/sh
# hak check (SPEC 2.13, 5.1): passes on a fresh and a demo database;
# exit 65 when the history was tampered with; warns on loose permissions.
. "$HAK_TOP/tests/lib.sh"

hak init --db h.db 2>/dev/null
succeeds "fresh database" hak check --db h.db
demo_db d.db
succeeds "demo database" hak check --db d.db
fails "check: operand refused" 2 "" hak check extra --db d.db
fails "check: no database" 66 "" hak check --db missing.db

# The events table refuses UPDATE and DELETE through its triggers.
run sqlite3 d.db "UPDATE events SET note = 'x' WHERE seq = 1"
ok "trigger refuses UPDATE" [ "$rc" -ne 0 ]
run sqlite3 d.db "DELETE FROM events"
ok "trigger refuses DELETE" [ "$rc" -ne 0 ]
succeeds "still clean" hak check --db d.db

# Tamper with one event, triggers dropped: the hash chain breaks.
cp d.db t1.db
sqlite3 t1.db "DROP TRIGGER events_no_update;
    UPDATE events SET new = 'tampered'
    WHERE rowid = (SELECT max(rowid) FROM events WHERE new IS NOT NULL)"
expect "tampered value" 65 hak check --db t1.db
ok "tampered value: names the chain" out_has "hash chain"
ok "tampered value: problem counted" streams 65 "hash chain" "^hak: 't1.db': 1 problem found"

cp d.db t2.db
sqlite3 t2.db "DROP TRIGGER events_no_delete;
    DELETE FROM events WHERE rowid = (SELECT min(rowid) + 1 FROM events)"
expect "deleted event" 65 hak check --db t2.db
ok "deleted event: findings on stdout, count on stderr" streams 65 "^schools: school 0010001: no create event$" "^hak: 't2.db': 2 problems found"

cp d.db t3.db
sqlite3 t3.db "DROP TRIGGER events_no_update;
    UPDATE events SET actor = 'mallory'
    WHERE rowid = (SELECT min(rowid) FROM events)"
expect "changed actor" 65 hak check --db t3.db
ok "changed actor: finding on stdout, count on stderr" streams 65 "^events: hash chain broken" "^hak: 't3.db': 1 problem found"

# The domains' own steps: a school without its create event, the
# history of a project that is not there.
cp d.db t4.db
sqlite3 t4.db "DROP TRIGGER events_no_delete; DROP TRIGGER events_no_update;
    DELETE FROM events WHERE entity = 'school' AND action = 'create'
    AND key = (SELECT min(code) FROM schools);
    UPDATE events SET key = 'GONE-1' WHERE entity = 'project'
    AND key = (SELECT min(code) FROM projects)"
run hak check --db t4.db
ok "school without history (exit 65)" streams 65 "^schools: " "^hak: 't4.db': 4 problems found$"
ok "school without history: named" out_has "^schools: school [0-9]*: no create event"
ok "project history without a project: named" \
    out_has "^projects: project GONE-1: history of a missing project"

# Permissions: group- or world-readable files are reported.
cp h.db p.db
chmod 644 p.db
run hak check --db p.db
ok "loose permissions: warned" out_has "p.db' is accessible by others"
ok "loose permissions: a finding on stdout only (exit 0)" out_only
chmod 600 p.db
done_testing
