#!/bin/sh
# hak demo [--db FILE] [--seed N] (SPEC 5.1): a realistic, reproducible
# sample database; ignores $HAK_DB and the config's database:, defaults to
# ./hakjibon-demo.db and refuses to touch a file that is not a demo.
. "$HAK_TOP/tests/lib.sh"

expect "demo" 0 hak demo --db d1.db
ok "demo: nothing on stdout" out_empty
ok "demo: summary on stderr" err_only 0 "^hak: built 'd1.db': 150 schools"
ok "demo: mode 0600" [ "$(stat -c %a d1.db)" = 600 ]
succeeds "list the demo schools" hak-school --db d1.db list --no-header
ok "150 schools" [ "$(wc -l <"$T/out")" -eq 150 ]
for l in kindergarten elementary middle high special other; do
	ok "schools of level $l" grep -q "^[^,]*,[^,]*,[^,]*,[^,]*,$l," "$T/out"
done
ok "Korean names" grep -q '^[^,]*,[^,]*학교,' "$T/out"
ok "some aliases" grep -q '^[^,]*,[^,]*,[^,][^,]*,' "$T/out"
ok "four departments" [ "$(sqlite3 d1.db 'SELECT group_concat(code) FROM (SELECT code FROM departments ORDER BY code)')" = "ADM,EDU,FAC,MED" ]
ok "centers" [ "$(sqlite3 d1.db 'SELECT count(*) > 0 FROM centers')" = 1 ]
ok "about 40 staff" [ "$(sqlite3 d1.db 'SELECT count(*) BETWEEN 30 AND 60 FROM staff')" = 1 ]
ok "the default categories" [ "$(sqlite3 d1.db "SELECT count(*) FROM categories WHERE code IN ('curriculum', 'teacher-support', 'student-welfare', 'admin-task', 'budget-accounting', 'hr-payroll', 'conflict-mediation', 'school-violence', 'facility-repair', 'safety-inspection', 'it-equipment')")" = 11 ]
ok "holidays: 2026-09-25 (추석)" [ "$(sqlite3 d1.db "SELECT count(*) FROM holidays WHERE day = '2026-09-25'")" = 1 ]
succeeds "demo checks" hak check --db d1.db
succeeds "demo: no warning about the config" hak-school --db d1.db list
ok "demo: stderr empty" err_empty

# The same seed gives the same content; another seed another.
expect "the demo again, default seed (tests/run built it)" 0 demo_db d2.db
hak-school --db d1.db export >e1.csv
hak-school --db d2.db export >e2.csv
ok "same seed, same schools" same e1.csv e2.csv
hak demo --db d3.db --seed 7 2>/dev/null
hak-school --db d3.db export >e3.csv
ok "another seed, other schools" sh -c "! cmp -s e1.csv e3.csv"
says "rebuild an existing demo" "^hak: built 'd1.db': 150 schools" hak demo --db d1.db --seed 7
hak-school --db d1.db export >e4.csv
ok "rebuilt with seed 7" same e3.csv e4.csv
fails "bad --seed" 2 "" hak demo --db d4.db --seed x
fails "negative --seed" 2 "" hak demo --db d4.db --seed -1
ok "bad seed: nothing created" [ ! -e d4.db ]

# Refuses a file that is not a demo database.
hak init --db real.db 2>/dev/null
cp real.db real-copy.db
fails "not a demo database" 73 "" hak demo --db real.db
ok "not a demo: says so" err_has "not a demo database"
ok "not a demo: untouched" same real.db real-copy.db
echo text >notes.txt
fails "not a database at all" 73 "" hak demo --db notes.txt
ok "text file untouched" [ "$(cat notes.txt)" = text ]

# Ignores HAK_DB and the config's database:.
printf 'database: %s/cfg.db\n' "$T" >c.yaml
HAK_DB=$T/real.db HAK_CONFIG=$T/c.yaml expect "demo ignores HAK_DB" 0 hak demo
ok "default file ./hakjibon-demo.db" [ -f hakjibon-demo.db ]
ok "HAK_DB untouched" same real.db real-copy.db
ok "config database: not created" [ ! -e cfg.db ]
fails "demo takes no operands" 2 "" hak demo x.db
done_testing
