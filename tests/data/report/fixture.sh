# The request fixture of the hak-report tests (sourced after tests/lib.sh
# with HAK_DB and HAK_CONFIG=$DATA/requests/config.yaml set): requests
# with fixed times whose figures the tests work out by hand.  Holidays:
# Tue 2026-12-01, Fri 2026-12-25, Fri 2027-01-01.  SLA: normal 5 business
# days; facility-repair 2, curriculum 10.  Ids: A=1 ... J=10 in order.
at() { _now=$1; shift; env HAK_NOW="$_now" "$@"; }
rq() {	# rq TIME CATEGORY [SCHOOL]: a new request
	at "$1" hak-request new --school "${3:-7010001}" --category "$2" \
		--title "fixture $1" >/dev/null
}
fixture() {
	hak init 2>/dev/null
	hak-school import "$DATA"/schools/schools.csv >/dev/null
	# A (1): FAC, received Mon 11-23, due Mon 11-30; resolved Wed,
	# closed Thu, rated 4 on Fri
	rq 2026-11-23T09:00:00 it-equipment
	at 2026-11-23T10:00:00 hak-request assign 1 --to kim.minji
	at 2026-11-23T11:00:00 hak-request start 1
	at 2026-11-25T15:00:00 hak-request resolve 1 -m done
	at 2026-11-26T10:00:00 hak-request close 1
	at 2026-11-27T09:00:00 hak-request rate 1 --rating 4
	# B (2): FAC facility-repair, received Tue 11-24, due Thu 11-26;
	# waits Tue 12:00 to Thu 09:00 (2 business days): due Mon 11-30;
	# resolved Fri 11-27, in time thanks to the wait
	rq 2026-11-24T09:00:00 facility-repair
	at 2026-11-24T09:30:00 hak-request assign 2 --to lee.junho
	at 2026-11-24T10:00:00 hak-request start 2
	at 2026-11-24T12:00:00 hak-request wait 2
	at 2026-11-26T09:00:00 hak-request start 2
	at 2026-11-27T16:00:00 hak-request resolve 2 -m done
	# C (3): ADM, received Wed 11-18, due Wed 11-25; resolved Fri 11-20,
	# reopened Tue 11-24, resolved again Thu 11-26 (late)
	rq 2026-11-18T09:00:00 admin-task
	at 2026-11-18T10:00:00 hak-request assign 3 --to gone.staff
	at 2026-11-19T09:00:00 hak-request start 3
	at 2026-11-20T10:00:00 hak-request resolve 3 -m done
	at 2026-11-24T10:00:00 hak-request reopen 3
	at 2026-11-26T10:00:00 hak-request resolve 3 -m again
	# D (4): EDU curriculum, received Thu 11-12, due Thu 11-26, open
	rq 2026-11-12T09:00:00 curriculum
	# E (5): ADM, received Fri 11-27, due Mon 12-07 (Tue 12-01 off), open
	rq 2026-11-27T09:00:00 admin-task
	# F (6): ADM, received and withdrawn Mon 11-23
	rq 2026-11-23T09:00:00 admin-task
	at 2026-11-23T12:00:00 hak-request withdraw 6
	# G (7): MED at 7010002, received Sat 11-28, due Tue 12-08, open
	rq 2026-11-28T10:00:00 conflict-mediation 7010002
	# H (8): ADM, received Tue 11-17, due Tue 11-24, assigned, open
	rq 2026-11-17T09:00:00 admin-task
	at 2026-11-17T10:00:00 hak-request assign 8 --to gone.staff
}
# Activity after 2026-W48: none of it may change W48's figures.
later() {
	at 2026-12-02T08:00:00 hak-request assign 4 --to park.jiyoung
	at 2026-12-02T09:00:00 hak-request start 4
	at 2026-12-02T10:00:00 hak-request resolve 4 -m late
	at 2026-12-02T11:00:00 hak-request set 5 --dept FAC
	at 2026-12-02T12:00:00 hak-request withdraw 8
	at 2026-12-02T13:00:00 hak-request reopen 1
	at 2026-12-03T10:00:00 hak-request resolve 1 -m again
	at 2026-12-03T11:00:00 hak-request rate 2 --rating 2
	# I (9): FAC, received Wed 12-30, due Thu 2027-01-07, resolved Sat
	# 2027-01-02 (1 business day: Thu 12-31)
	rq 2026-12-30T10:00:00 it-equipment
	at 2026-12-30T10:30:00 hak-request assign 9 --to kim.minji
	at 2026-12-30T11:00:00 hak-request start 9
	at 2027-01-02T10:00:00 hak-request resolve 9 -m done
	# J (10): ADM, received Thu 12-31, due Fri 2027-01-08, resolved Mon
	# 2027-01-04
	rq 2026-12-31T10:00:00 admin-task
	at 2027-01-04T09:00:00 hak-request assign 10 --to gone.staff
	at 2027-01-04T10:00:00 hak-request start 10
	at 2027-01-04T11:00:00 hak-request resolve 10 -m done
}
