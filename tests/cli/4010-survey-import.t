#!/bin/sh
# hak-survey import (SPEC 5.4): the four export styles data officers get
# (Excel "CSV" in CP949 with CRLF, Excel "CSV UTF-8" with a BOM, Google
# Forms, Naver Form with a title row) import to the same stored answers;
# answers as labels or numbers; blanks missing, never zero; schools as
# SPEC 4 says; identity by content.
. "$HAK_TOP/tests/lib.sh"
cp "$DATA"/survey/support.yaml "$DATA"/survey/schools.csv .

fresh() {	# fresh DB: a database with the schools and the survey
	hak init --db "$1" 2>/dev/null
	hak-school import --db "$1" schools.csv >/dev/null
	hak-survey define --db "$1" support.yaml
}

Q1='1. 전반적인 지원 서비스에 만족하십니까?'
Q2='2. 행정업무 부담이 줄었습니까?'
Q3='3. 교육활동 시간을 더 확보하였습니까?'
Q4='4. 업무 부담이 크다'

# Excel "CSV" on Korean Windows: CP949, CRLF, numbers and labels.
cat >excel.utf8 <<CSV
타임스탬프,학교명,직위,$Q1,$Q2,$Q3,$Q4,기타 의견
2026-11-20 15:41:07,한빛초등학교,교사,매우 만족,예,아니오,매우 그렇다,좋아요
2026-11-20 16:00:00,새솔중,교장,3,아니요,예,,
2026-11-21 09:05:00,7010003,담임교사,해당 없음,네,Yes,2,"연락은 010-1234-5678, 또는 kim@school.kr"
CSV
if command -v iconv >/dev/null 2>&1; then
	sed 's/$/\r/' excel.utf8 | iconv -f UTF-8 -t CP949 >excel.csv
	have_iconv=1
else
	have_iconv=0
fi
# Excel "CSV UTF-8": a BOM, CRLF; numbers written 5.0, 5점, circled.
{ printf '\357\273\277'; sed 's/$/\r/' <<CSV
제출 시각,학교명,직위,$Q1,$Q2,$Q3,$Q4,기타 의견
2026.11.20 15:41:07,한빛초,담임교사,⑤,예,아니오,5.0,좋아요
2026.11.20 16:00:00,새솔중학교,교장,3점,아니요,예,,
2026.11.21 09:05:00,가온고,담임교사,해당없음,예,예,2점,"연락은 010-1234-5678, 또는 kim@school.kr"
CSV
} >utf8bom.csv
# Google Forms: English headers, a Timestamp in Korean locale form, an
# Email Address column that is not mapped (and so never stored).
cat >google.csv <<CSV
Timestamp,Email Address,School,Role,Overall,Workload reduced,Time gained,Burden,Comments
2026. 11. 20 오후 3:41:07,a@example.com,한빛초등학교,교사,매우 만족,Yes,No,매우그렇다,좋아요
2026. 11. 20 오후 4:00:00,b@example.com,새솔중,교장,보통,No,Yes,,
2026. 11. 21 오전 9:05:00,c@example.com,7010003,교사,해당 없음,예,예,그렇지 않다,"연락은 010-1234-5678, 또는 kim@school.kr"
CSV
# Naver Form: the form's title above the header (--header-row 2).
cat >naver.csv <<CSV
학교지원 만족도 조사 2026,,,,,,,,
응답일시,학교명,직위,$Q1,$Q2,$Q3,$Q4,기타 의견,이름
2026-11-20 15:41:07,한빛초등학교,교사,5,예,아니오,5,좋아요,김민지
2026-11-20 16:00:00,새솔중학교,교장,③,아니요,예,,,박서준
2026-11-21 09:05:00,가온고등학교,교사,해당 없음,예,예,②,"연락은 010-1234-5678, 또는 kim@school.kr",이도윤
CSV

# responses without response, batch and row: what must be the same
answers() {
	hak-survey responses --db "$1" support-2026 | cut -d, -f1,5- >"$2"
}

for style in utf8bom google naver excel; do
	if [ "$style" = excel ] && [ "$have_iconv" = 0 ]; then
		skip "excel style" "iconv not installed"
		continue
	fi
	fresh $style.db
	hr=
	[ "$style" = naver ] && hr="--header-row 2"
	run hak-survey import --db $style.db support-2026 $style.csv $hr
	ok "$style: imported" out_is "3 new, 0 already present, 0 rejected"
	answers $style.db $style.out
done
ok "utf8bom = google" same utf8bom.out google.out
ok "utf8bom = naver" same utf8bom.out naver.out
if [ "$have_iconv" = 1 ]; then
	ok "utf8bom = excel (CP949)" same utf8bom.out excel.out
	ok "the CP949 file is not UTF-8" sh -c '! iconv -f UTF-8 -t UTF-8 excel.csv >/dev/null 2>&1'
else
	skip "utf8bom = excel (CP949)" "iconv not installed"
	skip "the CP949 file is not UTF-8" "iconv not installed"
fi
ok "the stored answers" [ "$(cat utf8bom.out)" = "survey,submitted_at,school,role,question,value
support-2026,2026-11-20T15:41:07+09:00,7010001,teacher,overall,5
support-2026,2026-11-20T15:41:07+09:00,7010001,teacher,workload_reduced,yes
support-2026,2026-11-20T15:41:07+09:00,7010001,teacher,time_gained,no
support-2026,2026-11-20T15:41:07+09:00,7010001,teacher,burden,5
support-2026,2026-11-20T15:41:07+09:00,7010001,teacher,comment,좋아요
support-2026,2026-11-20T16:00:00+09:00,7010002,principal,overall,3
support-2026,2026-11-20T16:00:00+09:00,7010002,principal,workload_reduced,no
support-2026,2026-11-20T16:00:00+09:00,7010002,principal,time_gained,yes
support-2026,2026-11-21T09:05:00+09:00,7010003,teacher,overall,na
support-2026,2026-11-21T09:05:00+09:00,7010003,teacher,workload_reduced,yes
support-2026,2026-11-21T09:05:00+09:00,7010003,teacher,time_gained,yes
support-2026,2026-11-21T09:05:00+09:00,7010003,teacher,burden,2
support-2026,2026-11-21T09:05:00+09:00,7010003,teacher,comment,\"연락은 [phone], 또는 [email]\"" ]
run sqlite3 naver.db "SELECT answers FROM survey_responses ORDER BY id"
ok "packed answers: blank burden missing ('.'), na '~', never zero" out_is "5105.
301..
~112."
run hak-survey responses --db naver.db support-2026 --wide --no-header
ok "--wide: a missing answer is an empty cell" out_has '^support-2026,2,[0-9]*,4,2026-11-20T16:00:00+09:00,7010002,principal,3,no,yes,,$'
run hak-survey responses --db naver.db support-2026 -f table
ok "table format: the header names the field and question columns" out_has '^survey  *response  *batch  *row  *submitted_at  *school  *role  *question  *value *$'
run hak-survey responses --db naver.db support-2026 -f json
ok "json: codes as strings" out_has '"school":"7010001"'
run sqlite3 naver.db "SELECT count(*) FROM survey_responses WHERE row = 3 AND batch IS NOT NULL"
ok "each response keeps its source row (header on row 2)" out_is 1

# Importing the same file again adds nothing.
run hak-survey import --db naver.db support-2026 naver.csv --header-row 2
ok "the same file again: nothing new" out_is "0 new, 3 already present, 0 rejected"
# A cumulative export: last week's rows plus new ones, one a duplicate
# of an earlier row (the k-th identical row matches the k-th stored).
cp naver.csv week2.csv
printf '%s\n' '2026-11-22 10:00:00,한빛초등학교,교사,4,예,예,3,,최유나' \
	'2026-11-20 15:41:07,한빛초등학교,교사,5,예,아니오,5,좋아요,김민지' >>week2.csv
run hak-survey import --db naver.db support-2026 week2.csv --header-row 2
ok "cumulative export: only the new rows" out_is "2 new, 3 already present, 0 rejected"
run hak-survey import --db naver.db support-2026 week2.csv --header-row 2
ok "and again: nothing" out_is "0 new, 5 already present, 0 rejected"
run sqlite3 naver.db "SELECT count(*) FROM survey_responses"
ok "5 responses stored" out_is 5

# Identical rows within one file are distinct responses (ordinal k for
# the k-th); a later file with more copies adds only the extra ones.
fresh dup.db
X='2026-11-23 10:00:00,한빛초등학교,교사,4,예,예,3,,a'
Y='2026-11-23 11:00:00,새솔중학교,교장,2,아니오,예,,,b'
{ head -n 2 naver.csv; printf '%s\n' "$X" "$Y" "$X" "$X"; } >dup1.csv
run hak-survey import --db dup.db support-2026 dup1.csv --header-row 2
ok "three identical rows and another: 4 new" out_is "4 new, 0 already present, 0 rejected"
{ head -n 2 naver.csv; printf '%s\n' "$X" "$X" "$Y" "$X" "$Y" "$X"; } >dup2.csv
run hak-survey import --db dup.db support-2026 dup2.csv --header-row 2
ok "four copies and two: the fourth and the second new" out_is "2 new, 4 already present, 0 rejected"
run sqlite3 dup.db "SELECT group_concat(ordinal, ' ') FROM (SELECT ordinal FROM survey_responses ORDER BY identity, ordinal)"
ok "ordinals 1-4 and 1-2" sh -c "echo '$(cat "$T/out")' | tr ' ' '\n' | sort | tr '\n' ' ' | grep -qx '1 1 2 2 3 4 '"
run hak-survey import --db dup.db support-2026 dup1.csv --header-row 2
ok "the first file again: nothing new" out_is "0 new, 4 already present, 0 rejected"

# Refused rows: unknown school, a bad answer; the rejects hold the mapped
# columns only; a fixed definition lets them in later.
fresh r.db
cat >r.csv <<CSV
타임스탬프,학교명,직위,$Q1,$Q2,$Q3,$Q4,기타 의견,연락처
2026-11-20 10:00,한빛초,교사,아주 좋음,예,예,,,010-1111-2222
2026-11-20 11:00,없는학교,교사,4,예,예,,,010-3333-4444
2026-11-20 12:00,한빛초,교사,4,예,예,,,010-5555-6666
CSV
run hak-survey import --db r.db support-2026 r.csv
ok "bad rows: exit 65, nothing imported" err_msg 65 "r.csv:2: overall: '아주 좋음' is not an answer of scale sat5"
ok "unknown school is a row error" err_has "r.csv:3: school: no school matches '없는학교'"
run sqlite3 r.db "SELECT count(*) FROM survey_responses"
ok "nothing written" out_is 0
run hak-survey import --db r.db support-2026 r.csv --skip-invalid --rejects rej.csv
ok "--skip-invalid: the valid row" out_is "1 new, 0 already present, 2 rejected"
ok "rejects: mapped columns only (no 연락처)" sh -c "head -n 1 rej.csv | grep -q '^.*school,role,submitted_at,overall,workload_reduced,time_gained,burden,comment,row,error' && ! grep -q 010- rej.csv"
sed 's/na: \[해당 없음\]/na: [해당 없음], aliases: {5: [아주 좋음]}/; s/unknown_school: error/unknown_school: missing/' support.yaml >fixed.yaml
hak-survey define --db r.db fixed.yaml
run hak-survey import --db r.db support-2026 r.csv
ok "the fixed definition lets the rejected rows in" out_is "2 new, 1 already present, 0 rejected"
run sqlite3 r.db "SELECT coalesce(school, '-') || ':' || answers FROM survey_responses ORDER BY row"
ok "alias read; unknown school stored as none (unknown_school: missing)" out_is "7010001:511..
-:411..
7010001:411.."

# A missing required column names the headers that would do; an
# optional question's column may be absent.
fresh m.db
printf '타임스탬프,학교명,직위,%s,%s\n2026-11-20 10:00,한빛초,교사,5,예\n' "$Q1" "$Q2" >m.csv
fails "missing column" 65 "m.csv:1: missing columns 'time_gained' (a header 'time_gained', '3. 교육활동 시간을 더 확보하였습니까?', 'Time gained' or --column time_gained=HEADER)" hak-survey import --db m.db support-2026 m.csv
printf '타임스탬프,학교명,직위,%s,%s,Q3,기타 의견\n2026-11-20 10:00,한빛초,교사,5,예,아니오,\n' "$Q1" "$Q2" >m2.csv
succeeds "--column maps a question; the optional one may be absent" hak-survey import --db m.db support-2026 m2.csv --column time_gained=Q3
run sqlite3 m.db "SELECT answers FROM survey_responses"
ok "answers" out_is "510.."

# --keep-column: personal headers refused (exit 2), others kept.
fails "--keep-column 이름" 2 "looks like a name, contact or address" hak-survey import --db m.db support-2026 naver.csv --header-row 2 --keep-column 이름
fails "--keep-column E-mail Address" 2 "looks like" hak-survey import --db m.db support-2026 google.csv --keep-column 'Email Address'
fresh k.db
printf '타임스탬프,학교명,직위,%s,%s,%s,기타 의견,학년\n2026-11-20 10:00,한빛초,교사,5,예,아니오,,3학년\n' "$Q1" "$Q2" "$Q3" >k.csv
succeeds "--keep-column 학년" hak-survey import --db k.db support-2026 k.csv --keep-column 학년
run sqlite3 k.db "SELECT fields FROM survey_responses"
ok "kept in fields, keys sorted" out_is '{"role":"teacher","학년":"3학년"}'
run hak-survey responses --db k.db support-2026 --wide
ok "responses shows the kept column" out_has '^survey,response,batch,row,submitted_at,school,role,학년,overall,'

# Usage errors.
fails "import without FILE" 2 "a survey CODE" hak-survey import --db k.db
fails "unknown survey" 1 "no survey 'nope'" hak-survey import --db k.db nope k.csv
fails "bad --header-row" 2 "header-row" hak-survey import --db k.db support-2026 k.csv --header-row 0
run hak-survey import --db k.db support-2026 k.csv --dry-run
ok "--dry-run writes nothing" out_is "0 new, 1 already present, 0 rejected (dry run, nothing written)"
done_testing
