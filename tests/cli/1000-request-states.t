#!/bin/sh
# hak-request: every command in every state (SPEC 5.2's table).  Allowed
# pairs exit 0, print nothing and reach the state the table names; every
# other pair exits 65 naming the commands allowed in the current state.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db HAK_CONFIG=$DATA/requests/config.yaml
hak init 2>/dev/null
hak-school import "$DATA"/schools/schools.csv >/dev/null

# mk STATE: a new request driven into STATE; prints its id.
mk() {
	_id=$(hak-request new --school 7010001 --category facility-repair \
		--title "Broken window" -m "room 2" --requester "Lee")
	case $1 in
	new) ;;
	assigned) hak-request assign "$_id" --to kim.minji ;;
	in_progress) hak-request assign "$_id" --to kim.minji &&
		hak-request start "$_id" ;;
	waiting) hak-request assign "$_id" --to kim.minji &&
		hak-request start "$_id" && hak-request wait "$_id" ;;
	resolved) hak-request assign "$_id" --to kim.minji &&
		hak-request resolve "$_id" -m fixed ;;
	closed) hak-request assign "$_id" --to kim.minji &&
		hak-request resolve "$_id" -m fixed && hak-request close "$_id" ;;
	rejected) hak-request reject "$_id" -m "not ours" ;;
	withdrawn) hak-request withdraw "$_id" ;;
	esac
	echo "$_id"
}

status_of() {
	hak-request list --no-header | awk -F, -v id="$1" '$1 == id { print $10 }'
}

allowed_in() {
	case $1 in
	new) echo "assign, reject, withdraw, note, set" ;;
	assigned) echo "assign, start, resolve, reject, withdraw, note, set" ;;
	in_progress) echo "assign, wait, resolve, reject, withdraw, note, set" ;;
	waiting) echo "assign, start, reject, withdraw, note, set" ;;
	resolved) echo "close, reopen, rate, note" ;;
	closed) echo "reopen, rate, note, redact" ;;
	rejected|withdrawn) echo "note, redact" ;;
	esac
}

# The SPEC's table: the state a command leads to from each state, or
# "-" when it is refused there.
to() {	# to CMD STATE
	case $1:$2 in
	assign:new) echo assigned ;;
	assign:assigned|assign:in_progress|assign:waiting) echo "$2" ;;
	start:assigned|start:waiting) echo in_progress ;;
	wait:in_progress) echo waiting ;;
	resolve:assigned|resolve:in_progress) echo resolved ;;
	close:resolved) echo closed ;;
	reject:new|reject:assigned|reject:in_progress|reject:waiting) echo rejected ;;
	withdraw:new|withdraw:assigned|withdraw:in_progress|withdraw:waiting) echo withdrawn ;;
	reopen:resolved|reopen:closed) echo in_progress ;;
	rate:resolved|rate:closed) echo "$2" ;;
	note:*) echo "$2" ;;
	set:new|set:assigned|set:in_progress|set:waiting) echo "$2" ;;
	redact:closed|redact:rejected|redact:withdrawn) echo "$2" ;;
	*) echo - ;;
	esac
}

args_of() {
	case $1 in
	assign) echo "--to lee.junho" ;;
	resolve) echo "-m done" ;;
	reject) echo "-m no" ;;
	note) echo "-m hello" ;;
	rate) echo "--rating 4" ;;
	set) echo "--title Window" ;;
	*) echo "" ;;
	esac
}

for state in new assigned in_progress waiting resolved closed rejected withdrawn; do
	for cmd in assign start wait resolve close reject withdraw reopen rate note set redact; do
		id=$(mk $state)
		want=$(to $cmd $state)
		# shellcheck disable=SC2046
		if [ "$want" = - ]; then
			fails "$cmd in $state refused" 65 "" hak-request $cmd "$id" $(args_of $cmd)
			ok "$cmd in $state: message names the allowed commands" \
				err_has "^hak-request: request $id is $state: $cmd is not allowed (allowed: $(allowed_in $state))\$"
			ok "$cmd in $state: state unchanged" [ "$(status_of "$id")" = "$state" ]
		else
			succeeds "$cmd in $state" hak-request $cmd "$id" $(args_of $cmd)
			ok "$cmd in $state: silent" eval 'out_empty && err_empty'
			ok "$cmd in $state -> $want" [ "$(status_of "$id")" = "$want" ]
		fi
	done
done
done_testing
