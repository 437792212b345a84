#!/bin/sh
# hak demo's surveys (issue 9): this year's and last year's support
# surveys, linked to that year's workload project, whose headline figures
# resemble the headquarters' published ones ("all users report less
# administrative work; more than 85% gained time for teaching"); this
# year's came as two weekly cumulative exports; the config's headline
# names its two yes/no questions; hak check passes.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/d.db
demo_db "$HAK_DB"
Y=${HAK_NOW%%-*}
P=$((Y - 1))

succeeds "list" hak-survey list --no-header
ok "two surveys, linked to the workload projects" \
	[ "$(cut -d, -f1,3 "$T/out" | tr '\n' ' ')" = "support-$P,ADM-$P-01 support-$Y,ADM-$Y-01 " ]
ok "about a thousand responses each" awk -F, '$7 < 800 || $7 > 2000 { exit 1 }' "$T/out"

# shares as sqlite3 counts them from the packed answers (pos 1 and 2:
# workload_reduced, time_gained; '1' yes, '0' no)
share() {	# share SURVEY POS
	sqlite3 "$HAK_DB" "SELECT printf('%.4f', avg(substr(answers, $2, 1) = '1')) FROM survey_responses WHERE survey = '$1' AND substr(answers, $2, 1) IN ('0', '1')"
}
w=$(share support-$Y 2) t=$(share support-$Y 3)
ok "nearly all report less administrative work ($w)" awk -v x="$w" 'BEGIN { exit !(x >= 0.95 && x <= 1) }'
ok "more than 85% gained time for teaching ($t)" awk -v x="$t" 'BEGIN { exit !(x > 0.85 && x < 0.90) }'
run hak-survey results support-$Y --question time_gained
ok "results agree with sqlite3" awk -F, -v x="$t" 'NR == 2 { exit !($7 - x < 0.00005 && x - $7 < 0.00005) }' "$T/out"
ok "last year's a little lower" awk -v a="$(share support-$P 3)" -v b="$t" 'BEGIN { exit !(a < b) }'

run hak-survey batches support-$Y --no-header
ok "two weekly exports, the second adding only the new responses" \
	awk -F, 'NR == 2 { exit !($6 == 2 * $7 && $7 == $8) }' "$T/out"
ok "Korean timestamps (Google Forms) parsed" [ "$(sqlite3 "$HAK_DB" "SELECT count(*) FROM survey_responses WHERE survey = 'support-$Y' AND submitted_at IS NULL")" = 0 ]
ok "no phone number or address stored" [ "$(sqlite3 "$HAK_DB" "SELECT count(*) FROM survey_texts WHERE text LIKE '%010-%' OR text LIKE '%@%'")" = 0 ]

run hak-project show ADM-$Y-01 -f csv
ok "the project shows the headline figures" out_has "^support-$Y,time_gained,[0-9]*,0\.8[5-9]"
ok "... and only the headline questions" sh -c "! grep -q '^support-$Y,overall' '$T/out'"
ok "headline in the database's config" [ "$(sqlite3 "$HAK_DB" 'SELECT group_concat(ref, " ") FROM (SELECT ref FROM headline ORDER BY pos)')" = "support-$Y/workload_reduced support-$Y/time_gained" ]
succeeds "hak check" hak check
done_testing
