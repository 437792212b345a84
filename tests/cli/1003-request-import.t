#!/bin/sh
# hak-request import and export (SPEC 2.7, 2.10, 5.2): the round trip
# into a fresh database, idempotence by external_id (and by content
# without one), "changed, not updated", --update, labels, row errors.
. "$HAK_TOP/tests/lib.sh"
export HAK_CONFIG=$DATA/requests/config.yaml HAK_DB=$T/a.db
hak init 2>/dev/null
hak-school import "$DATA"/schools/schools.csv >/dev/null
at() { _t=$1; shift; HAK_NOW=$_t "$@" >/dev/null; }
at 2026-11-02T09:00:00 hak-request new --school 7010001 --category facility-repair --title "Roof, east wing" -m "$(printf 'Water "everywhere"\nsecond line')" --requester "김교사" --channel web --external-id WEB-1
at 2026-11-02T10:00:00 hak-request assign 1 --to kim.minji
at 2026-11-02T11:00:00 hak-request start 1
at 2026-11-03T11:00:00 hak-request resolve 1 -m "patched"
at 2026-11-04T11:00:00 hak-request close 1
at 2026-11-05T11:00:00 hak-request rate 1 --rating 5
at 2026-11-20T10:00:00 hak-request new --school A1 --category curriculum --title Plan --priority high
at 2026-11-20T10:30:00 hak-request note 2 -m "called back"
at 2026-11-21T10:00:00 hak-request new --school A2 --category admin-task --title Form --external-id WEB-2
at 2026-11-21T11:00:00 hak-request reject 3 -m "not ours"
at 2026-11-23T10:00:00 hak-request new --school 7010002 --category it-equipment --title PC --priority low
at 2026-11-23T11:00:00 hak-request assign 4 --to lee.junho
at 2026-11-23T12:00:00 hak-request start 4
at 2026-11-24T12:00:00 hak-request wait 4
hak-request export >a.csv

# A fresh database with the same references.
export HAK_DB=$T/b.db
hak init 2>/dev/null
hak-school import "$DATA"/schools/schools.csv >/dev/null
succeeds "import into a fresh database" hak-request import a.csv
ok "summary" out_is "4 new, 0 already present, 0 rejected"
hak-request export >b.csv
ok "export, import, export: identical" same a.csv b.csv
succeeds "import again" hak-request import a.csv
ok "again: nothing added" out_is "0 new, 4 already present, 0 rejected"
hak-request export >c.csv
ok "again: export unchanged" same a.csv c.csv
succeeds "history: import writes a create event with the record" hak-request history 1 --no-header
ok "one create event holding the imported status" out_has "^1,1,[^,]*,tester,create,status,,closed,"
ok "the create record holds no personal text" eval '! out_has patched'
succeeds "hak check on the imported database" hak check
succeeds "--update on identical data" hak-request import --update a.csv
ok "--update: still nothing" out_is "0 new, 4 already present, 0 rejected"

# A changed row is left as it is unless --update.
sed 's/,Form,/,Form 2,/' a.csv >changed.csv
succeeds "import a changed row" hak-request import changed.csv
ok "changed, not updated" out_is "0 new, 1 changed, not updated, 3 already present, 0 rejected"
ok "not updated: export unchanged" eval 'hak-request export | cmp -s - a.csv'
succeeds "import --update" hak-request import --update changed.csv
ok "--update: updated" out_is "0 new, 1 updated, 3 already present, 0 rejected"
succeeds "updated title" hak-request list --no-header --status rejected
ok "the title changed" out_has ",Form 2,"
succeeds "history of an update" hak-request history 3 --no-header
ok "an import event per changed field" out_has "^3,[0-9]*,[^,]*,tester,import,title,Form,Form 2,$"
succeeds "check after the update" hak check

# Rows without external_id are matched by received_at, school, category
# and title.
printf 'school,category,title,received_at,status,priority,channel\n한빛초,admin-task,Copier,2026.11.25 오후 2:30,처리중,높음,전화\n' >labels.csv
succeeds "import with labels and a Korean time" hak-request import labels.csv
ok "labels: 1 new" out_is "1 new, 0 already present, 0 rejected"
succeeds "labels stored as codes" hak-request list --no-header --status in_progress
ok "labels: codes, time, school, due (high: 3 days)" out_is "5,,2026-11-25T14:30:00+09:00,7010001,한빛초등학교,admin-task,ADM,high,phone,in_progress,,,Copier,2026-11-30,,,,"
succeeds "the same row again" hak-request import labels.csv
ok "matched by content" out_is "0 new, 1 already present, 0 rejected"

# Row errors: nothing written, FILE:ROW: COLUMN: message.
printf 'school,category,title,priority,rating\nA1,admin-task,ok,low,\n없는학교,admin-task,x,low,\nA1,nope,x,low,\nA1,admin-task,x,asap,\nA1,admin-task,x,low,9\nA1,admin-task,,low,\n' >bad.csv
fails "bad rows" 65 "" hak-request import bad.csv
ok "unknown school" err_has "^bad.csv:3: school: no school matches '없는학교'$"
ok "unknown category" err_has "^bad.csv:4: category: unknown category 'nope'$"
ok "bad priority" err_has "^bad.csv:5: priority: unknown priority 'asap'"
ok "bad rating" err_has "^bad.csv:6: rating: rating 9 is not 1 to 5$"
ok "missing title" err_has "^bad.csv:7: title: missing$"
ok "nothing written" [ "$(hak-request list --no-header | wc -l)" -eq 5 ]
expect "--skip-invalid" 0 hak-request import --skip-invalid bad.csv
ok "--skip-invalid: the valid row" out_is "1 new, 0 already present, 5 rejected"
ok "--skip-invalid: rejected rows on stderr" [ "$(grep -c "^bad.csv:[3-7]: " "$T/err")" -eq 5 ]
printf 'school,title\nA1,x\n' >nocat.csv
fails "a missing required column" 65 "" hak-request import nocat.csv
ok "names the column" err_has "nocat.csv:1: missing column 'category'"
succeeds "--dry-run" hak-request import --dry-run labels.csv
fails "missing file" 66 "" hak-request import none.csv
fails "import without FILE" 2 "" hak-request import
# The same external_id twice in one file: the later row is an error.
printf 'external_id,school,category,title\nX-9,7010001,curriculum,One\nX-9,7010001,curriculum,Two\n' >dup.csv
fails "an external_id twice in one file" 65 "" hak-request import dup.csv
ok "names the earlier row" err_has "^dup.csv:3: external_id: 'X-9' is also on row 2"
run sqlite3 "$HAK_DB" "SELECT count(*) FROM requests WHERE external_id = 'X-9'"
ok "nothing written" out_is 0
# A row the commands could not have made is refused.
cat >odd.csv <<'EOF'
school,category,title,status,received_at,resolved_at,closed_at,rating
7010001,curriculum,Reopened after a rating,in_progress,2026-11-02T09:00:00+09:00,,,4
7010001,curriculum,Open but resolved,in_progress,2026-11-02T09:00:00+09:00,2026-11-03T09:00:00+09:00,,
7010001,curriculum,Resolved and closed_at,resolved,2026-11-02T09:00:00+09:00,2026-11-03T09:00:00+09:00,2026-11-04T09:00:00+09:00,
7010001,curriculum,Resolved before received,closed,2026-11-02T09:00:00+09:00,2026-11-01T09:00:00+09:00,2026-11-04T09:00:00+09:00,
7010001,curriculum,Closed before resolved,closed,2026-11-02T09:00:00+09:00,2026-11-05T09:00:00+09:00,2026-11-04T09:00:00+09:00,
7010001,curriculum,Fine,closed,2026-11-02T09:00:00+09:00,2026-11-03T09:00:00+09:00,2026-11-04T09:00:00+09:00,5
EOF
fails "inconsistent rows" 65 "" hak-request import odd.csv
ok "a rating stays on a reopened request" sh -c "! grep -q '^odd.csv:2:' '$T/err'"
ok "resolved_at while open" err_has "^odd.csv:3: resolved_at: a request in status 'in_progress' has no resolved_at$"
ok "closed_at while resolved" err_has "^odd.csv:4: closed_at: "
ok "resolved before received" err_has "^odd.csv:5: resolved_at: 2026-11-01T09:00:00+09:00 is before received_at"
ok "closed before resolved" err_has "^odd.csv:6: closed_at: 2026-11-04T09:00:00+09:00 is before resolved_at"
ok "the consistent row is not reported" sh -c "! grep -q '^odd.csv:7:' '$T/err'"
# A row longer than the header (SPEC 2.9): an error unless the extra
# cells are empty, as a spreadsheet's trailing ones are.
printf 'external_id,school,category,title\nL-1,7010001,curriculum,One,,\nL-2,7010001,curriculum,Two,,oops\n' >long.csv
fails "a row longer than the header" 65 "" hak-request import long.csv
ok "names the row and the column" err_has "^long.csv:3: column 6: 'oops' is past the header's last column (4)$"
ok "trailing empty cells are fine" sh -c "! grep -q '^long.csv:2:' '$T/err'"
expect "--skip-invalid imports the rest" 0 hak-request import --skip-invalid long.csv
ok "one new, one rejected" out_is "1 new, 0 already present, 1 rejected"
ok "the long row named on stderr" streams 0 rejected "^long.csv:3: column 6: "
done_testing
