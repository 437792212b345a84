#!/bin/sh
# The library's include graph (STYLE 3): the '#include "..."' lines of
# lib/*.c, lib/*.h and include/hak/*.h, taken module by module, have no
# cycle, and no module includes one of a higher layer.
#
# A file's module is its name without the extension, without "_int" and
# without anything after the first "_" (lib/request_demo.c and
# lib/request_int.h belong to "request").  Layers, low to high; a module
# may include its own layer and the ones below:
#
#   0  err buf banned
#   1  text rand digest
#   2  date csvio workbook out yaml stats doc
#   3  config
#   4  sla db
#   5  event backup
#   6  org check import
#   7  schema span
#   8  school
#   9  project request survey
#  10  report demo
#  11  cli tool
#
# A module not in this table (someone's new file) has no layer: it is
# still checked for cycles, and named in a note so that it gets one.
. "$HAK_TOP/tests/lib.sh"

LAYERS='
err 0
buf 0
banned 0
text 1
rand 1
digest 1
date 2
csvio 2
workbook 2
out 2
yaml 2
stats 2
doc 2
config 3
sla 4
db 4
event 5
backup 5
org 6
check 6
import 6
span 7
schema 7
school 8
project 9
request 9
survey 9
report 10
demo 10
cli 11
tool 11
'

# graph DIR: print "problem: ..." lines for DIR's tree (nothing when clean)
# and "note: ..." lines for modules without a layer.
graph() {
	for f in "$1"/lib/*.c "$1"/lib/*.h "$1"/include/hak/*.h; do
		[ -f "$f" ] || continue
		sed -n 's/^[ 	]*#[ 	]*include[ 	]*"\([^"]*\)".*/\1/p' "$f" |
		    while read -r inc; do
			printf '%s %s\n' "${f##*/}" "${inc##*/}"
		done
	done | printf '%s\n--\n%s\n' "$LAYERS" "$(cat)" | awk '
	function module(f) {
		sub(/\.[ch]$/, "", f)
		sub(/_int$/, "", f)
		sub(/_.*/, "", f)
		return f
	}
	# Depth-first search; color 1 = on the stack, 2 = done.
	function visit(m, path,    i, n, to) {
		color[m] = 1
		n = nout[m]
		for (i = 1; i <= n; i++) {
			to = out[m, i]
			if (color[to] == 1)
				print "problem: include cycle " path " -> " to
			else if (color[to] == 0)
				visit(to, path " -> " to)
		}
		color[m] = 2
	}
	$0 == "--" { edges = 1; next }
	!edges && NF == 2 { layer[$1] = $2; next }
	edges && NF == 2 {
		a = module($1); b = module($2)
		seen[a] = seen[b] = 1
		if (a == b || (a, b) in edge)
			next
		edge[a, b] = 1
		out[a, ++nout[a]] = b
		if ((a in layer) && (b in layer) && layer[a] + 0 < layer[b] + 0)
			print "problem: " a " (layer " layer[a] ") includes " \
			    b " (layer " layer[b] ")"
	}
	END {
		for (m in seen) {
			if (!(m in layer))
				print "note: module " m " has no layer in " \
				    "tests/cli/0005-include-graph.t"
			if (color[m] == 0)
				visit(m, m)
		}
	}'
}

rc=0
# The checker itself, on a planted tree: a cycle and an upward include.
mkdir -p fake/lib fake/include/hak
printf '#include "hak/b.h"\n' >fake/include/hak/a.h
printf '#include "hak/a.h"\n' >fake/include/hak/b.h
printf '#include "db_int.h"\n#include "hak/request.h"\n' >fake/lib/db.c
graph fake >"$T/out"
ok "checker finds a planted cycle" \
    grep -Eq "include cycle (a -> b -> a|b -> a -> b)" "$T/out"
ok "checker finds an upward include" out_has \
    "problem: db (layer 4) includes request (layer 9)"
ok "checker notes a module without a layer" out_has "note: module a has"

graph "$HAK_TOP" >"$T/out"
grep '^note:' "$T/out" | sed 's/^/# /'
ok "no include cycle" eval '! grep -q "include cycle" "$T/out"'
ok "no lower layer includes a higher one" \
    eval '! grep -q "^problem: .* includes " "$T/out"'
done_testing
