#!/bin/sh
# Options declared once (STYLE 2, SPEC 2.14): each verb's typed table
# drives parsing, the usage line, the verb's own --help and the word lists
# of the completions.  The common cases are in 0060; here what the tables
# add: per-verb help, "--" ending options, numbers checked, last one wins,
# an option of one verb refused by another.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db
hak init 2>/dev/null
printf 'code,name,level\nS1,가람초등학교,elementary\n' >s.csv
hak-school import s.csv >/dev/null 2>&1

# VERB --help: the usage, then the verb's options with a line each.
succeeds "list --help" hak-school list --help
ok "list --help: usage first" [ "$(sed -n 1p "$T/out" | cut -c1-17)" = "usage: hak-school" ]
ok "list --help: its options" grep -Eq '^  --level L +schools of this level$' "$T/out"
ok "list --help: output options" grep -Eq '^  -f, --format F ' "$T/out"
ok "list --help: no other verb's" sh -c "! grep -q -- '^  --rejects' '$T/out'"
succeeds "hak-school --help" hak-school --help
ok "--help alone: no option lines" sh -c "! grep -q '^  --level' '$T/out'"
succeeds "import --help (verb before)" hak-school --help import
ok "import --help: import options" grep -Eq '^  --rejects FILE ' "$T/out"
succeeds "hak demo --help" hak demo --help
ok "demo --help: --seed" grep -Eq '^  --seed N ' "$T/out"

# Each usage line is built from the table: brackets, "|", "...".
succeeds "hak-project --help" hak-project --help
ok "usage: a repeatable option" grep -q -- '\[--recipient T\]\.\.\.' "$T/out"
ok "usage: alternatives" grep -q -- '\[--is-new | --no-is-new\]' "$T/out"
ok "usage: required ones bare" grep -q -- 'add CODE --name N --dept D \[' "$T/out"
succeeds "hak-request --help" hak-request --help
ok "usage: an option instead of operands" grep -q -- 'history ID\.\.\. | - | --all$' "$T/out"
ok "usage: a group" grep -q -- '\[--period P | --since P --until P\]' "$T/out"

# "--" ends the options: what follows is an operand.
fails "-- then an operand like an option" 1 "" hak-school show -- --year
ok "--: looked up as a school" err_has "no school matches '--year'"
succeeds "-- then the verb" hak-school --no-header -- list
ok "-- then the verb: listed" out_has '^S1,'

# Numbers are checked against the table's range.
fails "--rating out of range" 2 "" hak-request rate 1 --rating 9
ok "--rating out of range: says so" err_has "rating '9' out of range (1 to 5)"
fails "--limit not a number" 2 "" hak-request list --limit x
ok "--limit: not a whole number" err_has "limit 'x' is not a whole number"
fails "--seed negative" 2 "" hak demo --db d.db --seed -1
ok "--seed negative: nothing built" [ ! -e d.db ]

# The last of --is-new / --no-is-new wins; a repeatable option keeps all.
hak-project add P1 --name A --dept edu >/dev/null 2>&1
succeeds "last one wins" hak-project set P1 --no-is-new --is-new --print
ok "last one wins: is_new 1" out_has '^P1,.*,1,[^,]*,[^,]*,[^,]*$'

# One verb's option is not another's, wherever it stands.
fails "export does not take --level" 2 "" hak-school --level high export
ok "export does not take --level: says so" err_has "export does not take --level"

# Completion words come from the same tables.
succeeds "--list-values rating" hak-request --list-values rating
ok "ratings 1 to 5" [ "$(tr '\n' ' ' <"$T/out")" = "1 2 3 4 5 " ]
succeeds "--list-values recipient" hak-project --list-values recipient
ok "recipients" out_has '^teacher$'
done_testing
