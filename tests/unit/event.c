/* SPDX-License-Identifier: MIT */
/* Unit tests of lib/event.c: seq numbering, the hash chain, append-only. */
#include <sha2.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db_int.h"
#include "hak/config.h"
#include "hak/db.h"
#include "hak/event.h"
#include "tap.h"

static char tmpdir[] = "/tmp/hak-event-XXXXXX";

static long
db_int(struct hak_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long v = -1;

	if (hak_db_prepare(db, sql, &st, NULL))
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *
db_str(struct hak_db *db, const char *sql)
{
	sqlite3_stmt *st;
	char *v = NULL;

	if (hak_db_prepare(db, sql, &st, NULL))
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = hak_db_col_dup(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int
raw_exec(const char *path, const char *sql)
{
	sqlite3 *h;
	int rc;

	rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc;
}

static int
add(struct hak_db *db, const char *entity, const char *key,
	const char *action, const char *field, const char *old,
	const char *new, const char *note)
{
	struct hak_event ev = { entity, key, action, field, old, new, note };

	return hak_event_add(db, &ev, NULL);
}

/* The chain's documented format, written out independently. */
static void
field(struct hak_buf *b, const char *s)
{
	if (s)
		hak_buf_addf(b, "%zu:%s,", strlen(s), s);
	else
		hak_buf_adds(b, "~,");
}

static void
test_sha(void)
{
	char h[65];

	hak_sha256_hex("abc", 3, h);
	is_str(h, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad", "sha256 of abc");
	hak_sha256_hex("", 0, h);
	is_str(h, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855", "sha256 of nothing");
}

static void
test_events(void)
{
	struct hak_config cfg;
	struct hak_db *db = NULL;
	struct hak_buf b = HAK_BUF_INIT;
	struct hak_err err;
	char *p = hak_xasprintf("%s/e.db", tmpdir), *s, *prev;
	char want[65];
	long count = -1, bad = -1;
	int rc;

	hak_config_default(&cfg);
	rc = hak_db_init(p, NULL, &cfg, &db, NULL, NULL, &err);
	is_int(rc, HAK_OK, "init");
	if (rc) {
		printf("# %s\n", err.msg);
		return;
	}
	/* Event 1 is the config sync. */
	s = db_str(db, "SELECT hash FROM events WHERE id = 1");
	ok(s && strlen(s) == 64, "config event has a 64-digit hash");
	free(s);

	rc = add(db, "request", "1", "create", NULL, NULL, NULL, NULL);
	is_int(rc, HAK_EBUG, "event outside a transaction refused");
	is_int(db_int(db, "SELECT count(*) FROM events"), 1,
	    "... and not written");

	hak_db_begin(db, &err);
	is_int(add(db, "request", "1", "create", NULL, NULL, "abc", NULL),
	    HAK_OK, "add request 1 create");
	is_int(add(db, "request", "1", "state", "state", "new", "open",
	    NULL), HAK_OK, "add request 1 state");
	is_int(add(db, "request", "2", "create", NULL, NULL, NULL, ""),
	    HAK_OK, "add request 2 create");
	is_int(add(db, "school", "1", "create", NULL, NULL, NULL, NULL),
	    HAK_OK, "add school 1 create");
	is_int(add(db, "request", "1", "update", "priority", "low", "high",
	    NULL), HAK_OK, "add request 1 update");
	hak_db_commit(db, &err);

	is_int(db_int(db, "SELECT seq FROM events WHERE id = 2"), 1,
	    "request 1: seq 1");
	is_int(db_int(db, "SELECT seq FROM events WHERE id = 3"), 2,
	    "request 1: seq 2");
	is_int(db_int(db, "SELECT seq FROM events WHERE id = 4"), 1,
	    "request 2: seq 1");
	is_int(db_int(db, "SELECT seq FROM events WHERE id = 5"), 1,
	    "school 1 (same key, other entity): seq 1");
	is_int(db_int(db, "SELECT seq FROM events WHERE id = 6"), 3,
	    "request 1: seq 3");
	s = db_str(db, "SELECT at FROM events WHERE id = 6");
	is_str(s, "2026-03-02T09:00:00+09:00", "at is now, with offset");
	free(s);
	s = db_str(db, "SELECT actor FROM events WHERE id = 6");
	is_str(s, "auditor", "actor is $HAK_USER");
	free(s);
	is_int(db_int(db, "SELECT note IS NULL FROM events WHERE id = 5"), 1,
	    "NULL note stored as NULL");
	is_int(db_int(db, "SELECT note = '' FROM events WHERE id = 4"), 1,
	    "empty note stored as ''");

	/* Event 3's hash, computed here from the documented format. */
	prev = db_str(db, "SELECT hash FROM events WHERE id = 2");
	hak_buf_addf(&b, "%s,", prev);
	field(&b, "request");
	field(&b, "1");
	field(&b, "2");
	field(&b, "2026-03-02T09:00:00+09:00");
	field(&b, "auditor");
	field(&b, hak_db_os_user(db));
	field(&b, "state");
	field(&b, "state");
	field(&b, "new");
	field(&b, "open");
	field(&b, NULL);
	SHA256Data((const uint8_t *)b.buf, b.len, want);
	s = db_str(db, "SELECT hash FROM events WHERE id = 3");
	is_str(s, want, "hash = SHA-256 over previous hash and fields");
	free(s);
	free(prev);
	hak_buf_release(&b);

	rc = hak_event_verify(db, &count, &bad, &err);
	is_int(rc, HAK_OK, "chain verifies");
	is_int(count, 6, "6 events checked");
	is_int(bad, 0, "no bad event");

	/* Append-only. */
	hak_err_clear(&err);
	rc = hak_db_exec(db, "UPDATE events SET note = 'x' WHERE id = 2",
	    &err);
	ok(rc != HAK_OK, "UPDATE on events refused");
	ok(strstr(err.msg, "events are append-only") != NULL,
	    "... by the trigger");
	hak_err_clear(&err);
	rc = hak_db_exec(db, "DELETE FROM events WHERE id = 6", &err);
	ok(rc != HAK_OK, "DELETE on events refused");
	ok(strstr(err.msg, "events are append-only") != NULL,
	    "... by the trigger");
	is_int(db_int(db, "SELECT count(*) FROM events"), 6,
	    "all events still there");
	hak_db_close(db);
	db = NULL;

	/* Tampering with a raw handle after dropping the trigger. */
	is_int(raw_exec(p, "DROP TRIGGER events_no_update; "
	    "UPDATE events SET new = 'closed' WHERE id = 3"), SQLITE_OK,
	    "tamper: raw update after dropping the trigger");
	rc = hak_db_open(p, 0, &db, &err);
	is_int(rc, HAK_OK, "tamper: open");
	rc = hak_event_verify(db, &count, &bad, &err);
	is_int(rc, HAK_EDATA, "tamper: verify fails with HAK_EDATA");
	is_int(bad, 3, "tamper: bad event is 3");
	is_int(count, 2, "tamper: 2 events good before it");
	is_str(err.msg, "hash chain broken at event 3", "tamper: message");
	hak_db_close(db);
	db = NULL;

	/* NULL and "" differ: turning event 5's NULL note into ''. */
	raw_exec(p, "UPDATE events SET new = 'open' WHERE id = 3; "
	    "UPDATE events SET note = '' WHERE id = 5");
	hak_db_open(p, 0, &db, &err);
	rc = hak_event_verify(db, &count, &bad, &err);
	is_int(rc, HAK_EDATA, "NULL -> '' breaks the chain");
	is_int(bad, 5, "... at event 5");
	hak_db_close(db);
	db = NULL;

	/* Restored, the chain verifies again. */
	raw_exec(p, "UPDATE events SET note = NULL WHERE id = 5");
	hak_db_open(p, 0, &db, &err);
	rc = hak_event_verify(db, &count, &bad, &err);
	is_int(rc, HAK_OK, "restored chain verifies");
	is_int(count, 6, "... all 6 events");
	hak_db_close(db);
	db = NULL;

	/* A deleted middle event breaks the link of the next one. */
	raw_exec(p, "DROP TRIGGER events_no_delete; "
	    "DELETE FROM events WHERE id = 4");
	hak_db_open(p, 0, &db, &err);
	rc = hak_event_verify(db, &count, &bad, &err);
	is_int(rc, HAK_EDATA, "deleted event breaks the chain");
	is_int(bad, 5, "... at the event after it");
	hak_db_close(db);

	hak_config_release(&cfg);
	free(p);
}

/* The writer's cache (chain head, seq per key) across transactions,
 * savepoints, another connection's writes and more keys than it keeps. */
static void
test_writer(void)
{
	struct hak_config cfg;
	struct hak_db *db = NULL, *db2 = NULL;
	struct hak_err err;
	char *p = hak_xasprintf("%s/w.db", tmpdir), key[24];
	long count = -1, bad = -1;
	int rc, i, fails = 0;

	hak_config_default(&cfg);
	rc = hak_db_init(p, NULL, &cfg, &db, NULL, NULL, &err);
	is_int(rc, HAK_OK, "writer: init");
	if (rc)
		return;
	hak_db_begin(db, &err);
	is_int(add(db, "school", "A", "create", NULL, NULL, NULL, NULL),
	    HAK_OK, "writer: A create");
	hak_db_savepoint(db, &err);
	add(db, "school", "A", "update", "name", "x", "y", NULL);
	add(db, "school", "B", "create", NULL, NULL, NULL, NULL);
	is_int(hak_db_rollback_to(db, &err), HAK_OK,
	    "writer: rollback to a savepoint");
	is_int(add(db, "school", "A", "update", "name", "x", "z", NULL),
	    HAK_OK, "writer: A update after the rollback");
	hak_db_commit(db, &err);
	is_int(db_int(db, "SELECT max(seq) FROM events WHERE key = 'A'"), 2,
	    "writer: seq after a rolled-back savepoint");
	is_int(db_int(db, "SELECT count(*) FROM events WHERE key = 'B'"), 0,
	    "writer: rolled-back event gone");

	hak_db_begin(db, &err);
	add(db, "school", "A", "update", "name", "z", "w", NULL);
	hak_db_rollback(db);

	/* Another connection writes between two of ours. */
	rc = hak_db_open(p, 0, &db2, &err);
	is_int(rc, HAK_OK, "writer: second connection");
	hak_db_begin(db2, &err);
	is_int(add(db2, "school", "A", "update", "name", "z", "v", NULL),
	    HAK_OK, "writer: A update by the other");
	hak_db_commit(db2, &err);
	hak_db_begin(db, &err);
	is_int(add(db, "school", "A", "update", "name", "v", "u", NULL),
	    HAK_OK, "writer: A update by the first again");
	hak_db_commit(db, &err);
	is_int(db_int(db, "SELECT max(seq) FROM events WHERE key = 'A'"), 4,
	    "writer: seq follows the other connection's event");

	/* More keys than the seq cache holds, each twice. */
	hak_db_begin(db, &err);
	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof(key), "k%d", i % 5000);
		if (add(db, "request", key, i < 5000 ? "create" : "update",
		    NULL, NULL, NULL, NULL))
			fails++;
	}
	hak_db_commit(db, &err);
	is_int(fails, 0, "writer: 10000 events written");
	is_int(db_int(db, "SELECT count(*) FROM events WHERE entity = "
	    "'request' AND seq = 2"), 5000, "writer: each key's second is seq 2");
	rc = hak_event_verify(db, &count, &bad, &err);
	is_int(rc, HAK_OK, "writer: chain verifies");
	is_int(bad, 0, "writer: no bad event");
	hak_db_close(db2);
	hak_db_close(db);
	hak_config_release(&cfg);
	free(p);
}

/* A history row as "field|old|new|note" lines. */
static int
hist_line(void *ctx, const char *const *c)
{
	hak_buf_addf(ctx, "%s|%s|%s|%s|%s\n", c[0], c[5] ? c[5] : "~",
	    c[6] ? c[6] : "~", c[7] ? c[7] : "~", c[8] ? c[8] : "~");
	return 0;
}

/* hak_history_each (lib/event_history.c): records made readable. */
static void
test_history(void)
{
	static const struct hak_col f3[3] = {
		{ "code", HAK_COL_CODE }, { "name", HAK_COL_PROSE },
		{ "n", HAK_COL_NUM }
	};
	static const struct hak_history_record recs[] = {
		{ "create", f3, 3, true },
		{ "move", f3, 3, false },
		{ NULL, NULL, 0, false }
	};
	static const struct hak_history h = { "thing", recs, true, NULL };
	struct hak_config cfg;
	struct hak_db *db = NULL;
	struct hak_buf b = HAK_BUF_INIT;
	struct hak_err err;
	char *p = hak_xasprintf("%s/h.db", tmpdir);
	int rc;

	hak_config_default(&cfg);
	rc = hak_db_init(p, NULL, &cfg, &db, NULL, NULL, &err);
	hak_config_release(&cfg);
	is_int(rc, HAK_OK, "history: init");
	if (rc) {
		free(p);
		return;
	}
	hak_db_begin(db, &err);
	add(db, "thing", "10", "create", NULL, NULL,
	    "10,\"a \"\"b\"\", c\",", "year 1");
	add(db, "thing", "10", "move", NULL, "10,x,1", "10,y,2", NULL);
	add(db, "thing", "9", "create", NULL, NULL, "9,two", NULL);
	add(db, "thing", "9", "create", NULL, NULL, "9,\"open,1", NULL);
	add(db, "thing", "9", "update", "n", "1", "2", "why");
	hak_db_commit(db, &err);

	rc = hak_history_each(db, &h, "10", hist_line, &b, &err);
	is_int(rc, HAK_OK, "history: one key");
	is_str(b.buf, "10|code|~|10|year 1\n"
	    "10|name|~|a \"b\", c|year 1\n"
	    "10|~|code=10 name=x n=1|code=10 name=y n=2|~\n",
	    "history: create split a row per field (quotes undone, empty "
	    "left out), move as name=value pairs");
	hak_buf_reset(&b);
	rc = hak_history_each(db, &h, NULL, hist_line, &b, &err);
	is_str(b.buf, "9|~|~|9,two|~\n"
	    "9|~|~|9,\"open,1|~\n"
	    "9|n|1|2|why\n"
	    "10|code|~|10|year 1\n"
	    "10|name|~|a \"b\", c|year 1\n"
	    "10|~|code=10 name=x n=1|code=10 name=y n=2|~\n",
	    "history: all keys in numeric order; a record of another "
	    "length or a broken one shown as stored");
	hak_buf_reset(&b);
	rc = hak_history_each(db, &h, "11", hist_line, &b, &err);
	ok(rc == HAK_OK && b.len == 0, "history: an unknown key, no rows");
	hak_buf_release(&b);
	hak_db_close(db);
	free(p);
}

int
main(void)
{
	char *cmd;

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	setenv("HAK_NOW", "2026-03-02T09:00:00+09:00", 1);
	setenv("HAK_USER", "auditor", 1);
	unsetenv("HAK_BUSY_TIMEOUT");
	test_sha();
	test_events();
	test_writer();
	test_history();
	cmd = hak_xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	free(cmd);
	return done_testing();
}
