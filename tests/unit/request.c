/* SPDX-License-Identifier: MIT */
/* Unit tests of support requests (SPEC 5.2): enumerations, the state
 * machine, and the query plan of every list filter (each served by an
 * index, read from SQLite's EXPLAIN QUERY PLAN). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "hak/config.h"
#include "hak/db.h"
#include "hak/request.h"
#include "tap.h"

static char dir[] = "/tmp/hak-unit-request.XXXXXX";

/* The plan of f, and whether it searches requests by the index named. */
static int
uses_index(struct hak_db *db, const struct hak_request_filter *f,
	const char *index, const char *name)
{
	struct hak_buf plan = HAK_BUF_INIT;
	char want[128];
	int rc, hit;

	snprintf(want, sizeof(want), "SEARCH r USING INDEX %s", index);
	rc = hak_request_plan(db, f, &plan, NULL);
	hit = rc == HAK_OK && strstr(plan.buf, want) != NULL &&
		!strstr(plan.buf, "SCAN r");
	if (!ok(hit, name))
		printf("#   plan: %s", plan.buf);
	hak_buf_release(&plan);
	return hit;
}

static const char *
code(int (*parse)(const char *, const char **, struct hak_err *),
	const char *s)
{
	const char *c = NULL;

	if (parse(s, &c, NULL))
		return "ERR";
	return c;
}

int
main(void)
{
	static const char *const st[] = { "new", "assigned" };
	struct hak_request_filter f;
	struct hak_config cfg;
	struct hak_db *db = NULL;
	struct hak_buf b = HAK_BUF_INIT;
	char path[256];
	bool created;
	int from;

	/* Enumerations and labels. */
	is_str(code(hak_request_status_parse, "처리중"), "in_progress", "status label 처리중");
	is_str(code(hak_request_status_parse, "취하"), "withdrawn", "status label 취하");
	is_str(code(hak_request_status_parse, "CLOSED"), "closed", "status code, any case");
	is_str(code(hak_request_status_parse, "done"), "ERR", "unknown status");
	is_str(code(hak_request_channel_parse, "공문"), "document", "channel label 공문");
	is_str(code(hak_request_channel_parse, "이메일"), "email", "channel label 이메일");
	is_str(code(hak_request_channel_parse, "fax"), "ERR", "unknown channel");
	is_str(code(hak_request_priority_parse, "긴급"), "urgent", "priority label 긴급");
	is_str(code(hak_request_priority_parse, "High"), "high", "priority code, any case");
	ok(hak_request_status_open("waiting"), "waiting is open");
	ok(!hak_request_status_open("resolved"), "resolved is not open");

	/* The state machine. */
	ok(hak_request_allowed(HAK_RQ_START, "waiting"), "start from waiting");
	ok(!hak_request_allowed(HAK_RQ_START, "new"), "no start from new");
	ok(hak_request_allowed(HAK_RQ_RESOLVE, "assigned"), "resolve from assigned");
	ok(!hak_request_allowed(HAK_RQ_RESOLVE, "waiting"), "no resolve from waiting");
	ok(hak_request_allowed(HAK_RQ_NOTE, "withdrawn"), "note in any state");
	ok(!hak_request_allowed(HAK_RQ_REDACT, "resolved"), "no redact of a resolved request");
	hak_request_allowed_list("closed", &b);
	is_str(b.buf, "reopen, rate, note, redact", "commands allowed when closed");
	hak_buf_reset(&b);
	hak_request_allowed_list("waiting", &b);
	is_str(b.buf, "assign, start, reject, withdraw, note, set", "commands allowed when waiting");
	hak_buf_release(&b);

	/* Query plans: every filter but text search uses an index. */
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/h.db", dir);
	hak_config_default(&cfg);
	if (hak_db_init(path, NULL, &cfg, &db, &created, &from, NULL)) {
		ok(0, "hak_db_init");
		return done_testing();
	}
	hak_config_release(&cfg);
	memset(&f, 0, sizeof(f));
	f.status = st;
	f.nstatus = 2;
	uses_index(db, &f, "requests_status", "--status: requests_status");
	memset(&f, 0, sizeof(f));
	f.open = true;
	uses_index(db, &f, "requests_status", "--open: requests_status");
	memset(&f, 0, sizeof(f));
	f.overdue = true;
	uses_index(db, &f, "requests_", "--overdue: an index on requests");
	memset(&f, 0, sizeof(f));
	f.dept = "FAC";
	uses_index(db, &f, "requests_department", "--dept: requests_department");
	memset(&f, 0, sizeof(f));
	f.school = "7010001";
	uses_index(db, &f, "requests_school", "--school: requests_school");
	memset(&f, 0, sizeof(f));
	f.category = "curriculum";
	uses_index(db, &f, "requests_category", "--category: requests_category");
	memset(&f, 0, sizeof(f));
	f.assignee = "kim.minji";
	uses_index(db, &f, "requests_assignee", "--assignee: requests_assignee");
	memset(&f, 0, sizeof(f));
	f.project = "EDU-2026-01";
	uses_index(db, &f, "requests_project", "--project: requests_project");
	memset(&f, 0, sizeof(f));
	f.has_period = true;
	hak_period_parse("2026-11", hak_db_now(db), (struct hak_sy){ 3, 1 },
		&f.period, NULL);
	uses_index(db, &f, "requests_received", "--period: requests_received");
	f.datefield = HAK_RQ_DATE_RESOLVED;
	uses_index(db, &f, "requests_resolved", "--date-field resolved: requests_resolved");
	f.datefield = HAK_RQ_DATE_CLOSED;
	uses_index(db, &f, "requests_closed", "--date-field closed: requests_closed");
	f.datefield = HAK_RQ_DATE_DUE;
	uses_index(db, &f, "requests_due", "--date-field due: requests_due");
	hak_period_range("2026-11-02", NULL, hak_db_now(db), (struct hak_sy){ 3, 1 },
		&f.period, NULL);
	f.datefield = HAK_RQ_DATE_RECEIVED;
	uses_index(db, &f, "requests_received", "--since: requests_received");
	f.sort = "-priority,title";
	uses_index(db, &f, "requests_received", "--since with --sort: still the index");
	ok(hak_request_sort_check("-received_at,school_name", NULL) == HAK_OK, "sort: list columns");
	ok(hak_request_sort_check("body", NULL) == HAK_EUSAGE, "sort: body is not a list column");
	ok(hak_request_sort_check("id;DROP", NULL) == HAK_EUSAGE, "sort: no SQL gets through");
	hak_db_close(db);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		printf("# could not remove %s\n", dir);
	return done_testing();
}
