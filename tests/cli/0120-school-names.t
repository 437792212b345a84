#!/bin/sh
# A school given by name (SPEC 4): several matches exit 65 and list the
# candidates one a line (code, name, level, district) under the message;
# no match exits 1 and lists the nearest names, at most five.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db

run hak init
cat >s.csv <<'CSV'
code,name,aliases,level,district
B000024306,서울한빛초등학교,한빛,elementary,종로구
B000004848,한빛중학교,한빛,middle,중구
B000011111,한빛고등학교,,high,
B000022222,새솔초등학교,,elementary,마포구
B000033333,중앙초등학교,,elementary,중구
B000044444,미래유치원,,kindergarten,강남구
CSV
succeeds "import" hak-school import s.csv

# Several: the first line is the message, then one line per candidate.
fails "ambiguous alias" 65 "" hak-school show 한빛
ok "ambiguous: nothing on stdout" out_empty
ok "ambiguous: message and candidates" [ "$(cat "$T/err")" = "hak-school: '한빛' matches several schools:
  B000004848  한빛중학교        middle      중구
  B000024306  서울한빛초등학교  elementary  종로구" ]

# One match wins over the nearest ones.
succeeds "exact name" hak-school show 한빛고 -f csv --no-header
ok "한빛고 is B000011111" out_has "^B000011111,"
ok "exact name: no message" err_empty

# None: exit 1, the nearest names (holding the text first, then few edits).
fails "no match" 1 "" hak-school show 한빛초
ok "no match: nothing on stdout" out_empty
ok "no match: message and nearest" [ "$(cat "$T/err")" = "hak-school: no school matches '한빛초'; the nearest:
  B000004848  한빛중학교        middle      중구
  B000024306  서울한빛초등학교  elementary  종로구" ]
fails "a near name, one edit off" 1 "" hak-school show 새술초등학교
ok "one edit: named" [ "$(cat "$T/err")" = "hak-school: no school matches '새술초등학교'; the nearest:
  B000022222  새솔초등학교  elementary  마포구" ]
fails "nothing near" 1 "" hak-school show 없는학교
ok "nothing near: the message alone" [ "$(cat "$T/err")" = "hak-school: no school matches '없는학교'" ]
fails "a code one digit short" 1 "" hak-school show B00002430
ok "code: the nearest code" err_has "^  B000024306  서울한빛초등학교"

# At most five nearest names.
i=0
{
	echo "code,name,level"
	while [ $i -lt 8 ]; do
		echo "C$i,가나다라$i,other"
		i=$((i + 1))
	done
} >many.csv
succeeds "import 8 alike" hak-school import many.csv
fails "many near" 1 "" hak-school show 가나다라
ok "many near: five listed" [ "$(grep -c '^  C' "$T/err")" -eq 5 ]
ok "many near: first line" [ "$(head -n 1 "$T/err")" = "hak-school: no school matches '가나다라'; the nearest:" ]

# Every program that takes a school says the same (the library builds it).
fails "set: ambiguous" 65 "" hak-school set 한빛 --students 1
ok "set: candidates listed" err_has "^  B000004848  한빛중학교"
fails "set --keep-going: ambiguous" 65 "" hak-school set 한빛 새솔초등학교 --students 1 --keep-going
ok "keep-going: message and candidates" err_has "^  B000024306  서울한빛초등학교"

done_testing
