#!/bin/sh
# Shell completions (completions/): bash is exercised by calling its
# function; zsh by typing into an interactive zsh (zpty) running compinit,
# with compadd recording the matches; fish through "complete -C".  The zsh
# and fish checks run only when those shells exist.  The word lists the
# completions read come from the programs (--list-commands, --list-options,
# --list-operands, --list-values), checked here too.
. "$HAK_TOP/tests/lib.sh"
COMP=$HAK_TOP/completions

# The programs' word lists.
succeeds "hak --list-commands" hak --list-commands
ok "hak commands" [ "$(grep -x -e init -e check -e backup -e config -e demo -e version -e help -e school "$T/out" | tr '\n' ' ')" = "backup check config demo help init school version " ]
succeeds "hak-school --list-commands" hak-school --list-commands
ok "hak-school verbs" [ "$(tr '\n' ' ' <"$T/out")" = "import list show set history export " ]
succeeds "hak-school --list-options list" hak-school --list-options list
ok "list options" [ "$(sort "$T/out" | tr '\n' ' ')" = "--all --config= --db= --district= --fail-empty --format= --help --level= --name= --no-header --out= --status= --version --year= " ]
succeeds "hak-school --list-options import" hak-school --list-options import
ok "import options" [ "$(sort "$T/out" | tr '\n' ' ')" = "--column= --config= --db= --dry-run --encoding= --help --print --rejects= --sheet= --skip-invalid --version --year= " ]
succeeds "hak --list-options backup" hak --list-options backup
ok "backup options" [ "$(sort "$T/out" | tr '\n' ' ')" = "--config= --db= --force --help --version " ]
succeeds "hak --list-options" hak --list-options
ok "hak: options of any command" [ "$(sort "$T/out" | tr '\n' ' ')" = "--config= --db= --force --group= --help --seed= --version " ]
succeeds "--list-values level" hak-school --list-values level
ok "levels" [ "$(tr '\n' ' ' <"$T/out")" = "kindergarten elementary middle high special other " ]
expect "--list-values status" 0 hak-school --list-values status
ok "statuses" [ "$(tr '\n' ' ' <"$T/out")" = "open closed " ]
succeeds "--list-values format" hak --list-values format
ok "formats" [ "$(tr '\n' ' ' <"$T/out")" = "table csv tsv json jsonl excel xlsx md html " ]
succeeds "--list-values encoding" hak-school --list-values encoding
ok "encodings" [ "$(tr '\n' ' ' <"$T/out")" = "auto utf-8 cp949 " ]
succeeds "--list-values school without a database" hak-school --list-values school
ok "no database: no words, no file" [ ! -s "$T/out" -a ! -e hakjibon.db ]
hak init --db s.db 2>/dev/null
printf 'code,name,level,district\nB2,나래초등학교,elementary,한솔동\nA1,가람초등학교,elementary,도담동\n' >s.csv
hak-school import --db s.db s.csv >/dev/null 2>&1
succeeds "--list-values school" hak-school --db s.db --list-values school
ok "school codes" [ "$(tr '\n' ' ' <"$T/out")" = "A1 B2 " ]
HAK_DB=$T/s.db expect "--list-values district" 0 hak-school --list-values district
ok "districts" [ "$(tr '\n' ' ' <"$T/out")" = "도담동 한솔동 " ]
hak-project add --db s.db P1 --name 가 --dept edu >/dev/null 2>&1
hak-project add --db s.db Q2 --name 나 --dept adm >/dev/null 2>&1
succeeds "--list-values code (projects)" hak-project --db s.db --list-values code
ok "project codes" [ "$(tr '\n' ' ' <"$T/out")" = "P1 Q2 " ]
# surveys: codes, question ids (not text questions), --by words
cat >sv.yaml <<'EOS'
code: sv1
title: t
scales:
  s3: {points: 3, labels: [a, b, c]}
  yn: {type: yesno, yes: [y], no: [n]}
fields:
  school: school
  role: role
questions:
  - {id: q1, column: Q1, scale: s3}
  - {id: q2, column: Q2, scale: yn}
  - {id: c3, column: C3, type: text}
EOS
hak-survey define --db s.db sv.yaml
sed 's/sv1/sv2/' sv.yaml >sv2.yaml
hak-survey define --db s.db sv2.yaml
succeeds "--list-values code (surveys)" hak-survey --db s.db --list-values code
ok "survey codes" [ "$(tr '\n' ' ' <"$T/out")" = "sv1 sv2 " ]
succeeds "--list-values question" hak-survey --db s.db --list-values question
ok "question ids, no text question" [ "$(tr '\n' ' ' <"$T/out")" = "q1 q2 " ]
succeeds "--list-values by" hak-survey --db s.db --list-values by
ok "--by words: school, level, district and the fields" [ "$(tr '\n' ' ' <"$T/out")" = "district level role school " ]

# Operand kinds, read off each verb's synopsis.
succeeds "--list-operands enroll" hak-project --list-operands enroll
ok "enroll CODE SCHOOL..." out_is "code
school..."
succeeds "--list-operands import" hak-project --list-operands import
ok "import FILE" out_is "file"
succeeds "hak --list-operands help" hak --list-operands help
ok "help COMMAND" out_is "command"
succeeds "hak --list-operands backup" hak --list-operands backup
ok "backup FILE" out_is "file"
succeeds "hak-school --list-operands set" hak-school --list-operands set
ok "set CODE..." out_is "code..."
succeeds "hak-school --list-operands list" hak-school --list-operands list
ok "list: no operands" out_empty
touch import-me.csv

# A completion's candidates: exit 0, nothing on stderr, and the words.
cands() { out_only && out_is "$1"; }
cands_has() { out_only && out_has "$1"; }

# bash: source the file and call the function.
if command -v bash >/dev/null 2>&1; then
	cat >comp.bash <<EOS
source "$COMP/hak.bash"
c() { COMP_WORDS=("\$@"); COMP_CWORD=\$((\$# - 1)); COMPREPLY=(); _hak; printf '%s\n' "\${COMPREPLY[*]}"; }
c "\$@"
EOS
	comp() { bash comp.bash "$@" >"$T/out" 2>"$T/err"; rc=$?; }
	comp hak ''
	ok "bash: hak <TAB>" cands_has "^backup check config demo help init .*school.* version$"
	comp hak in
	ok "bash: hak in<TAB>" cands "init"
	comp hak school ''
	ok "bash: hak school <TAB> = hak-school's verbs" cands "import list show set history export"
	comp hak-school ''
	ok "bash: hak-school <TAB>" cands "import list show set history export"
	comp hak-school l
	ok "bash: hak-school l<TAB>" cands "list"
	comp hak-school list --le
	ok "bash: option with a value" cands "--level="
	comp hak-school list --no
	ok "bash: flag" cands "--no-header"
	comp hak-school import --sk
	ok "bash: import's own option" cands "--skip-invalid"
	comp hak-school list --sk
	ok "bash: not another verb's option" cands ""
	comp hak school list --level ''
	ok "bash: option values" cands "kindergarten elementary middle high special other"
	comp hak-school list --level=mi
	ok "bash: --option=value" cands "middle"
	comp hak-school list -f js
	ok "bash: -f formats" cands "json jsonl"
	comp hak-school export --format e
	ok "bash: --format formats" cands "excel"
	comp hak-school import --encoding c
	ok "bash: encodings" cands "cp949"
	comp hak-school show --db s.db ''
	ok "bash: school codes from --db" cands "A1 B2"
	comp hak --db s.db school set B
	ok "bash: hak --db X school set <TAB>" cands "B2"
	comp hak-school --db s.db list --district 한
	ok "bash: districts" cands "한솔동"
	comp hak help sc
	ok "bash: hak help <TAB>" cands "school"
	comp hak init --g
	ok "bash: hak init --g<TAB>" cands "--group="
	comp hak-school import import-m
	ok "bash: import takes a file" cands "import-me.csv"
	mkdir plug
	printf '#!/bin/sh\ncase "$1" in --list-commands) echo zap;; esac\n' >plug/hak-foo
	chmod +x plug/hak-foo
	HAK_EXEC_PATH=$T/plug comp hak f
	ok "bash: plugin command" cands "foo"
	HAK_EXEC_PATH=$T/plug comp hak foo ''
	ok "bash: plugin's own words" cands "zap"
	comp hak-school list --level college ''
	ok "bash: after a value, nothing for list" cands ""
	# Operands by kind, per verb.
	comp hak-project --db s.db enroll ''
	ok "bash: enroll <TAB>: project codes" cands "P1 Q2"
	comp hak-project --db s.db enroll P1 ''
	ok "bash: enroll CODE <TAB>: school codes" cands "A1 B2"
	comp hak-project --db s.db enroll P1 A1 B
	ok "bash: enroll CODE SCHOOL B<TAB>: school codes" cands "B2"
	comp hak-project --db s.db enroll P1 --recipient ''
	ok "bash: enroll CODE --recipient <TAB>" cands "school teacher student parent staff"
	comp hak-project --db s.db enroll P1 --count 3 ''
	ok "bash: enroll CODE --count 3 <TAB>: school codes" cands "A1 B2"
	comp hak-project enroll --db=s.db --count=3 P1 ''
	ok "bash: --opt=value and --db=X before operands" cands "A1 B2"
	comp hak-project --db s.db show P1 ''
	ok "bash: show CODE <TAB>: nothing more" cands ""
	comp hak-school --db s.db set ''
	ok "bash: hak-school set <TAB>: school codes" cands "A1 B2"
	comp hak-project --db s.db import import-m
	ok "bash: hak-project import <TAB>: files" cands "import-me.csv"
	comp hak help ''
	ok "bash: hak help <TAB>: commands" cands_has "^backup check config demo help init .*school.* version$"
	comp hak backup import-m
	ok "bash: hak backup <TAB>: files" cands "import-me.csv"
	comp hak project --db s.db enroll P1 ''
	ok "bash: hak project enroll CODE <TAB>" cands "A1 B2"
	comp hak --db s.db project enroll ''
	ok "bash: hak --db X project enroll <TAB>" cands "P1 Q2"
	comp hak-survey --db s.db results ''
	ok "bash: hak-survey results <TAB>: survey codes" cands "sv1 sv2"
	comp hak-survey --db s.db results sv1 --by ''
	ok "bash: results --by <TAB>" cands "district level role school"
	comp hak survey --db s.db results sv1 --question ''
	ok "bash: results --question <TAB>" cands "q1 q2"
	comp hak-survey --db s.db results sv1 --compare sv
	ok "bash: results --compare <TAB>" cands "sv1 sv2"
else
	skip "bash completions driven for real" "bash not installed"
fi

# zsh: type the line and <TAB> into an interactive "zsh -f" running
# compinit with completions/ on $fpath; compadd, wrapped, records the
# matches it is given.  Marker files keep the keystrokes in step.
if command -v zsh >/dev/null 2>&1; then
	run zsh -n "$COMP/_hak"
	ok "zsh -n completions/_hak" [ "$rc" -eq 0 ]
	cat >comp.zsh <<'EOS'
zmodload zsh/zpty || exit 3
here=$PWD
rm -f z.hits z.ready z.done
zpty z 'zsh -f -i' || exit 3
zpty -w z "fpath=(${(q)1} \$fpath); autoload -Uz compinit; compinit -u -D; unsetopt autolist; setopt nobeep"
zpty -w z 'compadd() { local -a h; builtin compadd -A h "$@"; (( $#h )) && print -rl -- $h >>'${(q)here}'/z.hits; builtin compadd "$@"; }'
zpty -w z ": >${(q)here}/z.ready"
for i in {1..100}; do [[ -e z.ready ]] && break; sleep 0.1; done
zpty -w -n z "$2"$'\t'
zpty -w z $'\C-u'": >${(q)here}/z.done"
for i in {1..100}; do [[ -e z.done ]] && break; sleep 0.1; done
zpty -d z
[[ -e z.done ]] || exit 4
[[ -e z.hits ]] && sort -u z.hits | tr '\n' ' ' | sed 's/ $//'
print
exit 0
EOS
	zc() { zsh -f comp.zsh "$COMP" "$1" >"$T/out" 2>"$T/err"; rc=$?; }
	if zsh -f -c 'zmodload zsh/zpty' 2>/dev/null; then
		zc 'hak-school '
		ok "zsh: hak-school <TAB>" cands "export history import list set show"
		zc 'hak school l'
		ok "zsh: hak school l<TAB>" cands "list"
		zc 'hak-school list --le'
		ok "zsh: option with a value" cands "--level="
		zc 'hak-school list --level mi'
		ok "zsh: option values" cands "middle"
		zc 'hak-school list --level=mi'
		ok "zsh: --option=value" cands "middle"
		zc 'hak-project --db s.db enroll '
		ok "zsh: enroll <TAB>: project codes" cands "P1 Q2"
		zc 'hak-project --db s.db enroll P1 '
		ok "zsh: enroll CODE <TAB>: school codes" cands "A1 B2"
		zc 'hak-project --db s.db enroll P1 --recipient '
		ok "zsh: enroll CODE --recipient <TAB>" cands "parent school staff student teacher"
		zc 'hak-project --db s.db enroll P1 --count 3 '
		ok "zsh: enroll CODE --count 3 <TAB>: school codes" cands "A1 B2"
		zc 'hak-project --db s.db show P1 '
		ok "zsh: show CODE <TAB>: nothing more" cands ""
		zc 'hak-school --db s.db set '
		ok "zsh: hak-school set <TAB>: school codes" cands "A1 B2"
		zc 'hak-school import import-m'
		ok "zsh: hak-school import <TAB>: files" cands "import-me.csv"
		zc 'hak help '
		ok "zsh: hak help <TAB>: commands" cands_has "^backup check config demo help init .*school.* version$"
		zc 'hak project --db s.db enroll P1 '
		ok "zsh: hak project enroll CODE <TAB>" cands "A1 B2"
		zc 'hak-survey --db s.db results '
		ok "zsh: hak-survey results <TAB>: survey codes" cands "sv1 sv2"
		zc 'hak-survey --db s.db results sv1 --by '
		ok "zsh: results --by <TAB>" cands "district level role school"
		zc 'hak-survey --db s.db results sv1 --question '
		ok "zsh: results --question <TAB>" cands "q1 q2"
	fi
else
	skip "zsh completions driven for real" "zsh not installed"
fi

# fish: "complete -C LINE" prints the candidates, a tab before any
# description.
if command -v fish >/dev/null 2>&1; then
	run fish -n "$COMP/hak.fish"
	ok "fish -n completions/hak.fish" [ "$rc" -eq 0 ]
	fc() {
		fish --no-config -c 'source $argv[1]; complete -C$argv[2]' \
		    "$COMP/hak.fish" "$1" >"$T/raw" 2>"$T/err"
		rc=$?
		{ cut -f1 "$T/raw" | sort | tr '\n' ' ' | sed 's/ $//'; echo; } \
		    >"$T/out"
	}
	fc 'hak-school '
	ok "fish: hak-school <TAB>" cands "export history import list set show"
	fc 'hak school l'
	ok "fish: hak school l<TAB>" cands "list"
	fc 'hak-school list --le'
	ok "fish: option with a value" cands "--level="
	fc 'hak-school list --level mi'
	ok "fish: option values" cands "middle"
	fc 'hak-school list --level=mi'
	ok "fish: --option=value" cands "--level=middle"
	fc 'hak-project --db s.db enroll '
	ok "fish: enroll <TAB>: project codes" cands "P1 Q2"
	fc 'hak-project --db s.db enroll P1 '
	ok "fish: enroll CODE <TAB>: school codes" cands "A1 B2"
	fc 'hak-project --db s.db enroll P1 --recipient '
	ok "fish: enroll CODE --recipient <TAB>" cands "parent school staff student teacher"
	fc 'hak-project --db s.db enroll P1 --count 3 '
	ok "fish: enroll CODE --count 3 <TAB>: school codes" cands "A1 B2"
	fc 'hak-project --db s.db show P1 '
	ok "fish: show CODE <TAB>: nothing more" cands ""
	fc 'hak-school --db s.db set '
	ok "fish: hak-school set <TAB>: school codes" cands "A1 B2"
	fc 'hak-school import import-m'
	ok "fish: hak-school import <TAB>: files" cands "import-me.csv"
	fc 'hak help '
	ok "fish: hak help <TAB>: commands" cands_has "^backup check config demo help init .*school.* version$"
	fc 'hak project --db s.db enroll P1 '
	ok "fish: hak project enroll CODE <TAB>" cands "A1 B2"
	fc 'hak-survey --db s.db results '
	ok "fish: hak-survey results <TAB>: survey codes" cands "sv1 sv2"
	fc 'hak-survey --db s.db results sv1 --by '
	ok "fish: results --by <TAB>" cands "district level role school"
	fc 'hak-survey --db s.db results sv1 --question '
	ok "fish: results --question <TAB>" cands "q1 q2"
else
	skip "fish completions driven for real" "fish not installed"
fi
ok "all three files present" [ -f "$COMP/hak.bash" -a -f "$COMP/_hak" -a -f "$COMP/hak.fish" ]
done_testing
