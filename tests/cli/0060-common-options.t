#!/bin/sh
# What every program shares (SPEC 2.6, 2.7, 2.11, 2.14): formats, -o,
# --no-header, --fail-empty, --help, --version, usage errors, options
# before and after the verb, HAK_NOW, a failed write to stdout.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db
hak init 2>/dev/null
tab=$(printf '\t')
cat >s.csv <<EOF2
code,name,aliases,level,district,students,teachers,classes,opened
S1,가람초등학교,가람초;Garam,elementary,한솔동,"1,200",60,40,2010-03-02
S2,=HYPERLINK(1),,other,,,,,
S3,"나래 ""중"" 학교",,middle,,5,,,
S4,"a${tab}b\\c",,high,,,,,
EOF2
hak-school import s.csv >/dev/null 2>&1

# --help and --version: stdout, exit 0.
for p in hak hak-school; do
	succeeds "$p --help" $p --help
	ok "$p --help: usage on stdout" out_has "^usage: $p "
	ok "$p --help: stderr empty" err_empty
	succeeds "$p --version" $p --version
	ok "$p --version: PROG (hakjibon) X.Y.Z" grep -Eqx "$p \(hakjibon\) [0-9]+\.[0-9]+\.[0-9]+" "$T/out"
	ok "$p --version: one line" [ "$(wc -l <"$T/out")" -eq 1 ]
	succeeds "$p -h" $p -h
	ok "$p -h: usage" out_has "^usage: $p "
done
succeeds "hak version" hak version
ok "hak version: first line as --version" [ "$(sed -n 1p "$T/out")" = "$(hak --version)" ]
succeeds "--help after a verb" hak-school list --help
ok "--help after a verb: usage" out_has "^usage: hak-school "
succeeds "--help wins over a bad value" hak-school list --level nonsense --help

# Usage errors: 2, "PROG: usage: ..." and the hint.
fails "unknown option" 2 "" hak-school list --bogus
ok "unknown option: PROG: usage:" err_has "^hak-school: usage: unknown option '--bogus'"
ok "unknown option: hint" err_has "Try 'hak-school --help'"
ok "unknown option: stdout empty" out_empty
fails "unknown short option" 2 "" hak-school list -z
fails "options are not abbreviated" 2 "" hak-school list --lev high
fails "missing value" 2 "" hak-school list --level
ok "missing value: named" err_has "needs a value"
fails "-f without value" 2 "" hak-school list -f
fails "another verb's option" 2 "" hak-school list --rejects x
fails "unknown verb" 2 "" hak-school frobnicate
ok "unknown verb: named" err_has "unknown command 'frobnicate'"
fails "no verb" 2 "" hak-school
fails "hak: unknown option" 2 "" hak --bogus
ok "hak: PROG: usage:" err_has "^hak: usage: "
fails "bad format" 2 "" hak-school list -f xml
ok "bad format: usage" err_has "^hak-school: usage: "
fails "bad enum value" 2 "" hak-school list --level college

# Options before and after the verb.
succeeds "options after the verb" hak-school list --level middle --no-header --db "$HAK_DB"
cp "$T/out" after.txt
succeeds "options before the verb" hak-school --db "$HAK_DB" --no-header --level middle list
ok "before = after" same "$T/out" after.txt
ok "the listing" out_is 'S3,"나래 ""중"" 학교",,,middle,,open,,5,,,'
succeeds "mixed" hak-school -f json list --no-header --level middle
ok "mixed: json" out_has '"code":"S3"'
succeeds "hak: --db before and after" hak --db "$HAK_DB" check
succeeds "hak: --db after" hak check --db "$HAK_DB"

# Every format, by hand.
succeeds "csv" hak-school list -f csv
printf '%s\n' 'code,name,aliases,codes,level,district,status,closed_on,students,teachers,classes,opened' \
    'S1,가람초등학교,Garam;가람초,,elementary,한솔동,open,,1200,60,40,2010-03-02' \
    'S2,=HYPERLINK(1),,,other,,open,,,,,' \
    'S3,"나래 ""중"" 학교",,,middle,,open,,5,,,' \
    "S4,a${tab}b\\c,,,high,,open,,,,," >want.csv
ok "csv: RFC 4180, sets sorted, NULL empty" same "$T/out" want.csv
succeeds "csv is the default on a pipe" hak-school list
ok "default on a pipe: csv" same "$T/out" want.csv
HAK_FORMAT=json expect "HAK_FORMAT only on a terminal" 0 hak-school list
ok "HAK_FORMAT ignored on a pipe" same "$T/out" want.csv
succeeds "tsv" hak-school list -f tsv --level high
printf 'code\tname\taliases\tcodes\tlevel\tdistrict\tstatus\tclosed_on\tstudents\tteachers\tclasses\topened\nS4\ta\\tb\\\\c\t\t\thigh\t\topen\t\t\t\t\t\n' >want.tsv
ok "tsv: tab and backslash escaped" same "$T/out" want.tsv
succeeds "json" hak-school list -f json --level middle
printf '[\n{"code":"S3","name":"나래 \\"중\\" 학교","aliases":null,"codes":null,"level":"middle","district":null,"status":"open","closed_on":null,"students":5,"teachers":null,"classes":null,"opened":null}\n]\n' >want.json
ok "json: one array, null, numbers, string codes" same "$T/out" want.json
succeeds "json of nothing" hak-school list -f json --level special
ok "json of nothing: []" [ "$(tr -d ' \n' <"$T/out")" = "[]" ]
succeeds "jsonl" hak-school --format jsonl list --level elementary
printf '{"code":"S1","name":"가람초등학교","aliases":"Garam;가람초","codes":null,"level":"elementary","district":"한솔동","status":"open","closed_on":null,"students":1200,"teachers":60,"classes":40,"opened":"2010-03-02"}\n' >want.jsonl
ok "jsonl: one object per line" same "$T/out" want.jsonl
succeeds "excel" hak-school list -f excel --level other
printf '\357\273\277code,name,aliases,codes,level,district,status,closed_on,students,teachers,classes,opened\r\nS2,'"'"'=HYPERLINK(1),,,other,,open,,,,,\r\n' >want.xcsv
ok "excel: BOM, CRLF, formula guarded" same "$T/out" want.xcsv
succeeds "table" hak-school list -f table --level elementary
ok "table: Hangul two cells wide" [ "$(sed -n 2p "$T/out")" = "S1    가람초등학교  Garam;가람초         elementary  한솔동    open                   1200        60       40  2010-03-02" ]
succeeds "table: controls shown as ?" hak-school list -f table --level high --no-header
ok "table: tab is ?" out_has "^S4  a?b\\\\c  "

# An excel export reads back to the same records.
hak-school export -f excel -o x.csv
hak init --db r.db 2>/dev/null
succeeds "import an excel export" hak-school import --db r.db x.csv
hak-school export --db r.db >r.csv
hak-school export >o.csv
ok "excel round trip" same r.csv o.csv

# --no-header, --fail-empty.
succeeds "--no-header" hak-school list --no-header --level elementary
ok "--no-header: no header row" out_is "S1,가람초등학교,Garam;가람초,,elementary,한솔동,open,,1200,60,40,2010-03-02"
succeeds "--no-header tsv" hak-school list --no-header -f tsv --level elementary
ok "--no-header tsv: one line" [ "$(wc -l <"$T/out")" -eq 1 ]
succeeds "--no-header excel" hak-school list --no-header -f excel --level elementary
ok "--no-header excel: no header" sh -c "! grep -q code '$T/out'"
succeeds "--fail-empty with rows" hak-school list --fail-empty --level high
expect "--fail-empty without rows" 1 hak-school list --fail-empty --level special
ok "--fail-empty: header still printed" out_is "code,name,aliases,codes,level,district,status,closed_on,students,teachers,classes,opened"
ok "--fail-empty: says so" err_msg 1 "^hak-school: no records$"
succeeds "empty without --fail-empty" hak-school list --level special

# -o: atomic, 0600, nothing left behind, 73 when it cannot be created.
mkdir outdir
succeeds "-o" hak-school list -o outdir/l.csv
ok "-o: stdout empty" out_empty
ok "-o: the listing" same outdir/l.csv want.csv
ok "-o: mode 0600" [ "$(stat -c %a outdir/l.csv)" = 600 ]
ok "-o: no temporary file left" [ "$(ls -A outdir)" = l.csv ]
umask 000
succeeds "-o replaces" hak-school list -o outdir/l.csv --level middle --no-header
umask 022
ok "-o replaced" [ "$(cat outdir/l.csv)" = 'S3,"나래 ""중"" 학교",,,middle,,open,,5,,,' ]
ok "-o: 0600 under umask 000" [ "$(stat -c %a outdir/l.csv)" = 600 ]
ok "-o: still nothing left" [ "$(ls -A outdir)" = l.csv ]
succeeds "-o: format is csv, not table" hak-school list --out outdir/l.csv
ok "--out: csv" same outdir/l.csv want.csv
fails "-o into a missing directory" 73 "" hak-school list -o nodir/l.csv
ok "-o missing directory: names it" err_has "nodir/l.csv"
fails "-o with --fail-empty and no rows" 1 "" hak-school list --fail-empty --level special -o outdir/e.csv

# HAK_NOW: invalid exits 78.
HAK_NOW=garbage expect "invalid HAK_NOW" 78 hak-school list
ok "invalid HAK_NOW: named" err_has "HAK_NOW"
HAK_NOW=2026-02-30T10:00:00 expect "impossible HAK_NOW" 78 hak-school list
HAK_NOW=2026-11-27T10:00:00+09:00 expect "HAK_NOW with an offset" 0 hak-school list

# A failed write to stdout: 74.
if [ -w /dev/full ]; then
	hak-school list >/dev/full 2>"$T/err"
	rc=$?
	ok "write to a full stdout (exit 74)" [ "$rc" -eq 74 ]
	ok "full stdout: message" err_msg 74 "^hak-school: .*stdout"
	hak config >/dev/full 2>"$T/err"
	rc=$?
	ok "hak config to a full stdout (exit 74)" [ "$rc" -eq 74 ]
	ok "hak config, full stdout: message" err_msg 74 "^hak: .*stdout"
	hak --list-commands >/dev/full 2>"$T/err"
	rc=$?
	ok "hak --list-commands to a full stdout (exit 74)" [ "$rc" -eq 74 ]
	ok "hak --list-commands, full stdout: message" err_msg 74 "^hak: write error on stdout"
else
	skip "write to a full stdout" "no writable /dev/full"
fi
done_testing
