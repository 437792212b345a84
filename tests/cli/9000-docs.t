#!/bin/sh
# Documentation (SPEC 2.14, issue 2 item 8): every program in $HAK_BIN
# has a man page; every page is mdoc that `mandoc -Tlint -W warning`
# passes; each usage line of `PROG --help` is a line of the page's
# SYNOPSIS; every command and option the program lists is documented; the
# README's quick start is exactly two commands.
. "$HAK_TOP/tests/lib.sh"
MAN=$HAK_TOP/man

if ! command -v mandoc >/dev/null 2>&1; then
	echo "1..0 # SKIP mandoc not installed"
	exit 0
fi

norm() { tr -s ' \t' '  ' | sed 's/^ //; s/ $//'; }
# mandoc's terminal output marks bold and underline by overstriking (a
# character, a backspace, the character again); keep the last of each.
bs=$(printf '\b')
render() { mandoc -Tutf8 -O width=400 "$1" | sed "s/.$bs//g"; }

# Every page lints clean.
for page in "$MAN"/*.[157]; do
	run mandoc -Tlint -W warning "$page"
	ok "mandoc -Tlint clean: ${page##*/}" [ "$rc" -eq 0 -a ! -s "$T/out" -a ! -s "$T/err" ]
done
for page in hak.1 hak-school.1 hak-csv.5 hakjibon.yaml.5 hakjibon.7; do
	ok "man/$page exists" [ -f "$MAN/$page" ]
done

for prog in "$HAK_BIN"/hak "$HAK_BIN"/hak-*; do
	[ -x "$prog" ] || continue
	p=${prog##*/}
	page=$MAN/$p.1
	ok "$p has a man page" [ -f "$page" ]
	[ -f "$page" ] || continue
	render "$page" >page.txt
	sed -n '/^SYNOPSIS/,/^[A-Z]/p' page.txt | sed '1d;$d' | norm >syn.txt
	sed '/^SYNOPSIS/,/^[A-Z]/{/^SYNOPSIS/!{/^[A-Z]/!d}}' page.txt >body.txt
	"$prog" --help 2>/dev/null | sed '/^$/q' | sed '/^$/d; s/^usage://' | norm >usage.txt
	ok "$p --help has usage lines" [ -s usage.txt ]
	while IFS= read -r line; do
		ok "$p SYNOPSIS has: $line" grep -qxF -- "$line" syn.txt
	done <usage.txt
	for v in $("$prog" --list-commands); do
		# hak lists the hak-* programs it finds: they have their own pages.
		[ "$p" = hak ] && [ -x "$HAK_BIN/hak-$v" ] && continue
		ok "$p: command $v documented" grep -Eq "^ +$v( |$)" body.txt
	done
	for o in $("$prog" --list-options | sed 's/=$//'); do
		ok "$p: option $o documented" grep -q -- "$o\\b" body.txt
	done
	for s in NAME SYNOPSIS DESCRIPTION ENVIRONMENT 'EXIT STATUS' EXAMPLES 'SEE ALSO'; do
		ok "$p: section $s" grep -qx "$s" page.txt
	done
done

# hak-csv(5): the contract's essentials.
render "$MAN/hak-csv.5" >csv.txt
for f in table csv tsv json jsonl excel; do
	ok "hak-csv(5) documents format $f" grep -Eq "^ +$f( |$)" csv.txt
done
ok "hak-csv(5): plain csv not formula-safe" grep -qi "not formula-safe" csv.txt
ok "hak-csv(5): FILE:ROW: COLUMN: message" grep -q "FILE:ROW: COLUMN: message" csv.txt
for l in 유치원 초등학교 중학교 고등학교 특수학교; do
	ok "hak-csv(5): level label $l" grep -q "$l" csv.txt
done

# README: the quick start is exactly two commands.
sed -n '/^## Quick start/,/^## /p' "$HAK_TOP/README.md" |
    sed -n 's/^    \([^ #][^#]*\).*/\1/p' | norm >quick.txt
ok "README quick start: two commands" [ "$(wc -l <quick.txt)" -eq 2 ]
ok "README quick start: make demo, make check" [ "$(tr '\n' ' ' <quick.txt)" = "make demo make check " ]
done_testing
