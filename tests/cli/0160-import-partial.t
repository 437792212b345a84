#!/bin/sh
# Imports of some of the columns (SPEC 2.10, 4): existing records get just
# those updated, new ones still need their required columns; --dry-run
# --print lists the changes as key,column,old,new on every importer.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db HAK_CONFIG=$DATA/requests/config.yaml
run hak init
ok "hak init" err_only 0 "^hak: created "
printf 'code,name,level,district,students,opened\nP1,가나초등학교,elementary,한솔동,100,2001-03-02\nP2,다라중학교,middle,,,\n' >base.csv
succeeds "the schools" hak-school import base.csv --year 2025
ok "summary" out_is "2 new, 0 already present, 0 rejected"

# The figures of a year: code,students,teachers,classes only.
printf 'code,students,teachers,classes\nP1,120,10,6\nP2,300,25,12\n' >fig.csv
succeeds "a year's figures" hak-school import fig.csv --year 2026
ok "both updated" out_is "0 new, 2 updated, 0 already present, 0 rejected"
succeeds "export 2026" hak-school export --no-header --year 2026
ok "2026: the figures, the rest kept" \
	out_has '^P1,가나초등학교,,,elementary,한솔동,open,,120,10,6,2001-03-02$'
ok "2026: the other school" out_has '^P2,다라중학교,,,middle,,open,,300,25,12,$'
succeeds "export 2025" hak-school export --no-header --year 2025
ok "2025: unchanged" out_has '^P1,가나초등학교,,,elementary,한솔동,open,,100,,,2001-03-02$'
succeeds "the same figures again" hak-school import fig.csv --year 2026
ok "already present" out_is "0 new, 2 already present, 0 rejected"

# One column of an existing school.
printf 'code,district\nP2,조치원읍\n' >dist.csv
succeeds "just the district" hak-school import dist.csv --year 2026
succeeds "show" hak-school export --no-header --year 2026
ok "district set, the rest kept" out_has '^P2,다라중학교,,,middle,조치원읍,open,,300,25,12,$'

# A new school without its required columns: a row error naming them.
printf 'code,students\nP1,130\nP9,50\n' >new.csv
fails "a new school without name and level" 65 \
	"^new.csv:3: name, level: missing (a new school needs its name and level)$" \
	hak-school import new.csv
run sqlite3 h.db "SELECT count(*) FROM schools WHERE code = 'P9'"
ok "nothing written" out_is 0

# --dry-run --print: key,column,old,new on stdout, the summary on stderr.
printf 'code,name,level,students\nP1,가나초등학교,초등학교,140\nP3,"마바고, 분교",high,7\n' >chg.csv
expect "schools: --dry-run --print" 0 hak-school import chg.csv --year 2026 \
	--dry-run --print
ok "the changes, a row per column a new school sets" out_is "$(printf '%s\n' \
	'key,column,old,new' 'P1,students,120,140' 'P3,name,,"마바고, 분교"' \
	'P3,level,,high' 'P3,status,,open' 'P3,students,,7')"
ok "the summary on stderr" \
	err_has '^1 new, 1 updated, 0 already present, 0 rejected (dry run, nothing written)$'
succeeds "nothing written" hak-school export --no-header --year 2026
ok "P1 as it was" out_has '^P1,가나초등학교,,,elementary,한솔동,open,,120,10,6,2001-03-02$'
expect "nothing to change: the header alone" 0 hak-school import fig.csv \
	--year 2026 --dry-run --print
ok "no changes" out_is "key,column,old,new"

# Projects: partial columns and --print.
printf 'code,name,department\nQ-1,한 사업,EDU\n' >pj.csv
succeeds "a project" hak-project import pj.csv
printf 'code,budget\nQ-1,"5,000원"\nQ-2,1\n' >pjb.csv
fails "a new project without name and department" 65 \
	"^pjb.csv:3: name, department: missing (a new project needs its name and department)$" \
	hak-project import pjb.csv
printf 'code,budget\nQ-1,"5,000원"\n' >pjb.csv
expect "projects: --dry-run --print" 0 hak-project import pjb.csv --dry-run \
	--print
ok "the change" out_is "$(printf '%s\n' 'key,column,old,new' 'Q-1,budget,,5000')"
ok "summary on stderr" err_has "^0 new, 1 updated"
succeeds "projects: just the budget" hak-project import pjb.csv
succeeds "export" hak-project export --no-header
ok "budget set, the rest kept" out_has '^Q-1,한 사업,EDU,.*,5000,$'

# Requests: by external_id, any subset of the columns (with --update).
printf 'external_id,school,category,title\nR-1,P1,curriculum,Plan\n' >rq.csv
succeeds "a request" hak-request import rq.csv
printf 'external_id,priority\nR-1,high\n' >rqp.csv
expect "requests: --dry-run --print" 0 hak-request import rqp.csv --update \
	--dry-run --print
ok "the change" out_is "$(printf '%s\n' 'key,column,old,new' 'R-1,priority,normal,high')"
succeeds "requests: just the priority" hak-request import rqp.csv --update
ok "updated" out_is "0 new, 1 updated, 0 already present, 0 rejected"
printf 'external_id,priority\nR-2,high\n' >rqn.csv
fails "a new request without school" 65 "^rqn.csv:2: school: missing" \
	hak-request import rqn.csv
done_testing
