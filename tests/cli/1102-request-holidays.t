#!/bin/sh
# SPEC 2.2: editing holidays never changes a stored due_on; new requests
# follow the new calendar once `hak init` has synced it.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=$T/h.db HAK_CONFIG=$DATA/requests/config.yaml
hak init 2>/dev/null
hak-school import "$DATA"/schools/schools.csv >/dev/null
due() { sqlite3 h.db "SELECT due_on FROM requests WHERE id = $1"; }

# facility-repair has sla_days 2.  Received Mon 2026-11-30: Tue 12-01 is
# a holiday, so the 2nd business day after is Thu 12-03.
succeeds "new before the edit" env HAK_NOW=2026-11-30T10:00:00 hak-request new --school 7010001 --category facility-repair --title Roof
ok "due over the holiday: 2026-12-03" [ "$(due 1)" = 2026-12-03 ]

# The office drops 12-01 from its holidays.
sed 's/holidays: \[2026-12-01, /holidays: [/' "$DATA/requests/config.yaml" >later.yaml
ok "the edited config has no 12-01" sh -c "! grep -q '^holidays:.*2026-12-01' later.yaml"
export HAK_CONFIG=$T/later.yaml
succeeds "hak init syncs the new holidays" hak init
ok "the stored due_on is unchanged" [ "$(due 1)" = 2026-12-03 ]
succeeds "new after the edit" env HAK_NOW=2026-11-30T10:00:00 hak-request new --school 7010001 --category facility-repair --title Door
ok "a new request follows the new calendar: 2026-12-02" [ "$(due 2)" = 2026-12-02 ]
succeeds "hak check after the edit" hak check
done_testing
