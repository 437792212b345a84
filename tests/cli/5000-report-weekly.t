#!/bin/sh
# hak-report weekly (SPEC 5.6): every figure of the fixture's weeks worked
# out by hand (tests/data/report/fixture.sh says why), as of the week's
# end: the same report before and after later activity; an empty week;
# the week across New Year (2026-W53) and 2027-W01.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db HAK_CONFIG=$DATA/requests/config.yaml
. "$DATA/report/fixture.sh"
fixture
export HAK_NOW=2026-11-30T06:00:00
# fig SECTION DEPT METRIC: one value of the last csv output
fig() { awk -F, -v s="$1" -v d="$2" -v m="$3" '$1 == s && $2 == d && $4 == m { print $5 }' "$T/out"; }
# figs SECTION METRIC: DEPT=VALUE for every row, in order
figs() { awk -F, -v s="$1" -v m="$2" '$1 == s && $4 == m { printf "%s=%s ", $2, $5 }' "$T/out"; }

run hak-report weekly -f csv
ok "weekly defaults to last week (2026-W48 on Monday 11-30)" [ "$rc" -eq 0 ] && out_has '^section,department,group,metric,value$'
cp "$T/out" default.csv
run hak-report weekly --week 2026-W48 -f csv
ok "--week 2026-W48 is the same report" same default.csv "$T/out"
cp "$T/out" w48.csv
ok "received: A B (FAC), E F (ADM), G (MED)" [ "$(figs summary received)" = "EDU=0 ADM=2 MED=1 FAC=2 (all)=5 " ]
ok "resolved: A B (FAC), C (ADM)" [ "$(figs summary resolved)" = "EDU=0 ADM=1 MED=0 FAC=2 (all)=3 " ]
ok "closed: A" [ "$(figs summary closed)" = "EDU=0 ADM=0 MED=0 FAC=1 (all)=1 " ]
ok "reopened: C" [ "$(figs summary reopened)" = "EDU=0 ADM=1 MED=0 FAC=0 (all)=1 " ]
ok "backlog at Sunday's end: D (EDU), E H (ADM), G (MED)" [ "$(figs summary backlog)" = "EDU=1 ADM=2 MED=1 FAC=0 (all)=4 " ]
ok "overdue: D (due 11-26), H (due 11-24)" [ "$(figs summary overdue)" = "EDU=1 ADM=1 MED=0 FAC=0 (all)=2 " ]
ok "ratings given: A's 4" [ "$(fig summary FAC rating_mean)" = 4 ] && [ "$(fig summary FAC rating_n)" = 1 ] && [ "$(fig summary '(all)' rating_n)" = 1 ]
ok "no ratings: rating_mean empty" [ "$(fig summary ADM rating_mean)" = "" ] && [ "$(fig summary ADM rating_n)" = 0 ]
ok "SLA met: A and B (B thanks to its wait), not C" [ "$(figs sla sla_met)" = "EDU= ADM=0 MED= FAC=1 (all)=0.6666666667 " ]
ok "SLA n" [ "$(figs sla sla_n)" = "EDU=0 ADM=1 MED=0 FAC=2 (all)=3 " ]
ok "median business days to first response: 0 0 1" [ "$(figs sla first_response_median)" = "EDU= ADM=1 MED= FAC=0 (all)=0 " ]
ok "median business days to resolution: A 2, B 3, C 6" [ "$(figs sla resolution_median)" = "EDU= ADM=6 MED= FAC=2.5 (all)=3 " ]
ok "90th percentile (PERCENTILE.INC): 2.9 and 3 + 0.8 x 3 = 5.4" [ "$(figs sla resolution_p90)" = "EDU= ADM=6 MED= FAC=2.9 (all)=5.4 " ]
ok "received by day, Monday first: 2 1 0 0 1 1 0" [ "$(awk -F, '$1 == "trend" && $4 == "received" { printf "%s ", $5 }' "$T/out")" = "2 1 0 0 1 1 0 " ]
ok "resolved by day: Wednesday, Thursday, Friday" [ "$(awk -F, '$1 == "trend" && $4 == "resolved" { printf "%s ", $5 }' "$T/out")" = "0 0 1 1 1 0 0 " ]
ok "top categories: admin-task 2, then 1 each by code" [ "$(awk -F, '$1 == "categories" { printf "%s=%s ", $3, $5 }' "$T/out")" = "admin-task=2 conflict-mediation=1 facility-repair=1 it-equipment=1 " ]
ok "schools with most open requests: 7010001 (D E H), 7010002 (G)" [ "$(awk -F, '$1 == "schools" && $4 == "open" { printf "%s=%s ", $3, $5 }' "$T/out")" = "7010001=3 7010002=1 " ]
ok "charts are not figures twice in csv" [ "$(grep -c '^summary,,' "$T/out")" = 0 ]

# Later activity changes no figure of a past week.
later
run hak-report weekly --week 2026-W48 -f csv
ok "the same weekly --week 2026-W48 after later activity" same w48.csv "$T/out"
run hak-report weekly --week 2026-W48 -f json
cp "$T/out" w48.json
HAK_NOW=2027-06-01T00:00:00 run hak-report weekly --week 2026-W48 -f json
ok "... and in json, months later" same w48.json "$T/out"

# An empty week: nothing happened, the backlog carried over (after the
# later activity: E moved to FAC, G open, both overdue by 12-13).
run hak-report weekly --week 2026-W50 -f csv
ok "empty week: nothing received or resolved" [ "$(fig summary '(all)' received)" = 0 ] && [ "$(fig summary '(all)' resolved)" = 0 ] && [ "$(fig sla '(all)' sla_n)" = 0 ] && [ "$(fig sla '(all)' sla_met)" = "" ]
ok "empty week: backlog E (FAC now), G (MED), both overdue" [ "$(figs summary backlog)" = "EDU=0 ADM=0 MED=1 FAC=1 (all)=2 " ] && [ "$(fig summary '(all)' overdue)" = 2 ]
ok "empty week: no categories, no schools rows but the open ones" [ "$(grep -c '^categories,' "$T/out")" = 0 ]
run hak-report weekly --week 2026-W45 -f csv
ok "a week before any request: all zero" [ "$(figs summary backlog)" = "EDU=0 ADM=0 MED=0 FAC=0 (all)=0 " ] && [ "$(fig summary '(all)' received)" = 0 ]

# Across New Year: 2026-W53 is Mon 2026-12-28 .. Sun 2027-01-03.
run hak-report weekly --week 2026-W53 -f csv
ok "W53: the title names 2026-12-28..2027-01-03" [ "$rc" -eq 0 ]
run hak-report weekly --week 2026-W53 -f text
ok "W53: the text title" out_has "2026-W53 (2026-12-28..2027-01-03)"
run hak-report weekly --week 2026-W53 -f csv
ok "W53: received I (FAC, Wed 12-30), J (ADM, Thu 12-31)" [ "$(figs summary received)" = "EDU=0 ADM=1 MED=0 FAC=1 (all)=2 " ]
ok "W53: resolved I on Saturday 2027-01-02, 1 business day" [ "$(fig summary FAC resolved)" = 1 ] && [ "$(fig sla FAC resolution_median)" = 1 ] && [ "$(fig sla FAC sla_met)" = 1 ]
ok "W53: backlog J (ADM), E (FAC), G (MED); E and G overdue" [ "$(figs summary backlog)" = "EDU=0 ADM=1 MED=1 FAC=1 (all)=3 " ] && [ "$(fig summary '(all)' overdue)" = 2 ]
ok "W53: received by day: 0 0 1 1 0 0 0" [ "$(awk -F, '$1 == "trend" && $4 == "received" { printf "%s ", $5 }' "$T/out")" = "0 0 1 1 0 0 0 " ]
run hak-report weekly --week 2027-W01 -f csv
ok "2027-W01: J resolved Monday, 1 business day (Fri 01-01 a holiday)" [ "$(fig summary ADM resolved)" = 1 ] && [ "$(fig sla ADM resolution_median)" = 1 ] && [ "$(fig summary '(all)' backlog)" = 2 ]

# --dept: one department's figures only.
run hak-report weekly --week 2026-W48 --dept ADM -f csv
ok "--dept ADM: its row only, no (all)" [ "$(figs summary received)" = "ADM=2 " ]
ok "--dept ADM: its schools and categories only" [ "$(awk -F, '$1 == "schools" && $4 == "open" { printf "%s=%s ", $3, $5 }' "$T/out")" = "7010001=2 " ] && [ "$(awk -F, '$1 == "categories" { printf "%s=%s ", $3, $5 }' "$T/out")" = "admin-task=2 " ]
fails "--dept of no department" 65 "unknown department 'XYZ'" hak-report weekly --dept XYZ

# Usage.
fails "--week that is not a week" 2 "is not one ISO week" hak-report weekly --week 2026-11
fails "--week 2027-W53 does not exist" 2 "week" hak-report weekly --week 2027-W53
fails "--lang other than en or ko" 2 "lang" hak-report weekly --lang fr
fails "a listing format" 2 "not one of a report's" hak-report weekly -f tsv
fails "no database" 66 "hak init" hak-report --db nothere.db weekly
done_testing
