#!/bin/sh
# Shell completions (completions/): bash is exercised by calling its
# function; zsh and fish files are syntax-checked when those shells exist.
# The word lists they read come from the programs (--list-commands,
# --list-options, --list-values), checked here too.
. "$HAK_TOP/tests/lib.sh"
COMP=$HAK_TOP/completions

# The programs' word lists.
expect "hak --list-commands" 0 hak --list-commands
ok "hak commands" [ "$(grep -x -e init -e check -e backup -e config -e demo -e version -e help -e school "$T/out" | tr '\n' ' ')" = "backup check config demo help init school version " ]
expect "hak-school --list-commands" 0 hak-school --list-commands
ok "hak-school verbs" [ "$(tr '\n' ' ' <"$T/out")" = "import list show set export " ]
expect "hak-school --list-options list" 0 hak-school --list-options list
ok "list options" [ "$(sort "$T/out" | tr '\n' ' ')" = "--config= --db= --district= --fail-empty --format= --help --level= --name= --no-header --out= --version --year= " ]
expect "hak-school --list-options import" 0 hak-school --list-options import
ok "import options" [ "$(sort "$T/out" | tr '\n' ' ')" = "--config= --db= --dry-run --encoding= --help --rejects= --skip-invalid --version --year= " ]
expect "hak --list-options backup" 0 hak --list-options backup
ok "backup options" [ "$(sort "$T/out" | tr '\n' ' ')" = "--config= --db= --force --help --version " ]
expect "hak --list-options" 0 hak --list-options
ok "hak: options of any command" [ "$(sort "$T/out" | tr '\n' ' ')" = "--config= --db= --force --group= --help --seed= --version " ]
expect "--list-values level" 0 hak-school --list-values level
ok "levels" [ "$(tr '\n' ' ' <"$T/out")" = "kindergarten elementary middle high special other " ]
expect "--list-values format" 0 hak --list-values format
ok "formats" [ "$(tr '\n' ' ' <"$T/out")" = "table csv tsv json jsonl excel " ]
expect "--list-values encoding" 0 hak-school --list-values encoding
ok "encodings" [ "$(tr '\n' ' ' <"$T/out")" = "auto utf-8 cp949 " ]
expect "--list-values school without a database" 0 hak-school --list-values school
ok "no database: no words, no file" [ ! -s "$T/out" -a ! -e hakjibon.db ]
hak init --db s.db 2>/dev/null
printf 'code,name,level,district\nB2,나래초등학교,elementary,한솔동\nA1,가람초등학교,elementary,도담동\n' >s.csv
hak-school import --db s.db s.csv >/dev/null 2>&1
expect "--list-values school" 0 hak-school --db s.db --list-values school
ok "school codes" [ "$(tr '\n' ' ' <"$T/out")" = "A1 B2 " ]
HAK_DB=$T/s.db expect "--list-values district" 0 hak-school --list-values district
ok "districts" [ "$(tr '\n' ' ' <"$T/out")" = "도담동 한솔동 " ]

# bash: source the file and call the function.
if command -v bash >/dev/null 2>&1; then
	cat >comp.bash <<EOS
source "$COMP/hak.bash"
c() { COMP_WORDS=("\$@"); COMP_CWORD=\$((\$# - 1)); COMPREPLY=(); _hak; printf '%s\n' "\${COMPREPLY[*]}"; }
c "\$@"
EOS
	comp() { bash comp.bash "$@" >"$T/out" 2>"$T/err"; rc=$?; }
	comp hak ''
	ok "bash: hak <TAB>" out_has "^backup check config demo help init .*school.* version$"
	comp hak in
	ok "bash: hak in<TAB>" out_is "init"
	comp hak school ''
	ok "bash: hak school <TAB> = hak-school's verbs" out_is "import list show set export"
	comp hak-school ''
	ok "bash: hak-school <TAB>" out_is "import list show set export"
	comp hak-school l
	ok "bash: hak-school l<TAB>" out_is "list"
	comp hak-school list --le
	ok "bash: option with a value" out_is "--level="
	comp hak-school list --no
	ok "bash: flag" out_is "--no-header"
	comp hak-school import --sk
	ok "bash: import's own option" out_is "--skip-invalid"
	comp hak-school list --sk
	ok "bash: not another verb's option" out_is ""
	comp hak school list --level ''
	ok "bash: option values" out_is "kindergarten elementary middle high special other"
	comp hak-school list --level=mi
	ok "bash: --option=value" out_is "middle"
	comp hak-school list -f js
	ok "bash: -f formats" out_is "json jsonl"
	comp hak-school export --format e
	ok "bash: --format formats" out_is "excel"
	comp hak-school import --encoding c
	ok "bash: encodings" out_is "cp949"
	comp hak-school show --db s.db ''
	ok "bash: school codes from --db" out_is "A1 B2"
	comp hak --db s.db school set B
	ok "bash: hak --db X school set <TAB>" out_is "B2"
	comp hak-school --db s.db list --district 한
	ok "bash: districts" out_is "한솔동"
	comp hak help sc
	ok "bash: hak help <TAB>" out_is "school"
	comp hak init --g
	ok "bash: hak init --g<TAB>" out_is "--group="
	touch import-me.csv
	comp hak-school import import-m
	ok "bash: import takes a file" out_is "import-me.csv"
	mkdir plug
	printf '#!/bin/sh\ncase "$1" in --list-commands) echo zap;; esac\n' >plug/hak-foo
	chmod +x plug/hak-foo
	HAK_EXEC_PATH=$T/plug comp hak f
	ok "bash: plugin command" out_is "foo"
	HAK_EXEC_PATH=$T/plug comp hak foo ''
	ok "bash: plugin's own words" out_is "zap"
	comp hak-school list --level college ''
	ok "bash: after a value, nothing for list" out_is ""
fi

# zsh and fish: syntax only, when installed.
if command -v zsh >/dev/null 2>&1; then
	run zsh -n "$COMP/_hak"
	ok "zsh -n completions/_hak" [ "$rc" -eq 0 ]
fi
if command -v fish >/dev/null 2>&1; then
	run fish -n "$COMP/hak.fish"
	ok "fish -n completions/hak.fish" [ "$rc" -eq 0 ]
fi
ok "all three files present" [ -f "$COMP/hak.bash" -a -f "$COMP/_hak" -a -f "$COMP/hak.fish" ]
done_testing
