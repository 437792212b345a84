#!/bin/sh
# An audit of the foundation against SPEC 2, 4 and 5.1: behaviour found
# missing or wrong by hand, each fixed and kept here.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db

run hak init
printf 'code,name,aliases,level,students\nS1,새솔고등학교,,high,100\nS2,한빛초등학교,,elementary,200\n' >s.csv
succeeds "import this year's counts" hak-school import s.csv
printf 'code,name,level,students\nS1,새솔고등학교,high,90\n' >s25.csv
succeeds "import 2025's counts" hak-school import s25.csv --year 2025

# SPEC 2.14: options stand before or after the command, for hak too.
unset HAK_DB
succeeds "hak --db=FILE CMD" hak --db="$T/h.db" school list --no-header
ok "... runs hak-school on that database" [ "$(wc -l <"$T/out")" -eq 2 ]
succeeds "hak -f FMT CMD" hak --db "$T/h.db" -f tsv school list --no-header --level high
ok "... the format reaches hak-school" out_is "$(printf 'S1\t새솔고등학교\t\t\thigh\t\topen\t\t100\t\t\t')"
succeeds "hak --no-header CMD VERB" hak --no-header --db "$T/h.db" school list --level high
ok "... a flag before the command" out_is "S1,새솔고등학교,,,high,,open,,100,,,"
fails "hak --config=FILE with a missing file" 66 "" hak --config="$T/none.yaml" school list
fails "hak: an unknown command" 2 "" hak frobnicate
ok "... hints at --help (SPEC 2.11)" err_has "Try 'hak --help'"
export HAK_DB=$T/h.db

# SPEC 2.4: --year takes a period; a school's counts for the year it lies in.
succeeds "--year last-year" hak-school list --year last-year --level high --no-header
ok "... is 2025" out_is "S1,새솔고등학교,,,high,,open,,90,,,"
succeeds "--year this-year" hak-school list --year this-year --level high --no-header
ok "... is 2026" out_is "S1,새솔고등학교,,,high,,open,,100,,,"
succeeds "--year 2025SY (export)" hak-school export --year 2025SY --no-header
ok "... the school year 2025" out_has "^S1,새솔고등학교,,,high,,open,,90,,,$"
succeeds "--year 2025-11" hak-school show S1 --year 2025-11 -f csv --no-header
ok "... a month of 2025" out_has "^S1,새솔고등학교,,,high,,open,,90,"
fails "--year over two years" 2 "" hak-school list --year 2025-12-01..2026-01-31
ok "... says why" err_has "more than one year"
fails "--year 2027-W53" 2 "" hak-school list --year 2027-W53
fails "--year 26" 2 "" hak-school list --year 26
printf 'S2\n' >k
succeeds_in "set --year last-year" k hak-school set - --year last-year --students 190
succeeds "... stored for 2025" hak-school list --year 2025 --level elementary --no-header
ok "... read back" out_is "S2,한빛초등학교,,,elementary,,open,,190,,,"

# SPEC 4: the trailing 초/중/고/유 is read on the matching key.
succeeds "find '새솔 (고)'" hak-school show '새솔 (고)' -f csv --no-header
ok "... is S1" out_has "^S1,"
succeeds "find '한빛 초.'" hak-school show '한빛 초.' -f csv --no-header
ok "... is S2" out_has "^S2,"

# SPEC 6.1: a config error carries FILE:LINE:COLUMN, a zone too.
printf 'office: x\ntimezone: Mars/Olympus_Mons\n' >tz.yaml
fails "unknown time zone" 78 "" hak config --config tz.yaml
ok "... at its line and column" err_has "^hak: tz.yaml:2:11: timezone: unknown time zone 'Mars/Olympus_Mons'"

# SPEC 2.11: a config file that cannot be read for want of permission: 77.
# Root reads any file: then the check runs as nobody, with a copy of the
# program in a directory nobody can reach.
printf 'office: x\n' >locked.yaml
chmod 000 locked.yaml
if [ "$(id -u)" -ne 0 ]; then
	fails "unreadable config file" 77 "" hak config --config locked.yaml
	ok "... says why" err_has "locked.yaml.*Permission denied"
elif command -v setpriv >/dev/null; then
	mkdir -m 0755 "$T/lk" && cp "$HAK_BIN/hak" "$T/lk/" && mv locked.yaml "$T/lk/"
	chmod 0755 "$T"
	fails "unreadable config file" 77 "" setpriv --reuid=65534 --regid=65534 \
	    --clear-groups env HOME="$T/lk" "$T/lk/hak" config --config "$T/lk/locked.yaml"
	ok "... says why" err_has "locked.yaml.*Permission denied"
	chmod 0700 "$T"
else
	skip "unreadable config file" "root reads any file and setpriv is missing"
fi

# SPEC 2.1: hak init --group lets the group's users create FILE-wal and
# FILE-shm beside the database: its directory is group-writable.
grp=$(id -gn)
mkdir shared
says "init --group" "^hak: created 'shared/g.db'" hak init --db shared/g.db --group "$grp"
ok "... directory setgid" [ -g shared ]
ok "... directory group-writable" [ "$(stat -c %A shared | cut -c5-7)" = rws ]
nobody=65534
ugid=$(getent group users 2>/dev/null | cut -d: -f3)
if [ "$(id -u)" -eq 0 ] && [ -n "$ugid" ] && command -v setpriv >/dev/null; then
	mkdir -m 0755 "$T/pub"
	chmod 0755 "$T"
	mkdir -p "$T/pub/s" "$T/pub/bin"
	# The build may live where nobody cannot reach (root's home): run
	# a copy of the program from a directory everyone can read.
	cp "$HAK_BIN/hak-school" "$T/pub/bin/"
	chmod 0755 "$T/pub/bin" "$T/pub/bin/hak-school"
	says "init --group users" "^hak: created '$T/pub/s/x.db'" hak init --db "$T/pub/s/x.db" --group users
	printf 'code,name,level\nG1,g,other\n' >"$T/pub/g.csv"
	chmod 0644 "$T/pub/g.csv"
	succeeds "a member of the group imports" setpriv --reuid=$nobody \
	    --regid=$nobody --groups="$ugid" env HOME="$T/pub" \
	    "$T/pub/bin/hak-school" import --db "$T/pub/s/x.db" "$T/pub/g.csv"
	chmod 0700 "$T"
else
	skip "a member of the group imports" "needs root, setpriv and a group 'users'"
fi

# SPEC 2.10: importing the same file again changes nothing; so a code
# given twice in one file is an error on the later row.
printf 'code,name,level\nD1,하나,other\nD2,둘,other\nD1,셋,other\n' >dup.csv
fails "a code twice in one file" 65 "" hak-school import dup.csv
ok "... FILE:ROW: COLUMN: message" err_has "^dup.csv:4: code: 'D1' is also on row 2$"
fails "... nothing written" 1 "" hak-school show D2
expect "a code twice --skip-invalid" 0 hak-school import dup.csv --skip-invalid --rejects dupr.csv
ok "... summary" out_is "2 new, 0 already present, 1 rejected"
ok "... the row named on stderr" streams 0 rejected "^dup.csv:4: code: 'D1' is also on row 2$"
ok "... the rejected row" [ "$(sed -n 2p dupr.csv)" = "$(printf "D1,셋,other,4,code: 'D1' is also on row 2\r")" ]
expect "... again" 0 hak-school import dup.csv --skip-invalid
ok "... already present" out_is "0 new, 2 already present, 1 rejected"
ok "... the row named again" streams 0 rejected "^dup.csv:4: code: 'D1' is also on row 2$"
printf 'code,name,level,Code, code \nD3,x,other,,D4\n' >dh.csv
fails "a column named twice" 65 "" hak-school import dh.csv
ok "... at the header row" err_has "dh.csv:1: column 'code' is named twice"

# SPEC 2.11: a FILE that is a directory cannot be opened: 66, not 74.
fails "import a directory" 66 "" hak-school import .

# SPEC 2.12, 7: kill -9 during a long import leaves the database as before.
awk 'BEGIN { print "code,name,aliases,level,district,students,opened";
	for (i = 1; i <= 20000; i++)
		printf "K%06d,학교%d,별칭%d,elementary,구%d,%d,2001-03-02\n",
			i, i, i, i % 25, i % 900 }' >big.csv
before=$(hak-school export | cksum)
hak-school import big.csv >/dev/null 2>&1 &
pid=$!
sleep 0.3
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
n=$(hak-school export --no-header | grep -c '^K')
ok "kill -9: all or nothing ($n of 20000)" [ "$n" -eq 0 -o "$n" -eq 20000 ]
if [ "$n" -eq 0 ]; then
	ok "kill -9: the database as before" [ "$(hak-school export | cksum)" = "$before" ]
else
	skip "kill -9: the database as before" "the import had finished before the kill"
fi
succeeds "kill -9: hak check clean" hak check

# SPEC 2.8 (documented in hak-csv(5)): a header alone on stdin is an empty
# listing, nothing to do; no bytes at all may be a dead producer.
hak-school list --name 없는학교 >empty.csv
succeeds_in "set - with a header alone" empty.csv hak-school set - --students 1 --print
ok "... --print prints the header alone" out_is "code,name,aliases,codes,level,district,status,closed_on,students,teachers,classes,opened"
: >none.csv
fails_in "set - with no bytes at all" 65 "" none.csv hak-school set - --students 1

done_testing
