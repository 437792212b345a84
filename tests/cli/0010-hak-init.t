#!/bin/sh
# hak init (SPEC 2.1, 2.2, 5.1): creation and modes, --group, idempotence,
# config sync, bad config, schema versions and migration, where the
# database is found, a missing database (66) and a busy one (75).
. "$HAK_TOP/tests/lib.sh"

mode() { stat -c %a "$1"; }
version=$(hak version | sed -n 's/^schema v\([0-9][0-9]*\)$/\1/p')

# Creation: 0600, and again changes nothing.
says "init creates" "^hak: created 'h.db'" hak init --db h.db
ok "database mode 0600" [ "$(mode h.db)" = 600 ]
ok "says it created it" err_has "created 'h.db'"
ok "schema version stored" [ "$(sqlite3 h.db 'PRAGMA user_version')" = "$version" ]
ok "journal mode WAL" [ "$(sqlite3 h.db 'PRAGMA journal_mode')" = wal ]
sqlite3 h.db 'SELECT count(*) FROM events' >n1
succeeds "init again" hak init --db h.db
ok "idempotent: no new events" [ "$(sqlite3 h.db 'SELECT count(*) FROM events')" = "$(cat n1)" ]
ok "idempotent: still 0600" [ "$(mode h.db)" = 600 ]
succeeds "check after init" hak check --db h.db
umask 000
says "init under umask 000" "^hak: created 'u.db'" hak init --db u.db
ok "still 0600 under umask 000" [ "$(mode u.db)" = 600 ]
umask 022
fails "init: operand refused" 2 "" hak init extra --db h.db

# --group: 0660, the group, a setgid directory.
grp=$(id -gn)
mkdir shared
says "init --group $grp" "^hak: created 'shared/h.db'" hak init --db shared/h.db --group "$grp"
ok "--group: mode 0660" [ "$(mode shared/h.db)" = 660 ]
ok "--group: group $grp" [ "$(stat -c %G shared/h.db)" = "$grp" ]
ok "--group: directory setgid" [ -g shared ]
ok "--group: directory group $grp" [ "$(stat -c %G shared)" = "$grp" ]
mkdir later
says "init without --group" "^hak: created 'later/l.db'" hak init --db later/l.db
ok "without --group: mode 0600" [ "$(mode later/l.db)" = 600 ]
succeeds "init --group of an existing database" hak init --db later/l.db --group "$grp"
ok "existing database shared: mode 0660" [ "$(mode later/l.db)" = 660 ]
ok "existing database shared: group $grp" [ "$(stat -c %G later/l.db)" = "$grp" ]
ok "existing database shared: directory setgid" [ -g later ]
fails "init --group of an unknown group" 2 "" hak init --db shared/x.db --group no-such-group-hak
ok "unknown group: no file left" [ ! -e shared/x.db ]

# Config sync: a removed staff member becomes inactive, kept for history.
cat >c.yaml <<'EOY'
office: Test office
staff:
  - {id: kim.minji, name: 김민지, department: FAC}
  - {id: lee.jun, name: 이준, department: EDU}
EOY
says "init with a config" "^hak: created 'c.db'" hak init --db c.db --config c.yaml
ok "both staff active" [ "$(sqlite3 c.db "SELECT id || ':' || active FROM staff ORDER BY id" | tr '\n' ' ')" = "kim.minji:1 lee.jun:1 " ]
cat >c.yaml <<'EOY'
office: Test office
staff:
  - {id: kim.minji, name: 김민지, department: ADM}
EOY
expect "a command warns about the changed config" 0 hak-school list --db c.db --config c.yaml
ok "warning names the file and the database" streams 0 "^code,name," "warning: the config file 'c.yaml' differs from the copy in 'c.db'"
ok "warning once" [ "$(grep -c warning "$T/err")" -eq 1 ]
succeeds "init syncs" hak init --db c.db --config c.yaml
ok "removed staff inactive, kept" [ "$(sqlite3 c.db "SELECT id || ':' || active FROM staff ORDER BY id" | tr '\n' ' ')" = "kim.minji:1 lee.jun:0 " ]
ok "changed staff updated" [ "$(sqlite3 c.db "SELECT department FROM staff WHERE id = 'kim.minji'")" = ADM ]
succeeds "no warning after sync" hak-school list --db c.db --config c.yaml
ok "no warning after sync: stderr empty" err_empty

# Bad config: FILE:LINE:COLUMN, exit 78, nothing created.
printf 'office: X\ntimezone: Asia/Seoul\nbogus: 1\n' >bad.yaml
fails "unknown key in the config" 78 "" hak init --db b.db --config bad.yaml
ok "message FILE:LINE:COLUMN" err_has "^hak: bad.yaml:3:1: "
ok "bad config: no database created" [ ! -e b.db ]
printf 'staff:\n  - {id: kim.minji, name: 김민지, department: XYZ}\n' >dept.yaml
fails "unknown department" 78 "" hak init --db b.db --config dept.yaml
ok "unknown department: line 2" err_has "^hak: dept.yaml:2:[0-9]*: .*XYZ"
fails "missing --config file" 66 "" hak init --db b.db --config nonexistent.yaml

# Schema newer than the program: 78 for every command, init included.
cp h.db new.db
sqlite3 new.db "PRAGMA user_version = $((version + 1))"
fails "newer schema: init" 78 "" hak init --db new.db
ok "newer schema: says so" err_has "newer than this program"
fails "newer schema: hak-school list" 78 "" hak-school list --db new.db
fails "newer schema: check" 78 "" hak check --db new.db

# An older schema: a real version-1 database (the tables of version 1 only).
cp h.db old.db
for t in $(sqlite3 old.db "SELECT name FROM sqlite_master WHERE type = 'table'
    AND name NOT LIKE 'sqlite_%' AND name NOT IN ('settings', 'departments',
    'centers', 'staff', 'categories', 'holidays', 'headline', 'schools',
    'school_years', 'school_keys', 'batches', 'events')"); do
	sqlite3 old.db "DROP TABLE $t"
done
# and the schools of version 1 (v4 added codes, status and closed_on)
sqlite3 old.db 'DROP INDEX schools_status; ALTER TABLE schools DROP COLUMN codes;
    ALTER TABLE schools DROP COLUMN status;
    ALTER TABLE schools DROP COLUMN closed_on'
sqlite3 old.db 'PRAGMA user_version = 1'
cp old.db old-copy.db
fails "older schema: hak-school list" 78 "" hak-school list --db old.db
ok "older schema: says to run hak init" err_has "run 'hak init'"
fails "older schema: check" 78 "" hak check --db old.db
fails "older schema: backup" 78 "" hak backup --db old.db old-backup.db
ok "older schema: file untouched" same old.db old-copy.db
says "init migrates" "^hak: migrated 'old.db'" hak init --db old.db
ok "migration reported" err_has "migrated 'old.db' from schema v1 to v$version"
ok "FILE.pre-v1 kept" [ -f old.db.pre-v1 ]
ok "FILE.pre-v1 mode 0600" [ "$(mode old.db.pre-v1)" = 600 ]
ok "FILE.pre-v1 is the old schema" [ "$(sqlite3 old.db.pre-v1 'PRAGMA user_version')" = 1 ]
ok "migrated to the current version" [ "$(sqlite3 old.db 'PRAGMA user_version')" = "$version" ]
succeeds "migrated database checks" hak check --db old.db
succeeds "migrated database lists" hak-school list --db old.db

# Where the database is found: --db, $HAK_DB, database: in the config,
# ./hakjibon.db.  Each holds one school of its own.
for x in opt env cfg cwd; do
	f=$x.db
	[ $x = cwd ] && f=hakjibon.db
	hak init --db "$f" 2>/dev/null
	printf 'code,name,level\n%s,%s학교,other\n' "$x" "$x" >"$x.csv"
	hak-school import --db "$f" "$x.csv" >/dev/null 2>&1
done
printf 'database: %s/cfg.db\n' "$T" >loc.yaml
HAK_DB=$T/env.db expect "--db wins" 0 hak-school list --no-header --config loc.yaml --db opt.db
ok "--db wins: opt" out_has "^opt,"
HAK_DB=$T/env.db expect "HAK_DB next" 0 hak-school list --no-header --config loc.yaml
ok "HAK_DB next: env" out_has "^env,"
succeeds "config database: next" hak-school list --no-header --config loc.yaml
ok "config database: cfg" out_has "^cfg,"
succeeds "./hakjibon.db last" hak-school list --no-header
ok "./hakjibon.db: cwd" out_has "^cwd,"
HAK_DB= expect "empty HAK_DB is unset" 0 hak-school list --no-header
ok "empty HAK_DB: cwd" out_has "^cwd,"

# Missing database: 66 and the hint, for every command that needs it.
mkdir empty
cd empty
fails "no database: hak-school list" 66 "" hak-school list
ok "no database: run hak init" err_has "hak init"
fails "no database: check" 66 "" hak check
fails "no database: backup" 66 "" hak backup x.db
ok "no database: none created" [ ! -e hakjibon.db ]
succeeds "no database: --help needs none" hak-school list --help
succeeds "no database: hak config needs none" hak config
cd "$T"

# Busy: another process holds the write lock; writers wait
# HAK_BUSY_TIMEOUT ms, then exit 75.  The holder signals through files,
# so nothing depends on timing.
demo_db busy.db
code=$(hak-school list --db busy.db --no-header | head -n 1 | cut -d, -f1)
rm -f locked release
sqlite3 busy.db >/dev/null 2>&1 <<'EOS' &
BEGIN IMMEDIATE;
.shell touch locked
.shell while [ ! -e release ]; do sleep 0.05; done
COMMIT;
EOS
holder=$!
while [ ! -e locked ]; do sleep 0.05; done
HAK_BUSY_TIMEOUT=200 expect "busy: hak-school set" 75 hak-school set --db busy.db "$code" --students 7
ok "busy: says so" err_has "busy"
HAK_BUSY_TIMEOUT=200 expect "busy: hak-school import" 75 hak-school import --db busy.db cwd.csv
HAK_BUSY_TIMEOUT=200 expect "busy: readers still read" 0 hak-school list --db busy.db --no-header
HAK_BUSY_TIMEOUT=200 expect "busy: a backup still works" 0 hak backup --db busy.db busy-copy.db
touch release
wait "$holder"
succeeds "after the lock: set works" hak-school set --db busy.db "$code" --students 7
HAK_BUSY_TIMEOUT=x expect "bad HAK_BUSY_TIMEOUT" 78 hak-school list --db busy.db
done_testing
