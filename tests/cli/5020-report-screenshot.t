#!/bin/sh
# The HTML report as people see it: rendered by headless Chromium to a
# PNG that is not blank (tests/screenshot; `make screenshot` keeps it).
. "$HAK_TOP/tests/lib.sh"
run sh "$HAK_TOP/tests/screenshot" "$HAK_BIN" "$T/report.png"
if [ "$rc" -eq 77 ]; then
	skip "the weekly report renders to a PNG that is not blank" "$(cat "$T/err")"
else
	ok "the weekly report renders to a PNG that is not blank" [ "$rc" -eq 0 ] && out_has 'distinct colours'
fi
done_testing
