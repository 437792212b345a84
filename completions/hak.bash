# bash completion for hak and every hak-* program            -*- sh -*-
# SPDX-License-Identifier: MIT
#
# The words come from the programs at run time, so they cannot drift:
#   hak --list-commands          built-in commands and hak-* programs found
#   PROG --list-commands         PROG's commands (verbs)
#   PROG --list-options [VERB]   its options, "--name=" when taking a value
#   PROG --list-operands VERB    the kinds of VERB's operands, one a line,
#                                "K..." for a last kind that repeats
#   PROG --list-values NAME      the values of option NAME, or of operand
#                                kind NAME (but file: file names; command:
#                                hak --list-commands)
# "hak school <TAB>" completes like "hak-school <TAB>".

# _hak_words PROG ARGS...: run PROG quietly for its word list.
_hak_words()
{
	"$@" 2>/dev/null </dev/null
}

# _hak_find HAK CMD: the path of hak-CMD: beside hak, in $HAK_EXEC_PATH,
# on $PATH.
_hak_find()
{
	local hak d dirs
	hak=$(type -P "$1") || hak=$1
	[[ $2 == */* || -z $2 ]] && return 1
	dirs=${hak%/*}:${HAK_EXEC_PATH:-}
	local IFS=:
	for d in $dirs; do
		[[ -n $d && -f $d/hak-$2 && -x $d/hak-$2 ]] &&
			{ printf '%s\n' "$d/hak-$2"; return 0; }
	done
	type -P "hak-$2"
}

# _hak_reply CUR WORDS...: the words starting with CUR; no space after
# a word ending in "=".
_hak_reply()
{
	local cur=$1 w
	shift
	COMPREPLY=()
	for w in "$@"; do
		[[ $w == "$cur"* ]] && COMPREPLY+=("$w")
	done
	if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]]; then
		compopt -o nospace 2>/dev/null
	fi
}

_hak()
{
	local -a words=("${COMP_WORDS[@]:0:COMP_CWORD+1}")
	local cword=$COMP_CWORD cur=${COMP_WORDS[COMP_CWORD]}
	local prog=${words[0]##*/} verb= prev= i w kind
	local -a valopts=() ctx=() list=()

	# hak CMD ...: complete as hak-CMD (found as hak finds it) once CMD
	# is one; the built-in commands have no hak-CMD program.
	local exe=${words[0]}
	if [[ $prog == hak ]]; then
		for ((i = 1; i < cword; i++)); do
			w=${words[i]}
			case $w in
			--db | --config) ((i++)); continue ;;
			-*) continue ;;
			esac
			if exe=$(_hak_find "${words[0]}" "$w"); then
				words=("hak-$w" "${words[@]:1:i-1}" \
				    "${words[@]:i+1}")
				((cword--))
				prog=hak-$w
			else
				exe=${words[0]}
			fi
			break
		done
	fi

	# Options that take a value, and --db/--config to pass on.
	mapfile -t list < <(_hak_words "$exe" --list-options)
	for w in "${list[@]}"; do
		[[ $w == *= ]] && valopts+=("${w%=}")
	done
	valopts+=(-f -o -m)
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		case $w in
		--db | --config)
			((i + 1 < cword)) && ctx+=("$w" "${words[i + 1]}")
			((i++)); continue ;;
		--db=* | --config=*) ctx+=("$w"); continue ;;
		--*=*) continue ;;
		-*)
			local v
			for v in "${valopts[@]}"; do
				[[ $w == "$v" ]] && { ((i++)); break; }
			done
			continue ;;
		esac
		[[ -z $verb ]] && verb=$w
	done
	((cword > 1)) && prev=${words[cword - 1]}

	# The value of an option.
	local name=
	if [[ $cur == --*=* ]]; then
		name=${cur%%=*}
		name=${name#--}
		cur=${cur#*=}
	elif [[ $prev == -* && $prev != *=* ]]; then
		for w in "${valopts[@]}"; do
			[[ $prev == "$w" ]] && name=${prev#--}
		done
	fi
	if [[ -n $name ]]; then
		case $name in
		-f) name=format ;;
		-o) name=out ;;
		-m) name=message ;;
		esac
		mapfile -t list < <(_hak_words "$exe" "${ctx[@]}" --list-values "$name")
		if ((${#list[@]})); then
			_hak_reply "$cur" "${list[@]}"
		else
			COMPREPLY=()
			case $name in
			db | config | out | rejects) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
			esac
		fi
		return 0
	fi

	if [[ $cur == -* ]]; then
		mapfile -t list < <(_hak_words "$exe" --list-options ${verb:+"$verb"})
		_hak_reply "$cur" "${list[@]}"
		return 0
	fi
	if [[ -z $verb ]]; then
		mapfile -t list < <(_hak_words "$exe" --list-commands)
		_hak_reply "$cur" "${list[@]}"
		return 0
	fi

	# Operands: the Nth operand after the verb is completed by the Nth
	# kind that "PROG --list-operands VERB" prints ("K..." repeats for
	# the rest): file names, hak's commands, or "--list-values K".
	# Count the operands before CUR, skipping options and their values
	# (those VERB's "--list-options" marks with "=").
	valopts=(-f -o -m)
	mapfile -t list < <(_hak_words "$exe" --list-options "$verb")
	for w in "${list[@]}"; do
		[[ $w == *= ]] && valopts+=("${w%=}")
	done
	local n=-1 v
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		case $w in
		-) ;;
		--*=*) continue ;;
		-*)
			for v in "${valopts[@]}"; do
				[[ $w == "$v" ]] && { ((i++)); break; }
			done
			continue ;;
		esac
		((n++))		# the verb is operand -1
	done
	mapfile -t list < <(_hak_words "$exe" --list-operands "$verb")
	kind=
	if ((n < ${#list[@]})); then
		kind=${list[n]}
	elif ((${#list[@]})) && [[ ${list[-1]} == *... ]]; then
		kind=${list[-1]}
	fi
	kind=${kind%...}
	COMPREPLY=()
	case $kind in
	'') ;;
	file)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
	command)
		w=${COMP_WORDS[0]}
		[[ ${w##*/} == hak ]] || w=hak
		mapfile -t list < <(_hak_words "$w" --list-commands)
		_hak_reply "$cur" "${list[@]}" ;;
	*)
		mapfile -t list < <(_hak_words "$exe" "${ctx[@]}" --list-values "$kind")
		_hak_reply "$cur" "${list[@]}" ;;
	esac
	return 0
}

complete -F _hak hak hak-school hak-request hak-project hak-survey hak-report
