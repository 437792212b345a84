#!/bin/sh
# hak-report sla, equity, pivot and annual (SPEC 5.6) on the request
# fixture (tests/data/report/fixture.sh), with participations, a survey
# and the config's headline questions; expected figures by hand or by
# plain SQL here.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db HAK_CONFIG=$DATA/report/config.yaml
. "$DATA/report/fixture.sh"
fixture
export HAK_NOW=2026-11-30T06:00:00
fig() { awk -F, -v s="$1" -v d="$2" -v g="$3" -v m="$4" '$1 == s && $2 == d && $3 == g && $4 == m { print $5 }' "$T/out"; }
col() { awk -F, -v s="$1" -v m="$2" '$1 == s && $4 == m { printf "%s=%s ", $3, $5 }' "$T/out"; }
# pcol METRIC: pivot's rows keyed by a column named department
pcol() { awk -F, -v m="$1" '$1 == "pivot" && $4 == m { printf "%s=%s ", $2, $5 }' "$T/out"; }

# sla: the requests resolved in 2026-W48 (A, B: FAC; C: ADM, late).
run hak-report sla --period 2026-W48 -f csv
ok "sla by department" [ "$rc" -eq 0 ] && [ "$(col sla sla_met)" = "ADM=0 FAC=1 (all)=0.6666666667 " ] && [ "$(col sla sla_n)" = "ADM=1 FAC=2 (all)=3 " ]
run hak-report sla --period 2026-W48 --by assignee -f csv
ok "sla by assignee: of the request when resolved" [ "$(col sla sla_met)" = "gone.staff=0 kim.minji=1 lee.junho=1 (all)=0.6666666667 " ]
ok "sla by assignee: resolution_p90" [ "$(col sla resolution_p90)" = "gone.staff=6 kim.minji=2 lee.junho=3 (all)=5.4 " ]
run hak-report sla --since 2026-11-16 --until 2026-11-22 --by category -f csv
ok "sla --since --until: C's first resolution (Fri 11-20, in time)" [ "$(col sla sla_met)" = "admin-task=1 (all)=1 " ]
fails "sla --by other" 2 "--by" hak-report sla --by school
fails "--period with --since" 2 "mixed" hak-report sla --period 2026-11 --since 2026-11-01

# equity in 2026-11: participations of project P1 (type school).
hak-project add P1 --name 'Fixture project' --dept EDU --recipient school --year 2026 --is-new >/dev/null
hak-project add P2 --name 'Old project' --dept ADM --recipient teacher --year 2025 >/dev/null
hak-project enroll P1 A1 --date 2026-11-10 >/dev/null
hak-project enroll P1 A1 --date 2026-11-12 >/dev/null
hak-project enroll P1 7010003 --date 2026-11-14 >/dev/null
hak-project enroll P2 7010002 --count 30 --date 2026-12-01 >/dev/null
run hak-report equity --period 2026-11 -f csv
ok "equity: 6 schools, 4 with students" [ "$rc" -eq 0 ] && [ "$(fig summary '' '' schools)" = 6 ] && [ "$(fig summary '' '' with_students)" = 4 ]
ok "equity: received in November: 7 at 7010001, G at 7010002" [ "$(col schools received | xargs -n1 | sort | xargs)" = "0012345=0 7010001=7 7010002=1 A1=0" ]
ok "equity: resolved: A, B, C twice" [ "$(fig schools '' 7010001 resolved)" = 4 ]
ok "equity: participations (records)" [ "$(fig schools '' A1 participations)" = 2 ]
ok "equity: support per 100 students, ranked" [ "$(col schools support_per100)" = "A1=0.6666666667 7010001=0.5833333333 7010002=0.125 0012345=0 " ]
ok "equity: no support: 0012345" [ "$(fig summary '' '' no_support)" = 1 ]
gini=$(sqlite3 :memory: "WITH x(v) AS (VALUES (7.0 / 1200), (1.0 / 800), (0.0), (2.0 / 300))
	SELECT printf('%.10g', sum(abs(a.v - b.v)) / (2 * 16 * (SELECT avg(v) FROM x))) FROM x a, x b")
ok "equity: the Gini coefficient by the SPEC's double sum ($gini)" [ "$(fig summary '' '' gini)" = "$gini" ]
ok "equity: support per 100 students in total" [ "$(fig summary '' '' support_per100)" = "$(sqlite3 :memory: "SELECT printf('%.10g', 100.0 * 10 / 2350)")" ]
ok "equity: schools without a student count listed apart" [ "$(col apart support)" = "7010003=1 A2=0 " ]
ok "equity: by level, high has no school with students" [ "$(fig levels '' high with_students)" = 0 ] && [ "$(fig levels '' high gini)" = "" ]
gini_el=$(sqlite3 :memory: "WITH x(v) AS (VALUES (7.0 / 1200), (2.0 / 300))
	SELECT printf('%.10g', sum(abs(a.v - b.v)) / (2 * 4 * (SELECT avg(v) FROM x))) FROM x a, x b")
ok "equity: by level, elementary's Gini ($gini_el)" [ "$(fig levels '' elementary gini)" = "$gini_el" ]
ok "equity: by district" [ "$(col districts with_students)" = "강남=2 서초=1 종로=1 " ]
run hak-report equity --period 2026-11 -f html -o eq.html
ok "equity html: the Lorenz curve" grep -q '<polyline class="s1"' eq.html && grep -q 'Lorenz' eq.html

# pivot of any CSV on stdin.
printf 'department,status,days\nEDU,open,3\nEDU,closed,5\nADM,closed,\nADM,closed,4\n' > p.csv
run_in p.csv hak-report pivot --rows department --cols status -f csv
ok "pivot --count: rows and sorted columns, total" [ "$(pcol closed)" = "ADM=2 EDU=1 " ] && [ "$(pcol open)" = "ADM=0 EDU=1 " ] && [ "$(pcol total)" = "ADM=2 EDU=2 " ]
run_in p.csv hak-report pivot --rows department --cols status --sum days -f csv
ok "pivot --sum: empty cells 0" [ "$(pcol closed)" = "ADM=4 EDU=5 " ] && [ "$(pcol open)" = "ADM=0 EDU=3 " ] && [ "$(pcol total)" = "ADM=4 EDU=8 " ]
run_in p.csv hak-report pivot --rows department --cols status --mean days -f csv
ok "pivot --mean: empty without values" [ "$(pcol open)" = "ADM= EDU=3 " ] && [ "$(pcol total)" = "ADM=4 EDU=4 " ]
run_in p.csv hak-report pivot --rows status -f csv
ok "pivot without --cols: total only" [ "$(col pivot total)" = "closed=3 open=1 " ]
run_in p.csv hak-report --db nothere.db pivot --rows status -f text
ok "pivot needs no database" [ "$rc" -eq 0 ] && out_has '^closed '
fails_in "pivot: unknown column" 65 "no column 'nope'" p.csv hak-report pivot --rows nope
fails_in "pivot: --sum of text" 65 "not a number" p.csv hak-report pivot --rows department --sum status
fails_in "pivot: two aggregates" 2 "one of" p.csv hak-report pivot --rows department --sum days --mean days

# annual 2026: projects, reach, headline questions (a dropped batch
# left out; a headline survey question without results: empty).
hak-survey define "$DATA/report/survey.yaml" >/dev/null 2>&1
hak-survey import rep-2026 "$DATA/report/survey.csv" >/dev/null
hak-survey import rep-2026 "$DATA/report/survey-dropped.csv" >/dev/null
hak-survey drop-batch rep-2026 "$(hak-survey batches rep-2026 | awk -F, '$2 ~ /dropped/ { print $1 }')" >/dev/null
run hak-report weekly --week 2026-W49 -f csv
ok "weekly: the survey batch imported in the week; not the one dropped in it" [ "$(awk -F, '$1 == "surveys" && $4 == "responses" { printf "%s=%s ", $3, $5 }' "$T/out")" = "rep-2026=5 " ]
HAK_NOW=2027-01-05T06:00:00 run hak-report annual -f csv
ok "annual defaults to last year" [ "$rc" -eq 0 ] && [ "$(fig summary '(all)' '' received)" = 8 ]
ok "annual: projects of the year and new ones" [ "$(fig projects '' '' projects_run)" = 1 ] && [ "$(fig projects '' '' projects_new)" = 1 ]
ok "annual: reach by recipient type" [ "$(col participations reached)" = "school=3 teacher=30 " ] && [ "$(fig participations '' school schools)" = 2 ]
ok "annual: headline yes/no: share of yes 4/5" [ "$(awk -F, '$1 == "headline" && $3 == "rep-2026" && $4 == "question" { q = $5 } $1 == "headline" && $4 == "yes_share" && q == "helped" { print $5 }' "$T/out")" = 0.8 ]
run hak-report annual --year 2026 -f json
cp "$T/out" a.json
ok "annual: sat: n 5, top2 3/5, score100 (3.8 - 1) / 4 x 100 = 70" [ "$(sqlite3 :memory: "SELECT group_concat(r.value ->> 'n' || '/' || (r.value ->> 'top2') || '/' || (r.value ->> 'score100'), ' ') FROM json_each(readfile('a.json'), '$.sections') s, json_each(s.value, '$.blocks') b, json_each(b.value, '$.rows') r WHERE s.value ->> 'key' = 'headline' AND r.value ->> 'question' = 'sat'")" = "5/0.6/70" ]
ok "annual: a headline question without results: empty figures" [ "$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('a.json'), '$.sections') s, json_each(s.value, '$.blocks') b, json_each(b.value, '$.rows') r WHERE s.value ->> 'key' = 'headline' AND r.value ->> 'question' = 'nosuch' AND r.value ->> 'n' IS NULL")" = 1 ]
run hak-report annual --year 2026 -f csv
ok "annual: month by month" [ "$(awk -F, '$1 == "trend" && $4 == "received" { printf "%s ", $5 }' "$T/out")" = "0 0 0 0 0 0 0 0 0 0 8 0 " ]
# Responses imported after the year's end change no figure of its
# annual report (as of the period's end); the next year's counts them.
printf '학교명,도움,만족\n한빛초등학교,아니오,3\n한빛중학교,아니오,4\n한빛중학교,아니오,3\n' > "$T/late.csv"
HAK_NOW=2027-02-01T09:00:00 hak-survey import rep-2026 "$T/late.csv" >/dev/null
HAK_NOW=2027-02-02T06:00:00 run hak-report annual --year 2026 -f csv
ok "annual 2026 again after a later import: yes share still 4/5" [ "$(awk -F, '$1 == "headline" && $3 == "rep-2026" && $4 == "question" { q = $5 } $1 == "headline" && $4 == "yes_share" && q == "helped" { print $5 }' "$T/out")" = 0.8 ]
HAK_NOW=2028-01-05T06:00:00 run hak-report annual --year 2027 -f csv
ok "annual 2027: the later batch counted: yes share 4/8" [ "$(awk -F, '$1 == "headline" && $3 == "rep-2026" && $4 == "question" { q = $5 } $1 == "headline" && $4 == "yes_share" && q == "helped" { print $5 }' "$T/out")" = 0.5 ]
done_testing
