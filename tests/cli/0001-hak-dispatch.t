#!/bin/sh
# hak as a dispatcher (SPEC 1, 5.1): hak CMD runs hak-CMD from hak's own
# directory, then $HAK_EXEC_PATH, then PATH; unknown commands exit 2;
# hak --list-commands; hak help.
. "$HAK_TOP/tests/lib.sh"

hak init --db h.db 2>/dev/null
printf 'code,name,level\nS1,가람초등학교,elementary\n' >s.csv
hak-school --db h.db import s.csv >/dev/null 2>&1

# hak school list = hak-school list, options before the command included.
succeeds "hak school list" hak school list --db h.db --no-header
ok "hak school list runs hak-school" out_is "S1,가람초등학교,,,elementary,,open,,,,,"
succeeds "hak --db FILE school list" hak --db h.db school list --no-header
ok "--db before the command is passed on" out_is "S1,가람초등학교,,,elementary,,open,,,,,"
HAK_DB=$T/h.db expect "hak school with HAK_DB" 0 hak school list --no-header
ok "HAK_DB reaches hak-school" out_is "S1,가람초등학교,,,elementary,,open,,,,,"
succeeds "hak school --version" hak school --version
ok "the program is hak-school" out_is "hak-school (hakjibon) $(hak-school --version | sed 's/.* //')"

# Plugins: hak-foo in $HAK_EXEC_PATH, then on PATH.
mkdir plug path2
cat >plug/hak-foo <<'EOS'
#!/bin/sh
echo "foo:$(basename "$0"):$*:${HAK_DB:-}"
EOS
chmod +x plug/hak-foo
HAK_EXEC_PATH=$T/plug expect "HAK_EXEC_PATH plugin" 0 hak foo a 'b c'
ok "plugin gets its arguments" out_is "foo:hak-foo:a b c:"
HAK_EXEC_PATH=$T/plug expect "plugin with --db" 0 hak --db x.db foo
ok "--db before a plugin becomes HAK_DB" out_is "foo:hak-foo::x.db"
HAK_EXEC_PATH=/nonexistent:$T/plug expect "HAK_EXEC_PATH list" 0 hak foo
cp plug/hak-foo path2/hak-bar
PATH=$T/path2:$PATH expect "plugin on PATH" 0 hak bar z
ok "PATH plugin runs" out_is "foo:hak-bar:z:"
# hak's own directory comes before HAK_EXEC_PATH.
printf '#!/bin/sh\necho impostor\n' >plug/hak-school
chmod +x plug/hak-school
HAK_EXEC_PATH=$T/plug expect "own directory first" 0 hak school --version
ok "hak-school beside hak wins" out_has "^hak-school (hakjibon)"
# a file that is not executable is not a command
printf '#!/bin/sh\necho no\n' >plug/hak-noexec
HAK_EXEC_PATH=$T/plug expect "non-executable hak-noexec" 2 hak noexec

# Unknown commands.
fails "unknown command" 2 "" hak frobnicate
ok "unknown: names it" err_has "'frobnicate' is not a hak command"
ok "unknown: usage message" err_has "^hak: usage: "
ok "unknown: nothing on stdout" out_empty
fails "a path is not a command" 2 "" hak ../bin/hak-school

# --list-commands: built-ins and hak-* programs found.
HAK_EXEC_PATH=$T/plug expect "--list-commands" 0 hak --list-commands
for c in init check backup config demo version help school foo; do
	ok "--list-commands has $c" grep -qx "$c" "$T/out"
done
ok "--list-commands: no non-executable" sh -c "! grep -qx noexec '$T/out'"
ok "--list-commands: sorted, no duplicates" sh -c "sort -u '$T/out' | cmp -s - '$T/out'"

# hak help: usage without a command, the man page of hak-CMD with one.
succeeds "hak help" hak help
ok "hak help prints usage" out_has "^usage: hak init"
mkdir fakeman
printf '#!/bin/sh\necho "man $*"\n' >fakeman/man
chmod +x fakeman/man
PATH=$T/fakeman:$PATH expect "hak help school" 0 hak help school
ok "hak help school opens hak-school(1)" out_is "man hak-school"
PATH=$T/fakeman:$PATH expect "hak help init" 0 hak help init
ok "hak help of a built-in opens hak(1)" out_is "man hak"
PATH=$T/fakeman:$PATH expect "hak help of an unknown command" 2 hak help frobnicate

# No command at all.
fails "hak without a command" 2 "" hak
ok "no command: hint to --help" err_has "hak --help"
done_testing
