#!/bin/sh
# hak backup FILE [--force] (SPEC 5.1): a consistent 0600 copy; an existing
# FILE is refused (73) without --force.
. "$HAK_TOP/tests/lib.sh"

demo_db d.db
hak-school export --db d.db >d.csv
succeeds "backup" hak backup --db d.db b.db
ok "backup: nothing on stdout" out_empty
ok "backup: mode 0600" [ "$(stat -c %a b.db)" = 600 ]
succeeds "backup checks" hak check --db b.db
succeeds "export the backup" hak-school export --db b.db
ok "backup: same schools" same "$T/out" d.csv
ok "backup: same history" [ "$(sqlite3 b.db 'SELECT count(*), max(hash) FROM events')" = "$(sqlite3 d.db 'SELECT count(*), max(hash) FROM events')" ]

echo keep >exists.db
fails "existing file refused" 73 "" hak backup --db d.db exists.db
ok "refusal says --force" err_has "force"
ok "existing file untouched" [ "$(cat exists.db)" = keep ]
succeeds "--force replaces" hak backup --db d.db exists.db --force
ok "--force: a database now" [ "$(sqlite3 exists.db 'SELECT count(*) FROM schools')" = "$(sqlite3 d.db 'SELECT count(*) FROM schools')" ]
ok "--force: mode 0600" [ "$(stat -c %a exists.db)" = 600 ]
succeeds "--force before the verb" hak --force backup --db d.db exists.db

fails "backup into a missing directory" 73 "" hak backup --db d.db nodir/b.db
fails "backup without FILE" 2 "" hak backup --db d.db
fails "backup with two FILEs" 2 "" hak backup --db d.db x.db y.db
fails "backup of a missing database" 66 "" hak backup --db missing.db x.db
ok "missing database: no backup made" [ ! -e x.db ]
fails "--force is backup's only" 2 "" hak check --force --db d.db
done_testing
