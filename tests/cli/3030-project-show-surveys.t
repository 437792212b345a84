#!/bin/sh
# hak-project show (SPEC 5.3): the surveys linked to a project (their
# definition's project:) show their headline figures, the row (all) of
# hak-survey results, checked against the independent reference of
# tests/data/survey-results; the config's headline picks the questions.
. "$HAK_TOP/tests/lib.sh"
R=$DATA/survey-results
export HAK_DB=$T/p.db
run hak init
hak-school import "$R"/schools.csv >/dev/null
hak-project add P1 --name Proj --dept edu --recipient teacher >/dev/null
hak-project add P2 --name Other --dept edu --recipient teacher >/dev/null
# res-a linked to P1; res-b linked to no project
sed 's/^title: .*/&\nproject: P1/' "$R"/res-a.yaml >a.yaml
hak-survey define a.yaml
hak-survey define "$R"/res-b.yaml
hak-survey import res-a "$R"/res-a.csv >/dev/null
hak-survey import res-b "$R"/res-b.csv >/dev/null

# the surveys section of show -f csv: the lines after its header
section() { sed -n '/^survey,question,n,mean,score100,top2$/,$p' "$T/out"; }

succeeds "show P1" hak-project show P1 -f csv
section >got.csv
ok "a section with the header" grep -q '^survey,question,n,mean,score100,top2$' got.csv
ok "one row per scale and yes/no question of res-a" [ "$(wc -l <got.csv)" -eq 6 ]
ok "no text question, nothing of res-b" sh -c "! grep -q -e comment -e res-b got.csv"
if command -v python3 >/dev/null 2>&1; then
	python3 "$R"/reference.py expect >want.csv
	python3 - want.csv got.csv <<'PY' >cmp.txt
import csv, sys
want = {r["question"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["group"] == "(all)"}
got = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
bad = 0
for r in got:
    w = want[r["question"]]
    for c in ("n", "mean", "score100", "top2"):
        a, b = w[c], r[c]
        if a != b and not (a and b and abs(float(a) - float(b)) <= 1e-9):
            print("# %s %s: want %r, got %r" % (r["question"], c, a, b))
            bad += 1
print("bad", bad, "rows", len(got))
PY
	ok "every figure as the reference's (all) row" grep -q '^bad 0 rows 5$' cmp.txt
	grep '^#' cmp.txt
else
	skip "figures against the reference" "python3 not installed"
fi
succeeds "show P2" hak-project show P2 -f csv
ok "P2: an empty surveys section" [ "$(section | wc -l)" -eq 1 ]

# for people: top2 as a percentage
succeeds "show P1 -f table" hak-project show P1 -f table
ok "table: top2 in percent" out_has '^res-a  *overall  *27  *3\.63  *65\.7  *70\.4%$'

# the config's headline names the questions shown
printf 'headline: [res-a/workload_reduced, res-a/time_gained, res-b/overall]\n' >h.yaml
chmod 600 h.yaml
export HAK_CONFIG=$T/h.yaml
hak init >/dev/null 2>&1
succeeds "show P1 with a headline" hak-project show P1 -f csv
section >got.csv
ok "headline: its two questions of res-a, in definition order" \
	[ "$(sed 1d got.csv | cut -d, -f1,2 | tr '\n' ' ')" = "res-a,workload_reduced res-a,time_gained " ]
ok "headline: yes/no as shares" grep -q '^res-a,workload_reduced,40,0\.9,90,$' got.csv
done_testing
