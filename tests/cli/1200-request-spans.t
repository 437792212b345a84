#!/bin/sh
# request_spans (schema v6): the intervals a request spent in a status,
# department and assignee, written with every change, synthesised from
# an import's timestamps, and backfilled from the events by the
# migration from v5 (SPEC 5.6 "as of").  Times are Asia/Seoul (+09:00).
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db HAK_CONFIG=$DATA/requests/config.yaml
hak init 2>/dev/null
hak-school import "$DATA"/schools/schools.csv >/dev/null
at() { _now=$1; shift; env HAK_NOW="$_now" "$@"; }
# spans ID: seq|since|until|status|entered|cause|department|assignee|due_on|rating
spans() {
	sqlite3 "$HAK_DB" "SELECT seq, datetime(since_ts, 'unixepoch', '+9 hours'),
		CASE WHEN until_ts = 9223372036854775807 THEN 'open' ELSE
		datetime(until_ts, 'unixepoch', '+9 hours') END, status, entered,
		cause, department, coalesce(assignee, ''), coalesce(due_on, ''),
		coalesce(rating, '') FROM request_spans WHERE request = $1 ORDER BY seq"
}

id=$(at 2026-11-23T09:00:00 hak-request new --school 7010001 --category it-equipment --title one)
ok "new: one open span from received_at" [ "$(spans "$id")" = "1|2026-11-23 09:00:00|open|new|1|create|FAC||2026-11-30|" ]
at 2026-11-23T10:00:00 hak-request assign "$id" --to kim.minji
at 2026-11-23T11:00:00 hak-request start "$id"
at 2026-11-23T12:00:00 hak-request wait "$id"
at 2026-11-25T09:00:00 hak-request start "$id"
at 2026-11-25T10:00:00 hak-request set "$id" --dept EDU
at 2026-11-26T10:00:00 hak-request assign "$id" --to park.jiyoung
at 2026-11-26T11:00:00 hak-request start "$id"
at 2026-11-26T12:00:00 hak-request note "$id" -m 'just a note'
at 2026-11-26T15:00:00 hak-request resolve "$id" -m done
at 2026-11-27T09:00:00 hak-request rate "$id" --rating 4
at 2026-11-27T09:30:00 hak-request reopen "$id"
cat > want <<'EOF2'
1|2026-11-23 09:00:00|2026-11-23 10:00:00|new|1|create|FAC||2026-11-30|
2|2026-11-23 10:00:00|2026-11-23 11:00:00|assigned|1|assign|FAC|kim.minji|2026-11-30|
3|2026-11-23 11:00:00|2026-11-23 12:00:00|in_progress|1|start|FAC|kim.minji|2026-11-30|
4|2026-11-23 12:00:00|2026-11-25 09:00:00|waiting|1|wait|FAC|kim.minji|2026-11-30|
5|2026-11-25 09:00:00|2026-11-25 10:00:00|in_progress|1|start|FAC|kim.minji|2026-12-03|
6|2026-11-25 10:00:00|2026-11-26 10:00:00|new|1|set|EDU||2026-12-03|
7|2026-11-26 10:00:00|2026-11-26 11:00:00|assigned|1|assign|EDU|park.jiyoung|2026-12-03|
8|2026-11-26 11:00:00|2026-11-26 15:00:00|in_progress|1|start|EDU|park.jiyoung|2026-12-03|
9|2026-11-26 15:00:00|2026-11-27 09:00:00|resolved|1|resolve|EDU|park.jiyoung|2026-12-03|
10|2026-11-27 09:00:00|2026-11-27 09:30:00|resolved|0|rate|EDU|park.jiyoung|2026-12-03|4
11|2026-11-27 09:30:00|open|in_progress|1|reopen|EDU|park.jiyoung|2026-12-03|
EOF2
spans "$id" > got
ok "every change of status, department, assignee, due_on or rating opens a span; a note none" same want got
ok "spans of a request do not overlap and leave no gap" [ "$(sqlite3 "$HAK_DB" "SELECT count(*) FROM request_spans a JOIN request_spans b ON b.request = a.request AND b.seq = a.seq + 1 WHERE a.until_ts <> b.since_ts")" = 0 ]

# An import: the phases its timestamps tell.
cat > r.csv <<'EOF2'
external_id,title,received_at,school,category,status,first_response_at,resolved_at,closed_at,rating,assignee
X-1,t X-1,2026-11-02T09:00:00+09:00,7010001,admin-task,closed,2026-11-02T10:00:00+09:00,2026-11-04T09:00:00+09:00,2026-11-05T09:00:00+09:00,5,
X-2,t X-2,2026-11-03T09:00:00+09:00,7010002,curriculum,resolved,,2026-11-06T09:00:00+09:00,,,park.jiyoung
X-3,t X-3,2026-11-04T09:00:00+09:00,7010002,curriculum,rejected,,,2026-11-04T12:00:00+09:00,,
X-4,t X-4,2026-11-05T09:00:00+09:00,7010001,admin-task,assigned,,,,,gone.staff
X-5,t X-5,2026-11-05T09:00:00+09:00,7010001,admin-task,waiting,2026-11-06T09:00:00+09:00,,,,
EOF2
run hak-request import r.csv
ok "import" [ "$rc" -eq 0 ]
x() { sqlite3 "$HAK_DB" "SELECT id FROM requests WHERE external_id = '$1'"; }
cat > want <<'EOF2'
1|2026-11-02 09:00:00|2026-11-04 09:00:00|in_progress|1|create|ADM||2026-11-09|
3|2026-11-04 09:00:00|2026-11-05 09:00:00|resolved|1|create|ADM||2026-11-09|5
4|2026-11-05 09:00:00|open|closed|1|create|ADM||2026-11-09|
EOF2
spans "$(x X-1)" > got
ok "imported closed: open, resolved (rated), closed" same want got
ok "imported resolved: open, resolved" [ "$(spans "$(x X-2)" | cut -d'|' -f1-5 | tr '\n' ' ')" = "1|2026-11-03 09:00:00|2026-11-06 09:00:00|in_progress|1 3|2026-11-06 09:00:00|open|resolved|1 " ]
ok "imported rejected: open, rejected" [ "$(spans "$(x X-3)" | cut -d'|' -f1-4 | tr '\n' ' ')" = "1|2026-11-04 09:00:00|2026-11-04 12:00:00|in_progress 4|2026-11-04 12:00:00|open|rejected " ]
ok "imported open: one span in its status" [ "$(spans "$(x X-4)" | cut -d'|' -f1-4,8)" = "1|2026-11-05 09:00:00|open|assigned|gone.staff" ]
ok "imported waiting: waiting from the import on" [ "$(spans "$(x X-5)" | cut -d'|' -f1-4 | tr '\n' ' ')" = "1|2026-11-05 09:00:00|2026-11-27 10:00:00|in_progress 2|2026-11-27 10:00:00|open|waiting " ]
ok "the import's spans: one a request per phase" [ "$(sqlite3 "$HAK_DB" "SELECT count(*) FROM request_spans WHERE request IN (SELECT id FROM requests WHERE external_id LIKE 'X-%')")" = 10 ]

# The migration from v5 builds the same spans from the events.
sqlite3 "$HAK_DB" "SELECT request, seq, since_ts, until_ts, status, entered, cause, department, assignee, category, school, due_on, rating FROM request_spans ORDER BY 1, 2" > before
sqlite3 "$HAK_DB" "SELECT * FROM request_open_school ORDER BY 1, 2" > open-before
sqlite3 "$HAK_DB" "SELECT * FROM request_open_due ORDER BY 1, 2" >> open-before
sqlite3 "$HAK_DB" "DROP TABLE request_spans; DROP TABLE request_open_school; DROP TABLE request_open_due; PRAGMA user_version = 5"
run hak-request list
ok "a v5 database is refused until hak init" [ "$rc" -eq 78 ]
run hak init
ok "hak init migrates v5 to v6" [ "$rc" -eq 0 ] && [ -f "$HAK_DB.pre-v5" ]
sqlite3 "$HAK_DB" "SELECT request, seq, since_ts, until_ts, status, entered, cause, department, assignee, category, school, due_on, rating FROM request_spans ORDER BY 1, 2" > after
ok "the backfill from the events gives the spans the writes gave" same before after
sqlite3 "$HAK_DB" "SELECT * FROM request_open_school ORDER BY 1, 2" > open-after
sqlite3 "$HAK_DB" "SELECT * FROM request_open_due ORDER BY 1, 2" >> open-after
ok "the migration counts the open requests as the writes did" same open-before open-after
ok "open counts: by school and department, what is open now" [ "$(sqlite3 "$HAK_DB" "SELECT group_concat(school || ':' || department || '=' || n, ' ') FROM (SELECT * FROM request_open_school WHERE n > 0 ORDER BY 1, 2)")" = "$(sqlite3 "$HAK_DB" "SELECT group_concat(k || '=' || c, ' ') FROM (SELECT school || ':' || department AS k, count(*) AS c FROM requests WHERE status IN ('new', 'assigned', 'in_progress', 'waiting') GROUP BY 1 ORDER BY 1)")" ]
ok "open counts by due day: the open requests not waiting" [ "$(sqlite3 "$HAK_DB" "SELECT sum(n) FROM request_open_due")" = "$(sqlite3 "$HAK_DB" "SELECT count(*) FROM requests WHERE status IN ('new', 'assigned', 'in_progress')")" ]
run hak check
ok "hak check: spans and open counts agree" [ "$rc" -eq 0 ]
sqlite3 "$HAK_DB" "UPDATE request_open_school SET n = n + 1 WHERE school = '7010001'"
run hak check
ok "hak check: a wrong open count is a finding" [ "$rc" -eq 65 ] && out_has 'request spans: open count of 7010001'
sqlite3 "$HAK_DB" "UPDATE request_open_school SET n = n - 1 WHERE school = '7010001'; UPDATE request_spans SET status = 'new' WHERE request = 1 AND until_ts = 9223372036854775807"
run hak check
ok "hak check: a current span unlike its request is a finding" [ "$rc" -eq 65 ] && out_has 'request spans: request 1: its current span is not its state'
done_testing
