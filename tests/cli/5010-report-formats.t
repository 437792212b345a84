#!/bin/sh
# hak-report formats (SPEC 5.6): text, md, html (valid, self-contained, an
# SVG chart per section, a print stylesheet), csv, json; headings in
# Korean; --out atomic even under kill -9; the crontab recipe of the
# README and hak-report(1) works as written.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db HAK_CONFIG=$DATA/requests/config.yaml
. "$DATA/report/fixture.sh"
fixture
export HAK_NOW=2026-11-30T06:00:00

run hak-report weekly -f text
ok "text: the title underlined with =" [ "$rc" -eq 0 ] && out_has "Weekly report 2026-W48 (2026-11-23..2026-11-29)" && out_has '^====='
ok "text: headed sections" out_has '^Requests$' && out_has '^Service level and times$' && out_has '^--------'
ok "text: aligned table, numbers right-aligned" out_has '^department  received  resolved  closed  reopened  backlog  overdue  rating_mean  rating_n$' && out_has '^FAC                2         2       1         0        0        0         4.00         1$'
ok "text: bar charts in block characters" out_has '^ADM  ████████████████████████████████████████ 2$'
ok "text: the definitions it used" out_has '^backlog$' && out_has 'PERCENTILE.INC'
ok "text: shares as percentages, empty without figures" out_has '^FAC          100.0%      2' && out_has '^EDU                      0$'
run hak-report weekly -f table
cp "$T/out" table.txt
run hak-report weekly -f text
ok "table means text" same table.txt "$T/out"

run hak-report weekly -f md
ok "md: title, sections, tables" out_has '^# ' && out_has '^## Requests$' && out_has '^| department | received |' && out_has '^| --- | ---: |'

run hak-report weekly -f json
cp "$T/out" w.json
ok "json: valid" [ "$(sqlite3 :memory: "SELECT json_valid(readfile('w.json'))")" = 1 ]
ok "json: one object per section" [ "$(sqlite3 :memory: "SELECT group_concat(value ->> 'key', ' ') FROM json_each(readfile('w.json'), '$.sections')")" = "summary sla trend categories schools surveys" ]
ok "json: numbers as numbers, codes as strings" grep -q '"department":"FAC","received":2,' w.json

run hak-report weekly -f csv --no-header
ok "--no-header: csv without its header" [ "$rc" -eq 0 ] && ! out_has '^section,' && out_has '^summary,FAC,,received,2$'

run hak-report weekly -f xlsx -o w.xlsx
ok "xlsx: written with -o" [ "$rc" -eq 0 ] && [ "$(head -c 2 w.xlsx)" = PK ]
if command -v python3 >/dev/null 2>&1; then
	sheets=$(python3 -c 'import re, sys, zipfile
print(" ".join(re.findall(r"<sheet name=\"([^\"]*)\"", zipfile.ZipFile(sys.argv[1]).read("xl/workbook.xml").decode())))' w.xlsx)
	ok "xlsx: a sheet per section" [ "$sheets" = "summary sla trend categories schools surveys" ]
else
	skip "xlsx: a sheet per section" "python3 not installed"
fi

# HTML: one self-contained file that validates, a chart per section.
run hak-report weekly -f html -o w.html
ok "html written with -o (nothing on stdout)" [ "$rc" -eq 0 ] && [ ! -s "$T/out" ] && [ -s w.html ]
ok "html: mode 0600" [ "$(stat -c %a w.html)" = 600 ]
if command -v xmllint >/dev/null 2>&1; then
	run xmllint --html --noout w.html
	ok "html: xmllint --html --noout passes" [ "$rc" -eq 0 ] && [ ! -s "$T/err" ]
else
	skip "html: xmllint --html --noout passes" "xmllint (libxml2-utils) not installed"
fi
ok "html: no script, no external resource" sh -c "! grep -Eqi '<script|src=|href=|@import|url\\(' w.html"
ok "html: a print stylesheet for A4" grep -q '@page{size:A4' w.html && grep -q '@media print' w.html
sections=$(grep -c '^<section>' w.html)
charts=$(awk '/^<section>/ { n++ } /<svg/ && !seen[n]++ { c++ } END { print c }' w.html)
ok "html: an SVG chart in each of the $sections sections" [ "$sections" -eq 6 ] && [ "$charts" -eq "$sections" ]
ok "html: the line chart of the trend" grep -q '<polyline class="s0"' w.html

# Korean headings: --lang ko, or the config's lang (metric names stay).
run hak-report weekly --lang ko -f text
ok "--lang ko: Korean headings" out_has '^주간 보고서\|주간 보고서 2026-W48' && out_has '^요청 처리 현황$' && out_has '^department  received'
sed 's/^timezone: Asia\/Seoul$/timezone: Asia\/Seoul\nlang: ko/' "$DATA/requests/config.yaml" > ko.yaml
HAK_CONFIG=$T/ko.yaml hak init --db ko.db 2>/dev/null
run env HAK_CONFIG=$T/ko.yaml hak-report --db ko.db weekly -f md
ok "lang: ko in the config: Korean headings" out_has '^## 요청 처리 현황$'
run env HAK_CONFIG=$T/ko.yaml hak-report --db ko.db weekly --lang en -f md
ok "--lang en overrides it" out_has '^## Requests$'

# --out is atomic: kill -9 at random moments never leaves a partial file.
demo_db demo.db
HAK_DB=$T/demo.db hak-report weekly -f html > ref.html
i=0 bad=0
while [ $i -lt 30 ]; do
	HAK_DB=$T/demo.db hak-report weekly -f html -o k.html &
	pid=$!
	sleep "0.0$(( (i * 7) % 10 ))$(( i % 10 ))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	if [ -e k.html ] && ! cmp -s k.html ref.html; then
		bad=$((bad + 1))
	fi
	i=$((i + 1))
done
ok "kill -9 at 30 moments: k.html absent or whole, never partial" [ "$bad" -eq 0 ]
fails "--out naming the database is refused" 73 "" hak-report weekly -o "$HAK_DB"

# The crontab recipe of hak-report(1), run as cron would (\% is %).
recipe=$(sed -n 's/^0 6 \* \* 1 //p' "$HAK_TOP/man/hak-report.1" | sed 's/\\e/\\/g')
mkdir -p reports
run sh -c "$(printf '%s\n' "$recipe" | sed "s|/srv/reports|$T/reports|; s/\\\\%/%/g")"
ok "the crontab recipe writes each department's report" [ "$rc" -eq 0 ] && [ "$(ls reports | grep -c '^weekly-[0-9]\{4\}-W[0-9][0-9]-\(EDU\|ADM\|MED\|FAC\)\.html$')" -eq 4 ]
ok "the README gives the same recipe" grep -qF "$recipe" "$HAK_TOP/README.md"
done_testing
