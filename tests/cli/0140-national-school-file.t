#!/bin/sh
# hak-school import of the national standard file of school locations
# (전국초중등학교위치표준데이터) as it is: CP949, LF, no final newline, its
# 20 headers (SPEC 4, 2.9).
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db
run hak init
ok "hak init" err_only 0 "^hak: created "

# national FILE ROW...: the national file's header and rows (UTF-8 in),
# written as the office gets it: CP949, LF, no newline after the last row.
national() {
	_f=$1; shift
	{
		printf '%s' '학교ID,학교명,학교급구분,설립일자,설립형태,본교분교구분,운영상태,소재지지번주소,소재지도로명주소,시도교육청코드,시도교육청명,교육지원청코드,교육지원청명,생성일자,변경일자,위도,경도,데이터기준일자,제공기관코드,제공기관명'
		for _r in "$@"; do
			printf '\n%s,공립,본교,%s' "${_r%%|*}" "${_r#*|}"
		done
	} | iconv -f UTF-8 -t CP949 >"$_f"
}
# a row: its first four columns | 운영상태 and the rest
tail='세종특별자치시교육청,9300000,세종특별자치시교육청,2020-05-01,2023-03-01,36.6,127.2,2024-04-01,9300000,세종특별자치시교육청'
r1="B000024306,조치원초등학교,초등학교,19110901|운영,세종특별자치시 조치원읍 정리 12,세종특별자치시 조치원읍 문화4길 10,9300000,$tail"
r2="B000024307,한솔중학교,중학교,2010-03-02|운영,세종특별자치시 한솔동 123,세종특별자치시 노을3로 5,9300000,$tail"
r3="B000024308,세종고등학교,고등학교,20120301|운영,세종특별자치시 연기면 세종리 1,세종특별자치시 연기면 도움1로 7,9300000,$tail"
# the same name as r2 (another school, another code), no 읍/면/동
r4="B000024309,한솔중학교,중학교,2015-03-01|폐교,세종특별자치시 1234,,9300000,$tail"
r5="B000024310,세종예술학교,각종학교,2019-03-01|운영,세종특별자치시 보람동 5,,9300000,$tail"

national nat.csv "$r1" "$r2" "$r3" "$r4" "$r5"
n=5
ok "fixture: CP949, no final newline" \
	[ "$(tail -c 1 nat.csv | od -An -c | tr -d ' ')" != '\n' ]
ok "fixture: not UTF-8" sh -c '! iconv -f UTF-8 -t UTF-8 nat.csv >/dev/null 2>&1'

succeeds "imports with no renaming" hak-school import nat.csv
ok "summary" out_is "$n new, 0 already present, 0 rejected"
succeeds "export" hak-school export --no-header
ok "학교ID as code, level, 읍 as district, 운영 open, YYYYMMDD opened" \
	out_has '^B000024306,조치원초등학교,,,elementary,조치원읍,open,,,,,1911-09-01$'
ok "동 as district" out_has '^B000024307,한솔중학교,,,middle,한솔동,open,,,,,2010-03-02$'
ok "면 as district" out_has '^B000024308,세종고등학교,,,high,연기면,open,,,,,2012-03-01$'
ok "no 읍, 면 or 동: no district; a name twice is two schools; 폐교 closed" \
	out_has '^B000024309,한솔중학교,,,middle,,closed,,,,,2015-03-01$'
ok "각종학교 is other" out_has '^B000024310,세종예술학교,,,other,보람동,open,'
ok "other columns ignored" sh -c "! grep -q 세종특별자치시 '$T/out'"

succeeds "imported again" hak-school import nat.csv
ok "nothing new" out_is "0 new, $n already present, 0 rejected"
expect "dry run --print of the same file" 0 hak-school import nat.csv \
	--dry-run --print
ok "no changes listed" out_is "key,column,old,new"
ok "summary on stderr" err_has "^0 new, $n already present, 0 rejected"

# 운영상태: the closed school is kept, hidden from list (SPEC 4).
succeeds "list hides the closed school" hak-school list --no-header
ok "... four open schools" [ "$(wc -l <"$T/out")" -eq 4 ]
succeeds "list --status closed" hak-school list --status closed --no-header
ok "... the 폐교 row" out_has '^B000024309,한솔중학교,'
done_testing
