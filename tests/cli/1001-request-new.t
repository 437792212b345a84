#!/bin/sh
# hak-request new, routing, assign checks, set re-routing, the service
# level (due_on, waiting, recompute), first_response_at (SPEC 5.2).
# HAK_NOW is Friday 2026-11-27 10:00; 2026-12-01 and 2026-12-25 are
# holidays; facility-repair has sla_days 2, curriculum 10; the sla by
# priority is urgent 1, high 3, normal 5, low 10.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db HAK_CONFIG=$DATA/requests/config.yaml
hak init 2>/dev/null
hak-school import "$DATA"/schools/schools.csv >/dev/null
field() {	# field ID COLUMN: one cell of export
	hak-request export | awk -F, -v id="$1" -v col="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$1 == id { print $c[col] }'
}

fails "no database" 66 "" env HAK_DB=$T/none.db hak-request list
succeeds "new" hak-request new --school 7010001 --category facility-repair --title "Leaking roof" -m "water in room 3" --requester "김교사"
ok "new prints only the id" out_is 1
ok "new: nothing on stderr" err_empty
succeeds "list the new request" hak-request list --no-header
ok "new: routed to FAC, due Wed 12-02 (2 days, Tue a holiday)" out_is "1,,2026-11-27T10:00:00+09:00,7010001,한빛초등학교,facility-repair,FAC,normal,,new,,,Leaking roof,2026-12-02,,,,"

succeeds "new by school name, Korean labels" hak-request new --school 한빛중 --category curriculum --title "수업 지원" --priority 긴급 --channel 전화
ok "new: id 2" out_is 2
ok "urgent curriculum: the smaller (1 day) -> Mon 11-30" [ "$(field 2 due_on)" = 2026-11-30 ]
ok "channel label stored as its code" [ "$(field 2 channel)" = phone ]
ok "priority label stored as its code" [ "$(field 2 priority)" = urgent ]
ok "curriculum routed to EDU" [ "$(field 2 department)" = EDU ]
succeeds "new low priority, category without sla_days" hak-request new --school A1 --category it-equipment --title "Printer" --priority low
ok "low: 10 business days -> Mon 12-14 (Tue 12-01 a holiday)" [ "$(field 3 due_on)" = 2026-12-14 ]
succeeds "new normal curriculum: category's 10 days" hak-request new --school A1 --category curriculum --title "Plan" --dept ADM
ok "normal: category's 10 days -> 12-14" [ "$(field 4 due_on)" = 2026-12-14 ]
ok "--dept overrides the category's department" [ "$(field 4 department)" = ADM ]
succeeds "new on a Saturday" env HAK_NOW=2026-11-28T11:00:00 hak-request new --school A1 --category facility-repair --title "Door" --priority high
ok "Saturday counts from Monday: Mon 11-30 + 2 (holiday skipped) = Thu 12-03" [ "$(field 5 due_on)" = 2026-12-03 ]

# External ids.
succeeds "new --external-id" hak-request new --school A1 --category admin-task --title "Form" --external-id OLD-7
ok "new --external-id: id 6" out_is 6
succeeds "new with a known --external-id" hak-request new --school A2 --category admin-task --title "Other" --external-id OLD-7
ok "known external id: the existing id" out_is 6
ok "known external id: nothing added" [ "$(hak-request list --no-header | wc -l)" -eq 6 ]

# Refusals.
fails "unknown school" 1 "" hak-request new --school 없는학교 --category admin-task --title x
ok "unknown school: message" err_has "no school matches '없는학교'"
fails "ambiguous school" 65 "" hak-request new --school 중앙 --category admin-task --title x
ok "ambiguous: candidates" err_has "^  A1  중앙초등학교 "
fails "unknown category" 65 "" hak-request new --school A1 --category nope --title x
ok "unknown category: message" err_has "unknown category 'nope'"
fails "unknown department" 65 "" hak-request new --school A1 --category admin-task --title x --dept XYZ
ok "unknown department: message" err_has "unknown department 'XYZ'"
fails "unknown project" 65 "" hak-request new --school A1 --category admin-task --title x --project P-1
fails "bad priority" 2 "" hak-request new --school A1 --category admin-task --title x --priority asap
ok "bad priority: usage" err_has "usage: --priority: unknown priority 'asap'"
fails "bad channel" 2 "" hak-request new --school A1 --category admin-task --title x --channel fax
fails "missing --title" 2 "" hak-request new --school A1 --category admin-task
fails "missing --school" 2 "" hak-request new --category admin-task --title x
fails "blank title" 65 "" hak-request new --school A1 --category admin-task --title "  "
fails "operand to new" 2 "" hak-request new 7 --school A1 --category admin-task --title x
ok "nothing added by the refusals" [ "$(hak-request list --no-header | wc -l)" -eq 6 ]

# Assign: staff must exist and be active.
fails "assign unknown staff" 65 "" hak-request assign 1 --to nobody
ok "unknown staff: message" err_has "unknown staff 'nobody'"
fails "assign without --to" 2 "" hak-request assign 1
fails "assign unknown id" 1 "" hak-request assign 99 --to kim.minji
ok "unknown id: message" err_has "no request '99'"
fails "assign a non-id" 1 "" hak-request assign abc --to kim.minji
succeeds "assign" hak-request assign 1 --to kim.minji
ok "assigned" [ "$(field 1 status),$(field 1 assignee)" = "assigned,kim.minji" ]
ok "assign is not a response" [ -z "$(field 1 first_response_at)" ]

# Waiting stops the clock: 16:00 Fri to 09:00 Wed waited at the end of
# Fri and Mon (Tue is a holiday): due 12-02 moves 2 business days to 12-04.
succeeds "start" env HAK_NOW=2026-11-27T15:00:00 hak-request start 1
ok "first response at the first start" [ "$(field 1 first_response_at)" = 2026-11-27T15:00:00+09:00 ]
succeeds "wait" env HAK_NOW=2026-11-27T16:00:00 hak-request wait 1
succeeds "overdue while waiting? (no: due + waited days)" env HAK_NOW=2026-12-03T12:00:00 hak-request list --overdue --dept FAC --no-header
ok "waiting request not overdue: due 12-02 + 2 days waited so far" out_empty
succeeds "start again" env HAK_NOW=2026-12-02T09:00:00 hak-request start 1
ok "due_on moved by 2 business days" [ "$(field 1 due_on)" = 2026-12-04 ]
succeeds "history of the move" hak-request history 1 --no-header
ok "due move is an event with its reason" out_has "^1,[0-9]*,2026-12-02T09:00:00+09:00,tester,start,due_on,2026-12-02,2026-12-04,waited 2 business days$"
ok "first response kept" [ "$(field 1 first_response_at)" = 2026-11-27T15:00:00+09:00 ]
# A recompute by set adds the days waited: high facility-repair = 2 days
# from 11-27 = 12-02, plus 2 waited = 12-04 (unchanged).
succeeds "set --priority high" hak-request set 1 --priority high
ok "recompute adds the days waited" [ "$(field 1 due_on)" = 2026-12-04 ]
succeeds "set --priority urgent" hak-request set 1 --priority urgent
ok "urgent: 1 day (11-30) + 2 waited = 12-03" [ "$(field 1 due_on)" = 2026-12-03 ]
succeeds "due recompute event" hak-request history 1 --no-header
ok "recompute is an event" out_has ',set,due_on,2026-12-04,2026-12-03,"recomputed, plus 2 business days waited"$'
ok "set keeps the state" [ "$(field 1 status)" = in_progress ]

# Re-routing: a change of category or department clears the assignee
# and returns to new; a change of category recomputes due_on.
succeeds "set --title only" hak-request set 1 --title "Roof leak"
ok "title changed, state kept" [ "$(field 1 title),$(field 1 status)" = "Roof leak,in_progress" ]
succeeds "set --dept ADM" hak-request set 1 --dept ADM
ok "re-routed: new, no assignee" [ "$(field 1 status),$(field 1 assignee),$(field 1 department)" = "new,,ADM" ]
ok "department change alone keeps due_on" [ "$(field 1 due_on)" = 2026-12-03 ]
succeeds "assign again" hak-request assign 1 --to park.jiyoung
succeeds "set --category curriculum" hak-request set 1 --category curriculum
ok "category change routes to its department" [ "$(field 1 status),$(field 1 assignee),$(field 1 department)" = "new,,EDU" ]
ok "category change recomputes: urgent curriculum 1 day + 2 waited" [ "$(field 1 due_on)" = 2026-12-03 ]
succeeds "set --category with --dept" hak-request set 1 --category admin-task --dept FAC --priority normal
ok "--dept wins over the category's department" [ "$(field 1 department),$(field 1 category)" = "FAC,admin-task" ]
ok "normal admin-task: 5 days from 11-27 = 12-07, + 2 waited = 12-09" [ "$(field 1 due_on)" = 2026-12-09 ]
fails "set unknown category" 65 "" hak-request set 1 --category nope
fails "set bad priority" 2 "" hak-request set 1 --priority soon
fails "set nothing" 2 "" hak-request set 1
fails "set empty title" 2 "" hak-request set 1 --title ""

# Reopen keeps due_on, clears resolved_at and closed_at, keeps the first
# response; reopen -m is a note.
hak-request assign 2 --to park.jiyoung
fails "resolve without -m" 2 "" hak-request resolve 2
succeeds "resolve" env HAK_NOW=2026-11-30T09:00:00 hak-request resolve 2 -m "도움 완료"
ok "resolve sets resolved_at" [ "$(field 2 resolved_at)" = 2026-11-30T09:00:00+09:00 ]
ok "resolve is the first response" [ "$(field 2 first_response_at)" = 2026-11-30T09:00:00+09:00 ]
ok "resolution stored" [ "$(field 2 resolution)" = "도움 완료" ]
succeeds "close" env HAK_NOW=2026-11-30T10:00:00 hak-request close 2
ok "close sets closed_at" [ "$(field 2 closed_at)" = 2026-11-30T10:00:00+09:00 ]
fails "rate 0" 2 "" hak-request rate 2 --rating 0
fails "rate 6" 2 "" hak-request rate 2 --rating 6
fails "rate without --rating" 2 "" hak-request rate 2
succeeds "rate" hak-request rate 2 --rating 4
ok "rating stored" [ "$(field 2 rating)" = 4 ]
succeeds "reopen -m" env HAK_NOW=2026-12-01T09:00:00 hak-request reopen 2 -m "still broken"
ok "reopen: in_progress, resolved_at and closed_at cleared" [ "$(field 2 status),$(field 2 resolved_at),$(field 2 closed_at)" = "in_progress,," ]
ok "reopen keeps due_on" [ "$(field 2 due_on)" = 2026-11-30 ]
ok "reopen keeps the first response" [ "$(field 2 first_response_at)" = 2026-11-30T09:00:00+09:00 ]
succeeds "show" hak-request show 2 -f csv
ok "show: the reopen note" out_has "^1,2026-12-01T09:00:00+09:00,tester,still broken$"
ok "show: body and resolution shown" out_has "도움 완료"
succeeds "history: reopen recorded" hak-request history 2 --no-header
ok "history: reopen changes status" out_has "^2,[0-9]*,2026-12-01T09:00:00+09:00,tester,reopen,status,closed,in_progress,$"
ok "history: the note holds a hash, not the text" eval '! out_has "still broken"'
ok "history: resolution hashed" eval '! out_has "도움 완료"'

# A note is a first response.
succeeds "note on a new request" env HAK_NOW=2026-11-27T11:00:00 hak-request note 3 -m "we will call"
ok "note sets first_response_at" [ "$(field 3 first_response_at)" = 2026-11-27T11:00:00+09:00 ]
ok "note keeps the state" [ "$(field 3 status)" = new ]
fails "note without -m" 2 "" hak-request note 3
succeeds "withdraw -m" hak-request withdraw 4 -m "solved ourselves"
ok "withdraw: reason and closed_at" [ "$(field 4 reason),$(field 4 closed_at)" = "solved ourselves,2026-11-27T10:00:00+09:00" ]
ok "withdraw is not a response" [ -z "$(field 4 first_response_at)" ]
fails "reject without -m" 2 "" hak-request reject 5
succeeds "reject" hak-request reject 5 -m "out of scope"
ok "reject: a response, reason, closed" [ "$(field 5 status),$(field 5 reason),$(field 5 first_response_at)" = "rejected,out of scope,2026-11-27T10:00:00+09:00" ]

# Inactive staff, categories and departments are refused for new use.
export HAK_CONFIG=$DATA/requests/config-later.yaml
hak init 2>/dev/null
fails "assign inactive staff" 65 "" hak-request assign 3 --to gone.staff
ok "inactive staff: message" err_has "inactive staff 'gone.staff'"
fails "new with an inactive category" 65 "" hak-request new --school A1 --category old-category --title x
ok "inactive category: message" err_has "inactive category 'old-category'"
# The four departments are fixed codes: make one inactive by hand.
sqlite3 h.db "UPDATE departments SET active = 0 WHERE code = 'MED'"
fails "new with an inactive department" 65 "" hak-request new --school A1 --category admin-task --title x --dept MED
ok "inactive department: message" err_has "inactive department 'MED'"
fails "set to an inactive department" 65 "" hak-request set 3 --dept MED
done_testing
