#!/bin/sh
# Import headers (SPEC 2.9): trimmed, any case, the Korean headers of each
# record type, --column FIELD=HEADER, and the errors at FILE:1.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db HAK_CONFIG=$DATA/requests/config.yaml
run hak init
ok "hak init" err_only 0 "^hak: created "

# Schools: any case, trimmed.
printf ' Code ,NAME,Level\nH1,가나초등학교,elementary\n' >case.csv
succeeds "headers in any case, spaces trimmed" hak-school import case.csv
ok "summary" out_is "1 new, 0 already present, 0 rejected"

# The Korean headers.
printf '학교코드,학교명,학교급,지역,학생수,교원수,학급수,개교일,별칭\nH2,다라중학교,중학교,한솔동,300,25,12,2001-03-02,다라중\n' >ko.csv
succeeds "Korean headers" hak-school import ko.csv --year 2026
succeeds "export" hak-school export --no-header --year 2026
ok "every Korean header read" \
	out_has '^H2,다라중학교,다라중,,middle,한솔동,open,,300,25,12,2001-03-02$'

# --column maps any other header; on every importer's --help.
printf 'Schulnummer,Schulname,Stufe\nH3,마바고등학교,high\n' >other.csv
fails "unknown headers: code missing" 65 \
	"^hak-school: other.csv:1: missing column 'code' (a header 'code', '학교코드', '학교ID', '표준학교코드' or --column code=HEADER)$" \
	hak-school import other.csv
succeeds "--column FIELD=HEADER" hak-school import other.csv \
	--column code=Schulnummer --column name=schulname --column level=Stufe
ok "summary" out_is "1 new, 0 already present, 0 rejected"
for p in hak-school hak-request hak-project; do
	succeeds "$p import --help" $p import --help
	ok "$p import --help: --column" out_has "--column FIELD=HEADER"
	ok "$p import --help: --print" out_has "--print"
done

# Errors at FILE:1.
printf 'code,name,학교명,level\nH4,x,y,high\n' >twice.csv
fails "a field named by two headers" 65 \
	"^hak-school: twice.csv:1: column 'name' is named twice in the header: 'name' (column 2) and '학교명' (column 3)$" \
	hak-school import twice.csv
printf 'code,name,level,Gebiet\nH4,x,high,a\n' >both.csv
fails "a header naming two fields" 65 \
	"^hak-school: both.csv:1: header 'name' (column 2) names both 'name' and 'aliases'$" \
	hak-school import both.csv --column aliases=name
fails "--column: a header not in the file" 65 \
	"^hak-school: both.csv:1: --column district=Bezirk: no header 'Bezirk'$" \
	hak-school import both.csv --column district=Bezirk
fails "--column: an unknown field" 2 \
	"^hak-school: usage: --column 'region=Gebiet': no school field 'region'$" \
	hak-school import both.csv --column region=Gebiet
fails "--column without '='" 2 "usage: --column 'district': not FIELD=HEADER" \
	hak-school import both.csv --column district
run sqlite3 h.db "SELECT count(*) FROM schools WHERE code = 'H4'"
ok "nothing written by the failed imports" out_is 0

# Projects and requests know their Korean headers too.
printf '사업코드,사업명,담당부서,예산\nKO-2026-01,한글 사업,EDU,"1,000원"\n' >pj.csv
succeeds "projects: Korean headers" hak-project import pj.csv
succeeds "export" hak-project export --no-header
ok "read" out_has '^KO-2026-01,한글 사업,EDU,.*,1000,$'
printf '외부번호,학교코드,분류,제목\nKO-1,H1,curriculum,한글 요청\n' >rq.csv
succeeds "requests: Korean headers" hak-request import rq.csv
ok "summary" out_is "1 new, 0 already present, 0 rejected"
printf 'ext,school,category,subject\nKO-2,H1,curriculum,Other\n' >rq2.csv
fails "requests: title missing" 65 "^hak-request: rq2.csv:1: missing column 'title' (a header 'title', '제목' or --column title=HEADER)$" \
	hak-request import rq2.csv
succeeds "requests: --column" hak-request import rq2.csv \
	--column external_id=ext --column title=subject
ok "summary" out_is "1 new, 0 already present, 0 rejected"
done_testing
