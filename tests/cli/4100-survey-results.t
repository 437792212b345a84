#!/bin/sh
# hak-survey results (SPEC 5.4, 5.5): every cell of `results -f csv` on a
# fixture with known answers (tests/data/survey-results) against figures
# computed independently by tests/data/survey-results/reference.py (python3
# standard library): plain, --by each grouping, --question, --compare,
# yes/no questions, min_group suppression (the config's, default and 3),
# the (missing) group; the table format's rounding and formulas; the exit
# statuses of bad requests.
. "$HAK_TOP/tests/lib.sh"
R=$DATA/survey-results
export HAK_DB=$T/r.db
run hak init
hak-school import "$R"/schools.csv >/dev/null
for s in a b c; do hak-survey define "$R"/res-$s.yaml; done
run hak-survey import res-a "$R"/res-a.csv
ok "fixture a imported" out_is "40 new, 0 already present, 0 rejected"
run hak-survey import res-b "$R"/res-b.csv
ok "fixture b imported" out_is "25 new, 0 already present, 0 rejected"

if ! command -v python3 >/dev/null 2>&1; then
	skip "results against the reference" "python3 not installed"
	done_testing
	exit
fi
ref() { python3 "$R"/reference.py "$@"; }

# csv, every cell to 1e-9: each case's output is kept (got.N.csv) and
# listed with the reference's arguments; the reference checks them all in
# one run (python3 starts slowly), then each case is a check here.
: >cases
_case=0
compare() {	# compare NAME ARGS...: results res-a ARGS vs the reference
	_cn=$1; shift
	_case=$((_case + 1))
	run hak-survey results res-a "$@" -f csv
	ok "$_cn: exit 0, nothing on stderr" out_only
	cp "$T/out" "got.$_case.csv"
	echo "got.$_case.csv $* ${REF_MIN:+--min-group $REF_MIN}" >>cases
	echo "$_cn" >"name.$_case"
}
compare "plain"
compare "--by school" --by school
compare "--by level" --by level
compare "--by district (a (missing) group shown)" --by district
compare "--by role (a mapped field)" --by role
compare "--by subject (a field)" --by subject
compare "--question burden (reverse, optional)" --question burden
compare "--question time_gained (yes/no)" --question time_gained
compare "--compare res-b" --compare res-b
compare "--by level --compare res-b" --by level --compare res-b
compare "--by school --question ease --compare res-b" --by school \
	--question ease --compare res-b
# the config's min_group (copied into the database by hak init), in a
# database of its own
printf 'min_group: 3\n' >cfg.yaml
chmod 600 cfg.yaml
HAK_CONFIG=$T/cfg.yaml HAK_DB=$T/m.db sh -c '
	hak init && hak-school import "$1"/schools.csv &&
	hak-survey define "$1"/res-a.yaml &&
	hak-survey import res-a "$1"/res-a.csv' sh "$R" >/dev/null 2>&1
HAK_CONFIG=$T/cfg.yaml HAK_DB=$T/m.db REF_MIN=3 \
	compare "min_group 3 from the config, --by level" --by level
export HAK_DB=$T/r.db	# whether assignments before a function call
unset HAK_CONFIG REF_MIN	# outlive it is the shell's choice
ref verify cases >verdicts 2>&1
i=0
while [ "$i" -lt "$_case" ]; do
	i=$((i + 1))
	ok "$(cat name.$i): every cell as the reference" \
		grep -q "^pass got.$i.csv\$" verdicts
done
grep -v '^pass' verdicts | sed 's/^/#   /'

# What the comparisons cover: suppressed groups, (missing), n < 2, n = 0.
run hak-survey results res-a --by school --question burden
ok "a group under min_group: counts only" out_has '^res-a,burden,7020005,별빛고등학교,3,3,,,,,,,,$'
ok "a group with n = 1: no sd, no interval" out_has '^res-a,burden,7020003,늘봄중학교,6,1,4,,,,75,1,0;0;0;1;0,$'
run hak-survey results res-a --by district --question ease
ok "n = 0: empty figures, zero counts" out_has '^res-a,ease,새롬동,,9,0,,,,,,,0;0;0;0;0;0;0,$'
ok "(missing) last, shown when large enough" out_has '^res-a,ease,(missing),,8,4,4\.25,'
run hak-survey results res-a --question workload_reduced
ok "yes/no: no sd, no top2; dist yes;no; rate on (all)" out_has '^res-a,workload_reduced,(all),,40,40,0\.9,,0\.769[0-9]*,0\.960[0-9]*,90,,36;4,0\.333'

# table: one decimal, shares as percentages, then the formulas
ref expect >want.csv
run hak-survey results res-a -f table
cp "$T/out" table.txt
ok "table: exit 0" out_only
ok "table: the (all) rows rounded as the reference" ref table want.csv table.txt
ok "table: ends with the formulas" out_has '^Formulas'
ok "table: the t interval" out_has 't(0\.975, n - 1) \* sd / sqrt(n)'
ok "table: the Wilson interval" out_has 'Wilson'
run hak-survey results res-a -f csv
ok "csv: no formulas" sh -c "! grep -q Formulas '$T/out'"
run hak-survey results res-a -f json --question overall
ok "json: numbers are numbers" out_has '"n":27'

# responses --wide reads back (na, yes, no, numbers as answered) into a
# fresh database with the same figures and the same responses
hak-survey responses res-a --wide >wide.csv
cols=
for c in school role subject submitted_at overall burden workload_reduced \
	time_gained ease comment; do
	cols="$cols --column $c=$c"
done
HAK_DB=$T/f.db sh -c 'hak init && hak-school import "$1"/schools.csv &&
	hak-survey define "$1"/res-a.yaml' sh "$R" >/dev/null 2>&1
run env HAK_DB="$T/f.db" hak-survey import res-a wide.csv $cols
ok "responses --wide imports back" out_is "40 new, 0 already present, 0 rejected"
hak-survey results res-a --by role >r1.csv
HAK_DB=$T/f.db hak-survey results res-a --by role >r2.csv
ok "... to the same results" same r1.csv r2.csv
hak-survey responses res-a --wide | cut -d, -f1,4- >w1.csv
HAK_DB=$T/f.db hak-survey responses res-a --wide | cut -d, -f1,4- >w2.csv
ok "... and the same responses" same w1.csv w2.csv
ok "... which hold na, yes and no" grep -q ',na,.*,yes,no,' w1.csv

# refusals
fails "unknown survey" 1 "no survey 'nope'" hak-survey results nope
fails "unknown --compare survey" 1 "no survey 'nope'" \
	hak-survey results res-a --compare nope
fails "unknown --question" 1 "has no question 'nope'" \
	hak-survey results res-a --question nope
fails "a text --question" 2 "text question" \
	hak-survey results res-a --question comment
fails "unknown --by" 2 "--by 'grade'" hak-survey results res-a --by grade
fails "--by submitted_at" 2 "--by 'submitted_at'" \
	hak-survey results res-a --by submitted_at
fails "--by a field the other survey lacks" 2 "survey 'res-c' has no such field" \
	hak-survey results res-a --by role --compare res-c
fails "--compare with another scale" 65 "question 'overall' has another scale" \
	hak-survey results res-a --compare res-c
done_testing
