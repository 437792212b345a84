#!/bin/sh
# hak-project audit: a department made inactive after its projects were
# recorded (history, SPEC 3) is still a filter of list and still accepted
# when the same data is imported again (SPEC 2.10); show has a place for
# the headline figures of linked surveys (SPEC 5.3).
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db
run hak init
hak-school import "$DATA"/schools/schools.csv >/dev/null
hak-project add MED-1 --name 관계회복 --dept MED --recipient teacher \
	--start-on 2026-03-02
hak-project add EDU-1 --name 수업코칭 --dept EDU
hak-project export >e1.csv
events() { sqlite3 h.db "SELECT count(*) FROM events WHERE entity = 'project'"; }

sqlite3 h.db "UPDATE departments SET active = 0 WHERE code = 'MED'"
n0=$(events)
succeeds "import again with an inactive department" hak-project import e1.csv
ok "import again: already present" out_is "0 new, 2 already present, 0 rejected"
ok "import again: no event" [ "$(events)" -eq "$n0" ]
succeeds "list --dept of an inactive department" hak-project list --dept med --no-header
ok "list --dept: its projects" out_is "MED-1,관계회복,MED,,teacher,2026,2026-03-02,,planned,0,,,"
succeeds "set another field of its project" hak-project set MED-1 --budget 10
fails "set --dept to it is refused" 65 "" hak-project set EDU-1 --dept MED
printf 'code,name,department\nNEW-1,x,MED\n' >new.csv
fails "import a new project of it is refused" 65 "" hak-project import new.csv
ok "import: row message" err_has "^new.csv:2: department: inactive department 'MED'"
fails "list --dept unknown" 2 "" hak-project list --dept XYZ
sqlite3 h.db "UPDATE departments SET active = 1 WHERE code = 'MED'"

# show: the linked surveys' headline figures have their own section.
succeeds "show" hak-project show MED-1 -f csv
ok "show: a surveys section with its columns" out_has "^survey,question,n,mean,score100,top2$"
succeeds "show table" hak-project show MED-1 -f table
ok "show table: surveys title" out_has "^surveys$"
succeeds "show json" hak-project show MED-1 -f json
ok "show json: surveys member" out_has '"surveys":\[\]'
done_testing
