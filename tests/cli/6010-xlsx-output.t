#!/bin/sh
# -f xlsx (SPEC 2.6, issue 11): listings and exports as workbooks that
# import back to the same records; numbers as numbers, dates as dates,
# codes as text, a bold frozen header, an autofilter, widths that fit
# Hangul; documents (show) one sheet per section; never on a terminal.
. "$HAK_TOP/tests/lib.sh"
demo_db demo.db
export HAK_DB=$T/demo.db

# The round trip: export as xlsx, import into a fresh database, export as
# csv: the csv export of the first database.
succeeds "hak-school export -f xlsx -o" hak-school export -f xlsx -o s.xlsx
ok "-o: nothing on stdout" out_empty
run hak-school export
cp "$T/out" a.csv
hak init --db b.db 2>/dev/null
run hak-school import --db b.db s.xlsx
ok "the workbook imports" out_has "^$(($(wc -l <a.csv) - 1)) new, 0 already present, 0 rejected$"
hak-school export --db b.db >b.csv
ok "exported again as csv: the csv export" same a.csv b.csv
hak-school export -f xlsx >piped.xlsx
ok "-f xlsx to a file on stdout: a ZIP" [ "$(head -c 4 piped.xlsx)" = "$(printf 'PK\003\004')" ]
hak init --db c.db 2>/dev/null
hak-school import --db c.db - <piped.xlsx >/dev/null
hak-school export --db c.db >c.csv
ok "the workbook from stdout round-trips too" same a.csv c.csv

# Requests and projects: times, sets, budgets.
for p in request project; do
	succeeds "hak-$p export -f xlsx" hak-$p export -f xlsx -o $p.xlsx
	hak-$p export >$p-a.csv
	cp demo.db $p.db
	run hak-$p import --db $p.db $p.xlsx
	ok "hak-$p: the workbook's records are all present" out_has " 0 rejected$"
	ok "hak-$p: none new, none changed" out_has "^0 new, [0-9]* already present, 0 rejected$"
done

# The cells, as a spreadsheet holds them.
unzip -p s.xlsx xl/worksheets/sheet1.xml | sed 's/<c /\n<c /g; s/<row /\n<row /g' >sheet.xml
first=$(sed -n 2p a.csv)
code=${first%%,*}
ok "codes as text (inline strings)" grep -q "^<c r=\"A2\" t=\"inlineStr\"><is><t>$code</t>" sheet.xml
students=$(awk -F, 'NR == 2 { print $9 }' a.csv)
if [ -n "$students" ]; then
	ok "counts as numbers" grep -q "^<c r=\"I2\"><v>$students</v></c>" sheet.xml
else
	skip "counts as numbers" "the first school has no student count"
fi
ok "the header is bold (style 1) and frozen" sh -c 'grep -q "^<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>code</t>" sheet.xml && grep -q "state=\"frozen\"" sheet.xml'
ok "an autofilter over the table" grep -q "<autoFilter ref=\"A1:L$(wc -l <a.csv)\"/>" sheet.xml
unzip -p s.xlsx xl/styles.xml >styles.xml
ok "a date format" grep -q 'formatCode="yyyy-mm-dd"' styles.xml
opened=$(awk -F, '$12 != "" && NR > 1 { print NR; exit }' a.csv)
ok "dates as date cells (styled numbers)" grep -q "^<c r=\"L$opened\" s=\"2\"><v>[0-9]*</v></c>" sheet.xml
# width: the widest name, in cells (Hangul two), plus 2
w=$(cut -d, -f2 a.csv | sed 1d | while read -r n; do printf '%s' "$n" | wc -m; done | sort -n | tail -1)
ok "a Hangul column is about twice its characters wide" grep -q "<col min=\"2\" max=\"2\" width=\"$((2 * w + 2))\.[0-9]*\"" sheet.xml
hak-school export -f xlsx --no-header -o nh.xlsx
ok "--no-header: no header row" sh -c "unzip -p nh.xlsx xl/worksheets/sheet1.xml | grep -q '<c r=\"A1\" t=\"inlineStr\"><is><t>$code</t>'"

# A document: one sheet per section.
p=$(hak-project list --no-header | head -n 1 | cut -d, -f1)
succeeds "hak-project show -f xlsx" hak-project show "$p" -f xlsx -o show.xlsx
run unzip -p show.xlsx xl/workbook.xml
ok "one sheet per section" out_has '<sheet name="project" sheetId="1" r:id="rId1"/><sheet name="participations" sheetId="2" r:id="rId2"/>'
run hak-project import show.xlsx --sheet project --dry-run
ok "the project's sheet imports back: the project is present" out_is "0 new, 1 already present, 0 rejected (dry run, nothing written)"

# Never on a terminal; a usage error.
if command -v script >/dev/null 2>&1; then
	script -qec "hak-school list -f xlsx; echo rc=\$?" /dev/null >tty.out 2>&1
	ok "a terminal: refused as a usage error" grep -q 'rc=2' tty.out
	ok "a terminal: says to use -o" grep -q "give -o FILE" tty.out
else
	skip "a terminal: refused as a usage error" "no script(1)"
	skip "a terminal: says to use -o" "no script(1)"
fi
succeeds "--list-values format" hak --list-values format
ok "xlsx among the formats" out_has '^xlsx$'
done_testing
