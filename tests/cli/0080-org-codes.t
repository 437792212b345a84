#!/bin/sh
# Department, category and staff codes are read by one function each
# (hak/org.h), with one rule in every program: ASCII case does not
# matter, the stored code is what is kept and shown, and an unknown code
# is refused the same way (SPEC 2.11, 3).
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db HAK_CONFIG=$DATA/requests/config.yaml
hak init 2>/dev/null
hak-school import "$DATA"/schools/schools.csv >/dev/null

# Case does not matter when creating, and the stored code is kept.
succeeds "new: lower-case dept, upper-case category" hak-request new \
    --school 7010001 --category FACILITY-REPAIR --dept fac --title Roof
succeeds "assign: staff id in another case" hak-request assign 1 \
    --to Kim.Minji
succeeds "show" hak-request show 1
ok "show: department stored as FAC" out_has "FAC"
ok "show: category stored as facility-repair" out_has "facility-repair"
ok "show: assignee stored as kim.minji" out_has "kim.minji"
ok "show: no other spelling kept" eval \
    '! grep -q "FACILITY-REPAIR\|Kim.Minji" "$T/out"'
succeeds "project add: lower-case dept" hak-project add FAC-2026-01 \
    --name Roofs --dept fac --year 2026

# The same filter spelling works in every program.
for d in FAC fac Fac; do
	succeeds "hak-request list --dept $d" hak-request list --no-header \
	    --dept "$d"
	ok "hak-request list --dept $d: the request" out_has "^1,"
	succeeds "hak-project list --dept $d" hak-project list --no-header \
	    --dept "$d"
	ok "hak-project list --dept $d: the project" out_has "FAC-2026-01"
done
succeeds "list --category in capitals" hak-request list --no-header \
    --category Facility-Repair
ok "list --category: the request" out_has "^1,"
succeeds "list --assignee in capitals" hak-request list --no-header \
    --assignee KIM.MINJI
ok "list --assignee: the request" out_has "^1,"

# Unknown codes: the same words, the usage exit of a filter.
fails "hak-request list --dept xyz" 2 "" hak-request list --dept xyz
ok "hak-request: unknown department message" \
    err_has "unknown department 'xyz'"
fails "hak-project list --dept xyz" 2 "" hak-project list --dept xyz
ok "hak-project: unknown department message" \
    err_has "unknown department 'xyz'"
fails "hak-request list --category nope" 2 "" hak-request list --category nope
ok "unknown category message" err_has "unknown category 'nope'"
fails "hak-request list --assignee nobody" 2 "" hak-request list \
    --assignee nobody
ok "unknown staff message" err_has "unknown staff 'nobody'"
fails "new: unknown department" 65 "" hak-request new --school 7010001 \
    --category facility-repair --dept xyz --title x
ok "new: unknown department message" err_has "unknown department 'xyz'"
done_testing
