#!/bin/sh
# hak-request QA audit: import is idempotent for rows that have neither
# external_id nor received_at (SPEC 2.10: importing the same data again
# changes nothing), and keeps two different titles apart.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db HAK_CONFIG=$DATA/requests/config.yaml
hak init 2>/dev/null
hak-school import "$DATA"/schools/schools.csv >/dev/null
printf 'school,category,title\n7010001,facility-repair,Leak\n7010002,curriculum,Books\n' >n.csv
succeeds "import rows without external_id or received_at" env HAK_NOW=2026-12-01T10:00:00 hak-request import n.csv
ok "two new" out_is "2 new, 0 already present, 0 rejected"
succeeds "the same file the next day" env HAK_NOW=2026-12-02T10:00:00 hak-request import n.csv
ok "nothing added: 2 already present" out_is "0 new, 2 already present, 0 rejected"
succeeds "export" hak-request export --no-header
ok "still two requests, received at the first import" [ "$(wc -l <"$T/out" | tr -d ' '),$(cut -d, -f3 "$T/out" | sort -u)" = "2,2026-12-01T10:00:00+09:00" ]
printf 'school,category,title\n7010001,facility-repair,Leak again\n' >m.csv
succeeds "another title" env HAK_NOW=2026-12-02T10:00:00 hak-request import m.csv
ok "a different title is a new request" out_is "1 new, 0 already present, 0 rejected"
succeeds "hak check" hak check
done_testing
