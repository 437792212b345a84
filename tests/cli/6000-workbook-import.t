#!/bin/sh
# Workbooks as input (SPEC 2.9, issue 11): .xlsx files written the way
# Excel (shared strings, built-in date styles), Google Sheets (inline
# strings, custom date formats, cells without references), Naver Form
# (a title row above the header) and old Macs (the 1904 date system)
# write them, and an .xls file, import to the same records as their CSV twins, for schools,
# requests and survey responses; --sheet; errors at FILE:SHEET!CELL;
# a workbook on standard input.  tests/wbgen.py writes the workbooks.
. "$HAK_TOP/tests/lib.sh"
if ! command -v python3 >/dev/null 2>&1; then
	skip "workbook imports" "python3 not installed"
	done_testing
	exit 0
fi
GEN="python3 $HAK_TOP/tests/wbgen.py"

# Schools: codes with leading zeros (text), counts (numbers), opening
# dates (date cells).
cat >schools.csv <<'CSV'
code,name,aliases,level,district,students,teachers,classes,opened
7010001,한빛초등학교,한빛초;Hanbit Elementary,초등학교,강남,1200,60,40,1990-03-02
7010002,한빛중학교,,middle,강남,800,45,24,1995-03-01
0012345,"=SUM(1,2) 유치원",,kindergarten,서초,50,5,3,1900-03-01
A1,중앙초등학교,중앙,elementary,종로,300,20,12,2024-02-29
CSV
hak init --db csv.db 2>/dev/null
succeeds "schools: the CSV twin imports" hak-school import --db csv.db schools.csv
hak-school export --db csv.db >csv.out
for shape in excel google naver excel1904; do
	title=
	[ "$shape" = naver ] && title="--title 학교명단"
	# shellcheck disable=SC2086
	$GEN $shape schools.csv $shape.xlsx --dates opened \
		--numbers students,teachers,classes $title
	hak init --db $shape.db 2>/dev/null
	if [ "$shape" = naver ]; then
		# the title row: schools have no --header-row, so the title is
		# taken for the header and the import says what is missing
		fails "schools $shape: the title row is not a header" 65 \
			"naver.xlsx:Sheet1!1: missing column" \
			hak-school import --db $shape.db $shape.xlsx
		continue
	fi
	run hak-school import --db $shape.db $shape.xlsx
	ok "schools $shape: imported" out_is "4 new, 0 already present, 0 rejected"
	hak-school export --db $shape.db >$shape.out
	ok "schools $shape: the same records as the CSV twin" same csv.out $shape.out
done
ok "dates read as dates, codes as text, counts without .0" grep -q \
	'^0012345,"=SUM(1,2) 유치원",,,kindergarten,서초,open,,50,5,3,1900-03-01$' csv.out
run unzip -p excel.xlsx xl/worksheets/sheet1.xml
ok "the excel workbook holds a date serial (1900-03-01 is 61)" out_has '<c r="I4" s="1"><v>61.0</v></c>'
run unzip -p excel1904.xlsx xl/worksheets/sheet1.xml
ok "the 1904 workbook holds another serial (2024-02-29 is 43889)" out_has '<c r="I5" s="1"><v>43889.0</v></c>'
succeeds "importing the workbook again" hak-school import --db excel.db excel.xlsx
ok "again: nothing new" out_is "0 new, 4 already present, 0 rejected"

# An .xls workbook (Excel 97-2003; tests/data/workbook/gen-xls.py wrote it
# with python3-xlwt): read by libfreexl in a child process.
XLS=$DATA/workbook/schools.xls
hak init --db xls.db 2>/dev/null
fails "xls: the first sheet is the notice" 65 "schools.xls:안내!1: missing column 'code'" \
	hak-school import --db xls.db "$XLS"
run hak-school import --db xls.db "$XLS" --sheet 학교
ok "xls: imported" out_is "4 new, 0 already present, 0 rejected"
hak-school export --db xls.db >xls.out
ok "xls: the same records as the CSV twin" same csv.out xls.out
run_in "$XLS" hak-school import --db xls.db - --sheet 2
ok "xls on stdin, --sheet N: all present" out_is "0 new, 4 already present, 0 rejected"

# A workbook on standard input, copied to a temporary file to be read.
hak init --db stdin.db 2>/dev/null
run_in excel.xlsx hak-school import --db stdin.db -
ok "a workbook on stdin imports" out_is "4 new, 0 already present, 0 rejected"
run sqlite3 stdin.db "SELECT file, sha256 FROM batches"
ok "its batch: the SHA-256 of the workbook's bytes" out_is "stdin|$(sha256sum <excel.xlsx | cut -d' ' -f1)"

# --sheet: by name or number; the first sheet otherwise.
$GEN excel schools.csv two.xlsx --numbers students --before 안내 --sheet 학교
hak init --db s.db 2>/dev/null
run hak-school import --db s.db two.xlsx --dry-run
ok "the first sheet (empty) is read by default" err_has "no header row"
succeeds "--sheet NAME" hak-school import --db s.db two.xlsx --sheet 학교 --dry-run
ok "--sheet NAME: read" out_is "4 new, 0 already present, 0 rejected (dry run, nothing written)"
succeeds "--sheet N" hak-school import --db s.db two.xlsx --sheet 2
ok "--sheet N: read" out_is "4 new, 0 already present, 0 rejected"
fails "an unknown sheet" 65 "two.xlsx: no sheet '3'" hak-school import --db s.db two.xlsx --sheet 3
ok "the sheets are listed" err_has "the sheets: '안내', '학교'"
fails "--sheet with a CSV file" 2 "" hak-school import --db s.db schools.csv --sheet 1
ok "--sheet with CSV: said" err_has "not a workbook"

# Errors name the sheet and the cell of the column.
cat >bad.csv <<'CSV'
code,name,level
7010009,좋은학교,elementary
7010010,나쁜학교,castle
CSV
$GEN excel bad.csv bad.xlsx --sheet 명단
hak init --db bad.db 2>/dev/null
fails "a bad row in a workbook" 65 "" hak-school import --db bad.db bad.xlsx
ok "FILE:SHEET!CELL: COLUMN: message" err_has "^bad.xlsx:명단!C3: level: "
run hak-school import --db bad.db bad.xlsx --skip-invalid --rejects rej.csv
ok "--skip-invalid: the good row" out_is "1 new, 0 already present, 1 rejected"
ok "--rejects: the bad row with its row number" grep -q '^7010010,나쁜학교,castle,3,' rej.csv
fails "the same CSV: FILE:ROW" 65 "" hak-school import --db bad.db bad.csv
ok "CSV keeps FILE:ROW: COLUMN" err_has "^bad.csv:3: level: "

# Requests: the export's times as the date and time cells of a workbook.
export HAK_CONFIG=$DATA/requests/config.yaml
hak init --db r.db 2>/dev/null
hak-school import --db r.db "$DATA"/schools/schools.csv >/dev/null
at() { _t=$1; shift; HAK_NOW=$_t "$@" --db r.db >/dev/null; }
at 2026-11-02T09:00:00 hak-request new --school 7010001 --category facility-repair --title "Roof, east wing" -m "leaks" --channel web --external-id WEB-1
at 2026-11-02T10:00:00 hak-request assign 1 --to kim.minji
at 2026-11-02T11:00:00 hak-request start 1
at 2026-11-03T11:00:00 hak-request resolve 1 -m "patched"
at 2026-11-20T10:00:00 hak-request new --school A1 --category curriculum --title Plan --priority high
at 2026-11-21T10:00:00 hak-request new --school A2 --category admin-task --title Form --external-id WEB-2
hak-request export --db r.db >r.csv
# the twin: times without their offset (the configured zone's)
sed 's/\([0-9]\{4\}-[0-9][0-9]-[0-9][0-9]\)T\([0-9:]\{8\}\)+09:00/\1 \2/g' r.csv >rt.csv
cols=$(head -n 1 r.csv | tr ',' '\n' | grep -E '_at$|_on$' | tr '\n' ',')
for shape in csv excel google; do
	f=rt.csv
	if [ $shape != csv ]; then
		$GEN $shape rt.csv rt-$shape.xlsx --dates "$cols"
		f=rt-$shape.xlsx
	fi
	hak init --db r-$shape.db 2>/dev/null
	hak-school import --db r-$shape.db "$DATA"/schools/schools.csv >/dev/null
	run hak-request import --db r-$shape.db $f
	ok "requests $shape: imported" out_is "3 new, 0 already present, 0 rejected"
	hak-request export --db r-$shape.db >r-$shape.out
	ok "requests $shape: the records exported" same r.csv r-$shape.out
done
unset HAK_CONFIG

# Survey responses: Google Forms and Naver Form downloads.
cp "$DATA"/survey/support.yaml "$DATA"/survey/schools.csv .
Q1='1. 전반적인 지원 서비스에 만족하십니까?'
Q2='2. 행정업무 부담이 줄었습니까?'
Q3='3. 교육활동 시간을 더 확보하였습니까?'
Q4='4. 업무 부담이 크다'
cat >answers.csv <<CSV
타임스탬프,학교명,직위,$Q1,$Q2,$Q3,$Q4,기타 의견,이름
2026-11-20 15:41:07,한빛초등학교,교사,5,예,아니오,5,좋아요,김민지
2026-11-20 16:00:00,새솔중학교,교장,3,아니요,예,,,박서준
2026-11-21 09:05:00,7010003,교사,해당 없음,예,예,2,"연락은 010-1234-5678, 또는 kim@school.kr",이도윤
CSV
{ echo '학교지원 만족도 조사 2026,,,,,,,,'; cat answers.csv; } >titled.csv
fresh() {
	hak init --db "$1" 2>/dev/null
	hak-school import --db "$1" schools.csv >/dev/null
	hak-survey define --db "$1" support.yaml
}
answers() {
	hak-survey responses --db "$1" support-2026 | cut -d, -f1,5- >"$2"
}
fresh sv-csv.db
succeeds "survey: the CSV twin (title row) imports" hak-survey import --db sv-csv.db support-2026 titled.csv --header-row 2
answers sv-csv.db sv-csv.out
for shape in excel google naver excel1904; do
	title= hr=
	if [ "$shape" = naver ]; then
		title="--title 학교지원만족도조사"
		hr="--header-row 2"
	fi
	# shellcheck disable=SC2086
	$GEN $shape answers.csv sv-$shape.xlsx --dates 타임스탬프 --numbers "$Q1,$Q4" $title
	fresh sv-$shape.db
	# shellcheck disable=SC2086
	run hak-survey import --db sv-$shape.db support-2026 sv-$shape.xlsx $hr
	ok "survey $shape: imported" out_is "3 new, 0 already present, 0 rejected"
	answers sv-$shape.db sv-$shape.out
	ok "survey $shape: the same answers as the CSV twin" same sv-csv.out sv-$shape.out
done
ok "the date and time cell read as the time" grep -q '^support-2026,2026-11-20T15:41:07+09:00,7010001,teacher,overall,5$' sv-csv.out
run hak-survey import --db sv-naver.db support-2026 sv-naver.xlsx --header-row 2
ok "survey: the same workbook again adds nothing" out_is "0 new, 3 already present, 0 rejected"

# --header-row counts the sheet's rows, empty ones too; --sheet on
# hak-survey import; a bad answer named by its cell.
$GEN naver answers.csv gap.xlsx --title 제목 --gap 2 --before 안내 --sheet 응답
fresh sv-gap.db
run hak-survey import --db sv-gap.db support-2026 gap.xlsx --sheet 응답 --header-row 4
ok "survey: the header on row 4 (a title, two empty rows)" out_is "3 new, 0 already present, 0 rejected"
answers sv-gap.db sv-gap.out
ok "survey: the same answers" same sv-csv.out sv-gap.out
run sqlite3 sv-gap.db "SELECT min(row), max(row) FROM survey_responses"
ok "the responses keep the sheet's rows (5 to 7)" out_is "5|7"
sed 's/^\(2026-11-20 16:00:00,새솔중학교,교장\),3,/\1,아주 좋음,/' answers.csv >badans.csv
$GEN naver badans.csv badans.xlsx --title 제목 --gap 2
fresh sv-bad.db
fails "survey: a bad answer in a workbook" 65 "" hak-survey import --db sv-bad.db support-2026 badans.xlsx --header-row 4
ok "survey: the error names the sheet and the cell (D6)" err_has "^badans.xlsx:Sheet1!D6: overall: "
done_testing
