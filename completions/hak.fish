# fish completion for hak and every hak-* program
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

# __hak_find HAK CMD: the path of hak-CMD: beside hak, in $HAK_EXEC_PATH,
# on $PATH.
function __hak_find
    set -l hak (command -s $argv[1]; or echo $argv[1])
    if test -z "$argv[2]"; or string match -q '*/*' -- $argv[2]
        return 1
    end
    set -l dirs (dirname $hak[1])
    if set -q HAK_EXEC_PATH
        set -a dirs (string split : -- $HAK_EXEC_PATH)
    end
    for d in $dirs
        if test -n "$d" -a -f "$d/hak-$argv[2]" -a -x "$d/hak-$argv[2]"
            echo "$d/hak-$argv[2]"
            return 0
        end
    end
    command -s hak-$argv[2]
end

function __hak_complete
    set -l w (commandline -opc)
    set -l cur (commandline -ct)
    set -l prog (basename $w[1])
    set -l exe $w[1]

    # hak CMD ...: complete as hak-CMD once CMD is a hak-CMD program.
    if test "$prog" = hak
        set -l i 2
        while test $i -le (count $w)
            set -l x $w[$i]
            switch $x
                case --db --config
                    set i (math $i + 2)
                    continue
                case '-*'
                    set i (math $i + 1)
                    continue
            end
            set -l found (__hak_find $w[1] $x)
            if test -n "$found"
                set exe $found[1]
                set prog hak-$x
                set -l rest
                if test $i -gt 2
                    set rest $w[2..(math $i - 1)]
                end
                if test $i -lt (count $w)
                    set -a rest $w[(math $i + 1)..-1]
                end
                set w hak-$x $rest
            end
            break
        end
    end

    set -l valopts -f -o -m
    for o in ($exe --list-options 2>/dev/null </dev/null)
        if string match -q -- '*=' $o
            set -a valopts (string replace -r '=$' '' -- $o)
        end
    end
    set -l ctx
    set -l verb
    set -l i 2
    while test $i -le (count $w)
        set -l x $w[$i]
        set i (math $i + 1)
        switch $x
            case --db --config
                if test $i -le (count $w)
                    set -a ctx $x $w[$i]
                end
                set i (math $i + 1)
                continue
            case '--db=*' '--config=*'
                set -a ctx $x
                continue
            case '--*=*'
                continue
            case '-*'
                if contains -- $x $valopts
                    set i (math $i + 1)
                end
                continue
        end
        if test -z "$verb"
            set verb $x
        end
    end
    set -l prev
    if test (count $w) -gt 1
        set prev $w[-1]
    end

    # The value of an option.
    set -l name
    set -l prefix ''
    if string match -q -- '--*=*' $cur
        set name (string replace -r '^--([^=]*)=.*' '$1' -- $cur)
        set prefix (string replace -r '=.*' '=' -- $cur)
    else if string match -q -- '-*' $prev; and contains -- $prev $valopts
        set name (string replace -r '^--' '' -- $prev)
    end
    if test -n "$name"
        switch $name
            case -f
                set name format
            case -o
                set name out
            case -m
                set name message
        end
        set -l vals ($exe $ctx --list-values $name 2>/dev/null </dev/null)
        if test (count $vals) -gt 0
            printf '%s\n' $prefix$vals
        else if contains -- $name db config out rejects
            __fish_complete_path (string replace -r '^--[^=]*=' '' -- $cur)
        end
        return 0
    end

    if string match -q -- '-*' $cur
        $exe --list-options $verb 2>/dev/null </dev/null
        return 0
    end
    if test -z "$verb"
        $exe --list-commands 2>/dev/null </dev/null
        return 0
    end

    # Operands: the Nth operand after the verb is completed by the Nth
    # kind that "PROG --list-operands VERB" prints ("K..." repeats for
    # the rest): file names, hak's commands, or "--list-values K".
    # Count the operands before CUR, skipping options and their values
    # (those VERB's "--list-options" marks with "=").
    set valopts -f -o -m
    for o in ($exe --list-options $verb 2>/dev/null </dev/null)
        if string match -q -- '*=' $o
            set -a valopts (string replace -r '=$' '' -- $o)
        end
    end
    set -l n 0
    set i 2
    while test $i -le (count $w)
        set -l x $w[$i]
        set i (math $i + 1)
        if test "$x" != -
            switch $x
                case '--*=*'
                    continue
                case '-*'
                    if contains -- $x $valopts
                        set i (math $i + 1)
                    end
                    continue
            end
        end
        set n (math $n + 1)     # the verb is operand 1
    end
    set -l kinds ($exe --list-operands $verb 2>/dev/null </dev/null)
    set -l kind
    if test $n -le (count $kinds)
        set kind $kinds[$n]
    else if test (count $kinds) -gt 0; and string match -q -- '*...' $kinds[-1]
        set kind $kinds[-1]
    end
    set kind (string replace -r '\.\.\.$' '' -- "$kind")
    switch "$kind"
        case ''
        case file
            __fish_complete_path $cur
        case command
            set -l hak (commandline -opc)[1]
            if test (basename -- $hak) != hak
                set hak hak
            end
            $hak --list-commands 2>/dev/null </dev/null
        case '*'
            $exe $ctx --list-values $kind 2>/dev/null </dev/null
    end
end

for p in hak hak-school hak-request hak-project hak-survey hak-report
    complete -c $p -f -a '(__hak_complete)'
end
