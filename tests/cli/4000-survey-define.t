#!/bin/sh
# hak-survey define, list, show, history (SPEC 5.4, 6.2): the definition
# checked strictly with FILE:LINE:COLUMN messages; a re-definition that
# would invalidate stored answers refused (exit 65).
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db
run hak init
hak-school import "$DATA"/survey/schools.csv >/dev/null
cp "$DATA"/survey/support.yaml .

succeeds "define" hak-survey define support.yaml
ok "define prints nothing" out_empty
succeeds "list" hak-survey list
ok "list: the survey" out_is "code,title,project,population,questions,batches,responses
support-2026,School support satisfaction survey 2026,,4200,5,0,0"
succeeds "show" hak-survey show support-2026 -f csv
ok "show: questions with ids, types, scales, headers" \
	out_has '^burden,3,scale,agree5,5,전혀 그렇지 않다;그렇지 않다;보통이다;그렇다;매우 그렇다,1,1,4. 업무 부담이 크다;Burden$'
ok "show: the text question" out_has '^comment,4,text,,,,0,0,기타 의견;Comments$'
ok "show: the yes/no question" out_has '^workload_reduced,1,yesno,yesno,2,'
succeeds "define again" hak-survey define support.yaml
run sqlite3 h.db "SELECT action FROM events WHERE entity = 'survey' ORDER BY seq"
ok "the same text again changes nothing: one create event" out_is "create"
succeeds "define from stdin" sh -c 'hak-survey define - <support.yaml'
fails "show of an unknown survey" 1 "no survey 'nope'" hak-survey show nope

# Errors at FILE:LINE:COLUMN, exit 65, nothing stored.
printf 'code: s2\ntitle: t\nquestions:\n  - {id: q, column: Q, scale: none}\n' >bad1.yaml
fails "unknown scale" 65 'bad1.yaml:4:31: questions: q: no scale .none.$' hak-survey define bad1.yaml
printf 'code: s2\ntitle: t\ncolour: red\nquestions:\n  - {id: q, column: Q, type: text}\n' >bad2.yaml
fails "unknown key" 65 'bad2.yaml:3:1: definition: unknown key .colour.' hak-survey define bad2.yaml
printf 'code: S2\ntitle: t\nquestions:\n  - {id: q, column: Q, type: text}\n' >bad3.yaml
fails "bad id" 65 'bad3.yaml:1:7: code: bad id .S2.' hak-survey define bad3.yaml
printf 'code: s2\ntitle: t\nquestions:\n  - {id: a, column: Q, type: text}\n  - {id: b, column: " q ", type: text}\n' >bad4.yaml
fails "a header two columns match" 65 "bad4.yaml:5:21: questions: b: header 'q' is also question a's" hak-survey define bad4.yaml
printf 'code: s2\ntitle: t\nscales:\n  yn: {type: yesno, yes: [yes], no: [no]}\nquestions:\n  - {id: q, column: Q, scale: yn, reverse: true}\n' >bad5.yaml
fails "a yes/no question reversed" 65 'bad5.yaml:6:44: .*cannot be reversed' hak-survey define bad5.yaml
printf 'code: s2\ntitle: t\nproject: NOPE-1\nquestions:\n  - {id: q, column: Q, type: text}\n' >bad6.yaml
fails "unknown project" 65 "project: no project 'NOPE-1'" hak-survey define bad6.yaml
printf 'code: s2\ntitle: [t\n' >bad7.yaml
fails "YAML syntax error" 65 'bad7.yaml:3:1: yaml syntax error' hak-survey define bad7.yaml
fails "no such file" 66 "cannot open 'none.yaml'" hak-survey define none.yaml
run hak-survey list --no-header
ok "nothing stored by the refused definitions" out_is "support-2026,School support satisfaction survey 2026,,4200,5,0,0"

# YAML 1.1 booleans stay strings: a yes/no scale spelled yes/no/Yes/No.
printf 'code: s3\ntitle: t\nscales:\n  yn: {type: yesno, yes: [yes, Yes, "y"], no: [no, No]}\nquestions:\n  - {id: q, column: Q, scale: yn}\n' >yn.yaml
succeeds "yes: and no: spellings are plain strings" hak-survey define yn.yaml

# A project that exists links.
hak-project add P-1 --name 가 --dept EDU >/dev/null 2>&1
printf 'code: s4\ntitle: t\nproject: P-1\nquestions:\n  - {id: q, column: Q, type: text}\n' >p.yaml
succeeds "a linked project" hak-survey define p.yaml
run hak-survey list --no-header
ok "list shows the project" out_has '^s4,t,P-1,,1,0,0$'

# Re-definitions once answers are stored.
cat >a.csv <<'CSV'
타임스탬프,학교명,직위,1. 전반적인 지원 서비스에 만족하십니까?,2. 행정업무 부담이 줄었습니까?,3. 교육활동 시간을 더 확보하였습니까?,4. 업무 부담이 크다,기타 의견
2026-11-20 10:00,한빛초,교사,매우 만족,예,아니오,그렇다,좋아요
CSV
run hak-survey import support-2026 a.csv
ok "an answer stored" [ "$rc" -eq 0 ]
sed 's/매우 불만족, 불만족, 보통, 만족, 매우 만족/매우 불만족, 불만족, 보통, 매우 만족, 만족/' support.yaml >order.yaml
fails "labels reordered under answers" 65 "question 'overall' has answers" hak-survey define order.yaml
sed 's/sat5: {points: 5, labels: \[매우 불만족, 불만족, 보통, 만족, 매우 만족\]/sat5: {points: 4, labels: [매우 불만족, 불만족, 만족, 매우 만족]/' support.yaml >points.yaml
fails "points changed under answers" 65 "question 'overall' has answers" hak-survey define points.yaml
grep -v 'id: time_gained' support.yaml >removed.yaml
fails "a question with answers removed" 65 "question 'time_gained' has answers: it cannot be removed" hak-survey define removed.yaml
grep -v 'id: comment' support.yaml >notext.yaml
fails "a text question with answers removed" 65 "question 'comment' has answers" hak-survey define notext.yaml
sed 's/scale: agree5, reverse/scale: sat5, reverse/' support.yaml >rescale.yaml
fails "another scale whose labels differ" 65 "question 'burden' has answers" hak-survey define rescale.yaml
# Allowed: a new question (next pos), a new alias, a new na label, a title.
sed 's/title: School support satisfaction survey 2026/title: Renamed/; s/na: \[해당 없음\]/na: [해당 없음, 모름]/' support.yaml >ok.yaml
printf '  - {id: extra, column: 추가, scale: sat5, optional: true}\n' >>ok.yaml
succeeds "new question, na label and title" hak-survey define ok.yaml
succeeds "show after" hak-survey show support-2026 -f csv
ok "the new question takes the next pos" out_has '^extra,5,scale,sat5,'
ok "the old ones keep theirs" out_has '^comment,4,text,'
grep -v 'id: extra' ok.yaml >back.yaml
succeeds "a question without answers may go" hak-survey define back.yaml
printf '  - {id: extra2, column: 추가2, scale: sat5, optional: true}\n' >>back.yaml
succeeds "and another comes" hak-survey define back.yaml
run sqlite3 h.db "SELECT pos FROM survey_questions WHERE id = 'extra2'"
ok "a pos is never reused" out_is 6
run sqlite3 h.db "SELECT action FROM events WHERE entity = 'survey' AND key = 'support-2026' ORDER BY seq"
ok "history: create, import, three defines" out_is "create
import
define
define
define"
succeeds "history" hak-survey history support-2026
ok "history lists the survey's events" out_has '^support-2026,1,.*,tester,create,'
fails "history of an unknown survey" 1 "no survey 'x'" hak-survey history x

# Completions: survey codes, question ids, --by fields, batches.
succeeds "--list-values code" hak-survey --list-values code
ok "survey codes" out_is "s3
s4
support-2026"
succeeds "--list-values question" hak-survey --list-values question
ok "scale and yes/no question ids, not text ones" [ "$(tr '\n' ' ' <"$T/out")" = "burden extra2 overall q time_gained workload_reduced " ]
succeeds "--list-values by" hak-survey --list-values by
ok "--by: school, level, district, role and the fields" [ "$(tr '\n' ' ' <"$T/out")" = "district level role school " ]
succeeds "--list-operands drop-batch" hak-survey --list-operands drop-batch
ok "drop-batch CODE BATCH" out_is "code
batch"
succeeds "--list-values batch" hak-survey --list-values batch
ok "the batches" out_is "$(sqlite3 h.db 'SELECT batch FROM survey_batches')"
done_testing
