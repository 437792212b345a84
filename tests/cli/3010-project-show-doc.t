#!/bin/sh
# hak-project show as a document (SPEC 5.3, 2.6): text for -f table, md,
# a self-contained html page; the record formats keep their shape; md
# and html are refused by listings.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db

run hak init
hak-school import "$DATA"/schools/schools.csv >/dev/null
hak-project add P1 --name 'A <b>&"x' --dept edu --recipient teacher \
	--recipient student --is-new --target 40 >/dev/null
hak-project enroll P1 7010001 --recipient teacher --count 15 \
	--date 2026-04-01 >/dev/null
hak-project enroll P1 7010002 --recipient student --count 30 \
	--date 2026-05-06 >/dev/null

# md: the title, a heading per section, the fields, a table, the chart.
expect "md" 0 hak-project show P1 -f md
ok "md: no error" err_empty
ok "md: title" out_has '^# P1 A &lt;b&gt;&amp;"x$'
for s in project participations requests surveys; do
	ok "md: section $s" out_has "^## $s$"
done
ok "md: a field" out_has '^- \*\*department\*\*: EDU$'
ok "md: bool as yes" out_has '^- \*\*is\\_new\*\*: yes$'
ok "md: reach table header" out_has '^| recipient | level | schools | participations | count |$'
ok "md: numbers right-aligned" out_has '^| --- | --- | ---: | ---: | ---: |$'
ok "md: the (all) row" out_has '^| student | (all) | 1 | 1 | 30 |$'
ok "md: the chart" out_has '^\*\*participants by recipient type\*\*$'

# html: one page, nothing fetched or run, the name escaped, a chart.
expect "html" 0 hak-project show P1 -f html
ok "html: no error" err_empty
ok "html: a page" out_has '^<!DOCTYPE html>$'
ok "html: ends" out_has '^</html>$'
ok "html: no script" sh -c "! grep -qi '<script' '$T/out'"
ok "html: no external resource" sh -c "! grep -qi 'http' '$T/out'"
ok "html: name escaped" out_has '<h1>P1 A &lt;b&gt;&amp;&quot;x</h1>'
ok "html: raw name nowhere" sh -c "! grep -qF '<b>&' '$T/out'"
ok "html: an inline svg chart" out_has '<svg '
ok "html: a bar per recipient type" [ "$(grep -c '<rect class="bar"' "$T/out")" -eq 2 ]
ok "html: print stylesheet" out_has '@media print'
ok "html: sections" [ "$(grep -c '^<h2>' "$T/out")" -eq 4 ]

# -o: the page written whole into the file.
expect "html -o" 0 hak-project show P1 -f html -o page.html
ok "html -o: nothing on stdout" out_empty
ok "html -o: the file" grep -q '<svg ' page.html

# table is the document as text.
expect "table" 0 hak-project show P1 -f table
ok "table: no error" err_empty
ok "table: title underlined" out_has '^==='
ok "table: section titles" out_has '^participations$'
ok "table: field/value" out_has '^department  *EDU$'
ok "table: no trailing blanks" sh -c "! grep -q ' $' '$T/out'"
ok "table: a bar" out_has '^student  .* 30$'

# The record formats are unchanged.
expect "csv" 0 hak-project show P1 -f csv
ok "csv: project then reach" out_has '^recipient,level,schools,participations,count$'
ok "csv: no chart" sh -c "! grep -q 'participants by' '$T/out'"
expect "json" 0 hak-project show P1 -f json
ok "json: one object, bool kept" out_has '"is_new":true'

# md and html are for documents.
for f in md html; do
	expect "list -f $f refused" 2 hak-project list -f $f
	ok "list -f $f: nothing written" out_empty
	ok "list -f $f: message" err_has "format '$f' is for documents; list writes records"
	expect "participants -f $f refused" 2 hak-project participants P1 -f $f
	expect "hak-school list -f $f refused" 2 hak-school list -f $f
done
ok "--help names md and html" sh -c "hak-project --help | grep -q 'md|html'"
done_testing
