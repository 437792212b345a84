#!/bin/sh
# hak-survey batches, drop-batch, hak check of survey batches, and the
# privacy of SPEC 5.5: a planted e-mail address and phone number, in a text
# answer and in an unmapped column, are nowhere in the database files.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db
cp "$DATA"/survey/support.yaml "$DATA"/survey/schools.csv .
run hak init
hak-school import schools.csv >/dev/null
hak-survey define support.yaml

H='타임스탬프,학교명,직위,1. 전반적인 지원 서비스에 만족하십니까?,2. 행정업무 부담이 줄었습니까?,3. 교육활동 시간을 더 확보하였습니까?,기타 의견,휴대폰,이메일'
{ echo "$H"
  echo '2026-11-20 10:00,한빛초,교사,5,예,예,"연락 010-4242-9898 또는 planted.secret@hakjibon-test.kr 로 주세요",010-7171-3535,hidden.person@hakjibon-test.kr'
  echo '2026-11-20 11:00,새솔중,교장,4,아니오,예,+82 10 6262 1313,,'
} >w1.csv
{ echo "$H"
  echo '2026-11-27 09:00,가온고,교사,3,예,아니오,,,'
  echo '2026-11-27 09:30,가온고,교사,2,예,아니오,,,'
} >w2.csv
run hak-survey import support-2026 w1.csv
ok "week 1" out_is "2 new, 0 already present, 0 rejected"
run hak-survey import support-2026 w2.csv
ok "week 2" out_is "2 new, 0 already present, 0 rejected"

# Privacy: neither the planted numbers nor the addresses are stored.
run hak-survey responses support-2026
ok "the text answer is scrubbed" out_has '^support-2026,1,.*,comment,연락 \[phone\] 또는 \[email\] 로 주세요$'
ok "a text answer that is only a number" out_has ',comment,\[phone\]$'
sqlite3 h.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null 2>&1
leak=0
for f in h.db h.db-wal h.db-shm; do
	[ -f "$f" ] || continue
	for s in 4242-9898 01042429898 planted.secret hakjibon-test.kr 7171-3535 hidden.person "6262 1313"; do
		n=$(grep -c -a -F -- "$s" "$f")
		[ "$n" -eq 0 ] || { echo "# $s found in $f"; leak=1; }
	done
done
ok "no planted address or number in h.db, -wal, -shm" [ "$leak" -eq 0 ]
# also before any checkpoint: the WAL as the import left it
hak init --db w.db 2>/dev/null; hak-school import --db w.db schools.csv >/dev/null
hak-survey define --db w.db support.yaml
hak-survey import --db w.db support-2026 w1.csv >/dev/null
leak=0
for f in w.db w.db-wal w.db-shm; do
	[ -f "$f" ] || continue
	for s in 4242-9898 planted.secret 7171-3535 hidden.person; do
		[ "$(grep -c -a -F -- "$s" "$f")" -eq 0 ] || leak=1
	done
done
ok "nor in the WAL before a checkpoint" [ "$leak" -eq 0 ]

# batches
succeeds "batches" hak-survey batches support-2026
ok "batches: columns" out_has '^batch,file,sha256,at,actor,rows_read,new,same,rejected,responses,dropped_at$'
ok "batches: week 1" out_has '^[0-9]*,w1.csv,[0-9a-f]\{64\},2026-11-27T10:00:00+09:00,tester,2,2,0,0,2,$'
b1=$(hak-survey batches support-2026 --no-header | sed -n 1p | cut -d, -f1)
b2=$(hak-survey batches support-2026 --no-header | sed -n 2p | cut -d, -f1)
ok "two batches" [ -n "$b1" -a -n "$b2" -a "$b1" != "$b2" ]
succeeds "hak check passes" hak check

# drop-batch removes exactly one batch.
succeeds "drop-batch" hak-survey drop-batch support-2026 "$b1"
run sqlite3 h.db "SELECT batch || ':' || count(*) FROM survey_responses GROUP BY batch"
ok "only the other batch's responses are left" out_is "$b2:2"
run sqlite3 h.db "SELECT count(*) FROM survey_texts"
ok "the dropped batch's text answers are gone" out_is 0
run hak-survey batches support-2026 --no-header
ok "the batch is marked dropped" out_has "^$b1,w1.csv,.*,2,2026-11-27T10:00:00+09:00$"
run hak-survey list --no-header
ok "list counts what is left" out_is "support-2026,School support satisfaction survey 2026,,4200,5,1,2"
fails "drop it again" 65 "already dropped" hak-survey drop-batch support-2026 "$b1"
fails "a batch of no survey" 1 "has no batch 99999" hak-survey drop-batch support-2026 99999
fails "not a number" 2 "not a batch number" hak-survey drop-batch support-2026 x1
fails "unknown survey" 1 "no survey 'nope'" hak-survey drop-batch nope "$b2"
run sqlite3 h.db "SELECT action || ':' || old FROM events WHERE entity = 'survey' AND action = 'drop-batch'"
ok "a drop-batch event" out_is "drop-batch:$b1"
succeeds "hak check passes after the drop" hak check
run hak-survey import support-2026 w1.csv
ok "the dropped file imports again" out_is "2 new, 0 already present, 0 rejected"

# hak check detects a tampered count (in a copy).
cp h.db t.db
sqlite3 t.db "UPDATE survey_batches SET responses = responses + 1 WHERE batch = $b2"
run hak check --db t.db
ok "hak check: a batch count off" streams 65 "survey_batches: survey support-2026 batch $b2: 2 responses stored, 3 recorded" ''
cp h.db u.db
sqlite3 u.db "DELETE FROM survey_responses WHERE id = (SELECT max(id) FROM survey_responses WHERE batch = $b2)"
run hak check --db u.db
ok "hak check: a response gone" streams 65 "batch $b2: 1 responses stored, 2 recorded" ''
done_testing
