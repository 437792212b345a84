#!/bin/sh
# hak-request QA audit: the service level by hand with a calendar (SPEC
# 2.5, 5.2).  Holidays: Tue 2026-12-01, Fri 2026-12-25, Fri 2027-01-01.
# SLA by priority: urgent 1, high 3, normal 5, low 10; facility-repair has
# sla_days 2, curriculum 10, it-equipment none.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db HAK_CONFIG=$DATA/requests/config.yaml
hak init 2>/dev/null
hak-school import "$DATA"/schools/schools.csv >/dev/null
field() {	# field ID COLUMN: one cell of export
	hak-request export | awk -F, -v id="$1" -v col="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$1 == id { print $c[col] }'
}
at() {	# at TIME CMD...: run CMD with HAK_NOW=TIME
	_now=$1; shift
	env HAK_NOW="$_now" "$@"
}
lacks() { ! grep -q -- "$1" "$T/out"; }
new_at() {	# new_at TIME CATEGORY [PRIORITY]: a new request, prints its id
	env HAK_NOW="$1" hak-request new --school 7010001 --category "$2" \
		--priority "${3:-normal}" --title "QA $1"
}

# The day a request counts from, and due_on.
id=$(new_at 2026-11-27T23:59:00 it-equipment)
ok "Friday 23:59 counts from Friday: + 5 = Mon 12-07 (Tue 12-01 off)" [ "$(field "$id" due_on)" = 2026-12-07 ]
id=$(new_at 2026-12-01T09:00:00 it-equipment)
ok "received on a holiday (Tue): from Wed 12-02, + 5 = Wed 12-09" [ "$(field "$id" due_on)" = 2026-12-09 ]
id=$(new_at 2026-11-28T10:00:00 curriculum high)
ok "Saturday, high curriculum: min(10, 3) from Mon 11-30 = Fri 12-04" [ "$(field "$id" due_on)" = 2026-12-04 ]
id=$(new_at 2026-12-25T11:00:00 facility-repair urgent)
ok "Christmas (Fri), urgent: min(2, 1) from Mon 12-28 = Tue 12-29" [ "$(field "$id" due_on)" = 2026-12-29 ]
id=$(new_at 2026-12-30T16:00:00 facility-repair low)
ok "low with a 2-day category: 2, across New Year = Mon 2027-01-04" [ "$(field "$id" due_on)" = 2027-01-04 ]
id=$(new_at 2026-11-27T10:00:00 it-equipment urgent)
ok "urgent without a category SLA: 1 day = Mon 11-30" [ "$(field "$id" due_on)" = 2026-11-30 ]

# Waiting from Monday 15:00 to Wednesday 10:00: the ends of Monday and
# Tuesday = 2 business days.  Received Mon 12-07 09:00, due Mon 12-14.
w=$(new_at 2026-12-07T09:00:00 it-equipment)
ok "waiting request: due Mon 12-14" [ "$(field "$w" due_on)" = 2026-12-14 ]
at 2026-12-07T09:30:00 hak-request assign "$w" --to kim.minji
at 2026-12-07T11:00:00 hak-request start "$w"
succeeds "wait on Monday 15:00" at 2026-12-07T15:00:00 hak-request wait "$w"
succeeds "overdue on Tue 12-15 01:00 while waiting" at 2026-12-15T01:00:00 hak-request list --overdue --no-header
ok "still waiting: not overdue (12-14 + 6 days waited so far)" lacks "^$w,"
succeeds "start on Wednesday 10:00" at 2026-12-09T10:00:00 hak-request start "$w"
ok "due_on moved by 2 business days: Wed 12-16" [ "$(field "$w" due_on)" = 2026-12-16 ]
succeeds "history of the move" hak-request history "$w" --no-header
ok "the move is an event with its reason" out_has "^$w,[0-9]*,2026-12-09T10:00:00+09:00,tester,start,due_on,2026-12-14,2026-12-16,waited 2 business days$"
ok "first response at the first start" [ "$(field "$w" first_response_at)" = 2026-12-07T11:00:00+09:00 ]
succeeds "overdue on the new due day, 23:59" at 2026-12-16T23:59:00 hak-request list --overdue --no-header
ok "not overdue on the due day" lacks "^$w,"
succeeds "overdue right after it" at 2026-12-17T00:00:01 hak-request list --overdue --no-header
ok "overdue after the end of due_on" out_has "^$w,"

# A re-route by --dept ends a wait: back to new, and due_on moves by
# the business days waited (the clock stopped), as an event.
r=$(new_at 2026-12-07T09:00:00 it-equipment)
at 2026-12-07T09:30:00 hak-request assign "$r" --to kim.minji
at 2026-12-07T11:00:00 hak-request start "$r"
at 2026-12-07T15:00:00 hak-request wait "$r"
succeeds "set --dept while waiting" at 2026-12-09T10:00:00 hak-request set "$r" --dept EDU
ok "re-routed: new, no assignee, EDU" [ "$(field "$r" status),$(field "$r" assignee),$(field "$r" department)" = "new,,EDU" ]
ok "re-route from waiting: due_on 12-14 + 2 waited = Wed 12-16" [ "$(field "$r" due_on)" = 2026-12-16 ]
succeeds "history of the re-route" hak-request history "$r" --no-header
ok "the move is an event" out_has "^$r,[0-9]*,2026-12-09T10:00:00+09:00,tester,set,due_on,2026-12-14,2026-12-16,waited 2 business days$"
succeeds "a later --priority recompute keeps the days waited" at 2026-12-10T10:00:00 hak-request set "$r" --priority high
ok "high: 3 days from Mon 12-07 = Thu 12-10, + 2 waited = Mon 12-14" [ "$(field "$r" due_on)" = 2026-12-14 ]

# A re-route by --category while waiting recomputes with the wait.
c=$(new_at 2026-12-07T09:00:00 it-equipment)
at 2026-12-07T09:30:00 hak-request assign "$c" --to kim.minji
at 2026-12-07T11:00:00 hak-request start "$c"
at 2026-12-07T15:00:00 hak-request wait "$c"
succeeds "set --category while waiting" at 2026-12-09T10:00:00 hak-request set "$c" --category curriculum
ok "curriculum 10 days from 12-07 = Mon 12-21, + 2 waited = Wed 12-23" [ "$(field "$c" due_on)" = 2026-12-23 ]
succeeds "history of the recompute" hak-request history "$c" --no-header
ok "one due_on event" [ "$(grep -c ',due_on,' "$T/out")" -eq 1 ]
ok "recomputed with the days waited" out_has ',set,due_on,2026-12-14,2026-12-23,"recomputed, plus 2 business days waited"$'

# A wait with no business day's end in it moves nothing.
s=$(new_at 2026-12-11T09:00:00 it-equipment)
at 2026-12-11T09:30:00 hak-request assign "$s" --to kim.minji
at 2026-12-11T10:00:00 hak-request start "$s"
at 2026-12-12T10:00:00 hak-request wait "$s"
succeeds "a wait over Saturday night only" at 2026-12-14T08:00:00 hak-request start "$s"
ok "no business day waited: due_on kept (Fri 12-11 + 5 = Fri 12-18)" [ "$(field "$s" due_on)" = 2026-12-18 ]

# Met SLA and first response through resolve and reopen.
succeeds "resolve on the due day" at 2026-12-18T18:00:00 hak-request resolve "$s" -m done
succeeds "reopen" at 2026-12-21T09:00:00 hak-request reopen "$s"
ok "reopen keeps due_on and first_response_at, clears resolved_at" [ "$(field "$s" due_on),$(field "$s" first_response_at),$(field "$s" resolved_at)" = "2026-12-18,2026-12-11T10:00:00+09:00," ]

succeeds "hak check after all of it" hak check
done_testing
