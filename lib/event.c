/* SPDX-License-Identifier: MIT */
/* The append-only audit history and its hash chain (SPEC 2.13). */
#include <sha2.h>
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "hak/date.h"
#include "hak/event.h"
#include "banned.h"

#define ZERO_HASH \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* The hashed fields, in order; hash_event and the queries follow it. */
enum {
	F_ENTITY, F_KEY, F_SEQ, F_AT, F_ACTOR, F_OS_USER, F_ACTION, F_FIELD,
	F_OLD, F_NEW, F_NOTE, F_N
};

/*
 * hash = SHA-256 hex over the previous event's hash and each field.
 * Every field is written as its length in decimal, ':', its bytes and
 * ','; NULL as "~,".  So no field can run into the next whatever bytes
 * it holds, and NULL differs from "".
 */
static void
hash_event(const char *prev, const char *const f[F_N], char out[65])
{
	SHA2_CTX ctx;
	char len[32];
	int i;

	SHA256Init(&ctx);
	SHA256Update(&ctx, (const uint8_t *)prev, strlen(prev));
	SHA256Update(&ctx, (const uint8_t *)",", 1);
	for (i = 0; i < F_N; i++) {
		if (!f[i]) {
			SHA256Update(&ctx, (const uint8_t *)"~,", 2);
			continue;
		}
		snprintf(len, sizeof(len), "%zu:", strlen(f[i]));
		SHA256Update(&ctx, (const uint8_t *)len, strlen(len));
		SHA256Update(&ctx, (const uint8_t *)f[i], strlen(f[i]));
		SHA256Update(&ctx, (const uint8_t *)",", 1);
	}
	SHA256End(&ctx, out);
}

int
hak_event_add(struct hak_db *db, const struct hak_event *ev,
	struct hak_err *err)
{
	const char *f[F_N];
	char at[HAK_TIME_LEN], seq[24], hash[65], *prev = NULL;
	sqlite3_stmt *st;
	long long n = 1;
	int rc, i;

	if (!ev->entity || !ev->key || !ev->action)
		return hak_err_set(err, HAK_EBUG,
		    "event without entity, key or action");
	if (sqlite3_get_autocommit(db->sql))
		return hak_err_set(err, HAK_EBUG,
		    "event for %s '%s' outside a transaction", ev->entity,
		    ev->key);

	if ((rc = hak_db_stmt(db, "SELECT max(seq) FROM events "
	    "WHERE entity = ? AND key = ?", &st, err)))
		return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, 1, ev->entity),
	    err)) ||
	    (rc = hak_db_bound(db, hak_db_bind_text(st, 2, ev->key), err)))
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0) + 1;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return hak_db_fail(db, rc, err);

	if ((rc = hak_db_stmt(db, "SELECT hash FROM events "
	    "ORDER BY id DESC LIMIT 1", &st, err)))
		return rc;
	/* The previous hash as stored, whatever its length (a tampered
	 * one included): chained to as read, never to a cut copy. */
	if ((rc = sqlite3_step(st)) == SQLITE_ROW && hak_db_col(st, 0))
		prev = hak_xstrdup(hak_db_col(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		free(prev);
		return hak_db_fail(db, rc, err);
	}

	snprintf(seq, sizeof(seq), "%lld", n);
	hak_time_format(db->now, at);
	f[F_ENTITY] = ev->entity;
	f[F_KEY] = ev->key;
	f[F_SEQ] = seq;
	f[F_AT] = at;
	f[F_ACTOR] = hak_db_actor(db);
	f[F_OS_USER] = hak_db_os_user(db);
	f[F_ACTION] = ev->action;
	f[F_FIELD] = ev->field;
	f[F_OLD] = ev->old;
	f[F_NEW] = ev->new;
	f[F_NOTE] = ev->note;
	hash_event(prev ? prev : ZERO_HASH, f, hash);
	free(prev);

	if ((rc = hak_db_stmt(db, "INSERT INTO events (entity, key, seq, "
	    "at, actor, os_user, action, field, old, new, note, hash) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st, err)))
		return rc;
	for (i = 0; i < F_N; i++)
		if ((rc = hak_db_bound(db, i == F_SEQ ?
		    sqlite3_bind_int64(st, i + 1, n) :
		    hak_db_bind_text(st, i + 1, f[i]), err)))
			return rc;
	if ((rc = hak_db_bound(db, hak_db_bind_text(st, F_N + 1, hash), err)))
		return rc;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? HAK_OK : hak_db_fail(db, rc, err);
}

int
hak_event_verify(struct hak_db *db, long *count, long *bad_id,
	struct hak_err *err)
{
	const char *f[F_N], *stored;
	char prev[65], hash[65];
	sqlite3_stmt *st;
	long n = 0;
	int rc, i;

	*count = 0;
	*bad_id = 0;
	if ((rc = hak_db_prepare(db, "SELECT entity, key, seq, at, actor, "
	    "os_user, action, field, old, new, note, hash, id FROM events "
	    "ORDER BY id", &st, err)))
		return rc;
	memcpy(prev, ZERO_HASH, sizeof(prev));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < F_N; i++)
			f[i] = hak_db_col(st, i);
		stored = hak_db_col(st, F_N);
		hash_event(prev, f, hash);
		if (!stored || strcmp(stored, hash)) {
			*bad_id = (long)sqlite3_column_int64(st, F_N + 1);
			*count = n;
			sqlite3_finalize(st);
			return hak_err_set(err, HAK_EDATA,
			    "hash chain broken at event %ld", *bad_id);
		}
		memcpy(prev, hash, sizeof(prev));
		n++;
	}
	sqlite3_finalize(st);
	*count = n;
	return rc == SQLITE_DONE ? HAK_OK : hak_db_fail(db, rc, err);
}
