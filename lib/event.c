/* SPDX-License-Identifier: MIT */
/* The append-only audit history and its hash chain (SPEC 2.13). */
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "hak/buf.h"
#include "hak/date.h"
#include "hak/digest.h"
#include "hak/event.h"
#include "banned.h"

#define ZERO_HASH \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* Slots of the seq cache (a power of two); it is emptied when 3/4 full,
 * so its memory stays bounded however many keys a transaction writes. */
#define SEQ_SLOTS 4096

/* The hashed fields, in order; hash_event and the queries follow it. */
enum {
	F_ENTITY, F_KEY, F_SEQ, F_AT, F_ACTOR, F_OS_USER, F_ACTION, F_FIELD,
	F_OLD, F_NEW, F_NOTE, F_N
};

struct seq_slot {
	uint64_t h;		/* hash of entity and key; 0: empty */
	char *ek;		/* entity, '\0', key, '\0' */
	size_t len;		/* of ek, both NULs included */
	long long seq;		/* the last seq written for it */
};

/*
 * The event writer of one transaction: the chain head (the hash of the
 * last event) and the last seq of the keys written, so an event costs no
 * lookup but the seq of a key not yet seen in the transaction.  Its
 * statements live as long as db.  It is emptied when db->tx_gen moved
 * (every begin, commit, rollback and rollback to a savepoint) and after
 * a failed write: it only ever holds what this transaction wrote.
 */
struct hak_event_writer {
	sqlite3_stmt *ins, *seq, *head;
	unsigned long gen;	/* the db->tx_gen the cache holds for */
	bool have_head;
	char head_hash[65];
	int64_t at_for;		/* db->now that at was formatted for */
	char at[HAK_TIME_LEN];
	bool have_at;
	struct seq_slot *slots;	/* SEQ_SLOTS of them, or NULL */
	size_t used;
	struct hak_buf msg;	/* the hashed message, reused */
};

/* Write n in decimal to out (at least 21 bytes); its length. */
static size_t
decimal(unsigned long long n, char *out)
{
	char tmp[24];
	size_t i = 0, len;

	do {
		tmp[i++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	len = i;
	while (i)
		*out++ = tmp[--i];
	return len;
}

/*
 * hash = SHA-256 hex over the previous event's hash and each field.
 * Every field is written as its length in decimal, ':', its bytes and
 * ','; NULL as "~,".  So no field can run into the next whatever bytes
 * it holds, and NULL differs from "".  The message is put together in
 * msg (reused) and hashed in one go.
 */
static void
hash_event(struct hak_buf *msg, const char *prev, const char *const f[F_N],
	char out[65])
{
	char len[32];
	size_t n, flen;
	int i;

	hak_buf_reset(msg);
	hak_buf_adds(msg, prev);
	hak_buf_addch(msg, ',');
	for (i = 0; i < F_N; i++) {
		if (!f[i]) {
			hak_buf_add(msg, "~,", 2);
			continue;
		}
		flen = strlen(f[i]);
		n = decimal(flen, len);
		len[n++] = ':';
		hak_buf_add(msg, len, n);
		hak_buf_add(msg, f[i], flen);
		hak_buf_addch(msg, ',');
	}
	hak_sha256_hex(msg->buf, msg->len, out);
}

static void
forget_seqs(struct hak_event_writer *w)
{
	size_t i;

	if (!w->slots || !w->used)
		return;
	for (i = 0; i < SEQ_SLOTS; i++) {
		free(w->slots[i].ek);
		w->slots[i].ek = NULL;
		w->slots[i].h = 0;
	}
	w->used = 0;
}

static void
forget(struct hak_event_writer *w)
{
	w->have_head = false;
	forget_seqs(w);
}

/* db->events_free: called by hak_db_close before the handle closes. */
static void
writer_free(struct hak_event_writer *w)
{
	forget(w);
	sqlite3_finalize(w->ins);
	sqlite3_finalize(w->seq);
	sqlite3_finalize(w->head);
	free(w->slots);
	hak_buf_release(&w->msg);
	free(w);
}

static int
prepare(struct hak_db *db, const char *sql, sqlite3_stmt **st,
	struct hak_err *err)
{
	int rc = sqlite3_prepare_v3(db->sql, sql, -1,
		SQLITE_PREPARE_PERSISTENT, st, NULL);

	return rc == SQLITE_OK ? HAK_OK : hak_db_fail(db, rc, err);
}

/* The writer of db, made on first use. */
static int
writer(struct hak_db *db, struct hak_event_writer **out, struct hak_err *err)
{
	struct hak_event_writer *w = db->events;
	int rc;

	if (w) {
		*out = w;
		return HAK_OK;
	}
	w = hak_xcalloc(1, sizeof(*w));
	hak_buf_init(&w->msg, 512);
	if ((rc = prepare(db, "INSERT INTO events (entity, key, seq, at, "
		"actor, os_user, action, field, old, new, note, hash) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &w->ins, err)) ||
		(rc = prepare(db, "SELECT max(seq) FROM events "
		"WHERE entity = ? AND key = ?", &w->seq, err)) ||
		(rc = prepare(db, "SELECT hash FROM events "
		"ORDER BY id DESC LIMIT 1", &w->head, err))) {
		sqlite3_finalize(w->ins);
		sqlite3_finalize(w->seq);
		sqlite3_finalize(w->head);
		free(w);
		return rc;
	}
	w->gen = db->tx_gen;
	db->events = w;
	db->events_free = writer_free;
	*out = w;
	return HAK_OK;
}

/* FNV-1a over entity, '\0', key; never 0 (0 marks an empty slot). */
static uint64_t
slot_hash(const char *entity, const char *key)
{
	uint64_t h = 14695981039346656037ULL;
	const unsigned char *p;

	for (p = (const unsigned char *)entity; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return h ? h : 1;
}

/* The slot of entity and key: its own, or the empty one it would take. */
static struct seq_slot *
slot_find(struct hak_event_writer *w, uint64_t h, const char *entity,
	const char *key)
{
	size_t i = (size_t)h & (SEQ_SLOTS - 1), el = strlen(entity) + 1;
	struct seq_slot *s;

	for (;; i = (i + 1) & (SEQ_SLOTS - 1)) {
		s = &w->slots[i];
		if (!s->h)
			return s;
		if (s->h == h && s->len == el + strlen(key) + 1 &&
			!memcmp(s->ek, entity, el) && !strcmp(s->ek + el, key))
			return s;
	}
}

/* The next seq of entity and key: the cached one, else from the table. */
static int
next_seq(struct hak_db *db, struct hak_event_writer *w, const char *entity,
	const char *key, struct seq_slot **slot, long long *n,
	struct hak_err *err)
{
	uint64_t h = slot_hash(entity, key);
	size_t el, kl;
	struct seq_slot *s;
	int rc;

	if (!w->slots)
		w->slots = hak_xcalloc(SEQ_SLOTS, sizeof(*w->slots));
	s = slot_find(w, h, entity, key);
	if (s->h) {
		*slot = s;
		*n = s->seq + 1;
		return HAK_OK;
	}
	sqlite3_reset(w->seq);
	if ((rc = hak_db_bound(db, hak_db_bind_text(w->seq, 1, entity),
		err)) ||
		(rc = hak_db_bound(db, hak_db_bind_text(w->seq, 2, key), err)))
		return rc;
	*n = 1;
	if ((rc = sqlite3_step(w->seq)) == SQLITE_ROW)
		*n = sqlite3_column_int64(w->seq, 0) + 1;
	sqlite3_reset(w->seq);
	if (rc != SQLITE_ROW)
		return hak_db_fail(db, rc, err);
	if (w->used >= SEQ_SLOTS / 4 * 3) {
		forget_seqs(w);
		s = slot_find(w, h, entity, key);
	}
	el = strlen(entity) + 1;
	kl = strlen(key) + 1;
	s->ek = hak_xmalloc(el + kl);
	memcpy(s->ek, entity, el);
	memcpy(s->ek + el, key, kl);
	s->len = el + kl;
	s->h = h;
	s->seq = *n - 1;	/* until the event is written */
	w->used++;
	*slot = s;
	return HAK_OK;
}

/* The chain head: the cached one, else the last stored hash as stored,
 * whatever its length (a tampered one included): chained to as read,
 * never to a cut copy.  *own is what to free. */
static int
chain_head(struct hak_db *db, struct hak_event_writer *w, const char **prev,
	char **own, struct hak_err *err)
{
	int rc;

	*own = NULL;
	if (w->have_head) {
		*prev = w->head_hash;
		return HAK_OK;
	}
	sqlite3_reset(w->head);
	if ((rc = sqlite3_step(w->head)) == SQLITE_ROW &&
		hak_db_col(w->head, 0))
		*own = hak_xstrdup(hak_db_col(w->head, 0));
	sqlite3_reset(w->head);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return hak_db_fail(db, rc, err);
	*prev = *own ? *own : ZERO_HASH;
	return HAK_OK;
}

int
hak_event_add(struct hak_db *db, const struct hak_event *ev,
	struct hak_err *err)
{
	struct hak_event_writer *w;
	struct seq_slot *slot = NULL;
	const char *f[F_N], *prev = ZERO_HASH;
	char seq[24], hash[65], *own = NULL;
	long long n;
	int rc, i;

	if (!ev->entity || !ev->key || !ev->action)
		return hak_err_set(err, HAK_EBUG,
		    "event without entity, key or action");
	if (sqlite3_get_autocommit(db->sql))
		return hak_err_set(err, HAK_EBUG,
		    "event for %s '%s' outside a transaction", ev->entity,
		    ev->key);
	if ((rc = writer(db, &w, err)))
		return rc;
	if (w->gen != db->tx_gen) {
		forget(w);
		w->gen = db->tx_gen;
	}
	if ((rc = next_seq(db, w, ev->entity, ev->key, &slot, &n, err)) ||
		(rc = chain_head(db, w, &prev, &own, err))) {
		forget(w);
		return rc;
	}

	seq[decimal((unsigned long long)n, seq)] = '\0';
	if (!w->have_at || w->at_for != db->now) {
		hak_time_format(db->now, w->at);
		w->at_for = db->now;
		w->have_at = true;
	}
	f[F_ENTITY] = ev->entity;
	f[F_KEY] = ev->key;
	f[F_SEQ] = seq;
	f[F_AT] = w->at;
	f[F_ACTOR] = hak_db_actor(db);
	f[F_OS_USER] = hak_db_os_user(db);
	f[F_ACTION] = ev->action;
	f[F_FIELD] = ev->field;
	f[F_OLD] = ev->old;
	f[F_NEW] = ev->new;
	f[F_NOTE] = ev->note;
	hash_event(&w->msg, prev, f, hash);
	free(own);

	/* Every parameter is bound each time, to strings that outlive the
	 * step: no copies, and nothing left to clear. */
	sqlite3_reset(w->ins);
	for (i = 0; i < F_N && !rc; i++)
		rc = hak_db_bound(db, i == F_SEQ ?
		    sqlite3_bind_int64(w->ins, i + 1, n) : f[i] ?
		    sqlite3_bind_text(w->ins, i + 1, f[i], -1, SQLITE_STATIC) :
		    sqlite3_bind_null(w->ins, i + 1), err);
	if (!rc)
		rc = hak_db_bound(db, sqlite3_bind_text(w->ins, F_N + 1, hash,
		    -1, SQLITE_STATIC), err);
	if (!rc && (rc = sqlite3_step(w->ins)) == SQLITE_DONE)
		rc = HAK_OK;
	else if (!rc)
		rc = hak_db_fail(db, rc, err);
	sqlite3_reset(w->ins);
	if (rc) {
		forget(w);
		return rc;
	}
	slot->seq = n;
	memcpy(w->head_hash, hash, sizeof(hash));
	w->have_head = true;
	return HAK_OK;
}

int
hak_event_verify(struct hak_db *db, long *count, long *bad_id,
	struct hak_err *err)
{
	struct hak_buf msg = HAK_BUF_INIT;
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
		hash_event(&msg, prev, f, hash);
		if (!stored || strcmp(stored, hash)) {
			*bad_id = (long)sqlite3_column_int64(st, F_N + 1);
			*count = n;
			sqlite3_finalize(st);
			hak_buf_release(&msg);
			return hak_err_set(err, HAK_EDATA,
			    "hash chain broken at event %ld", *bad_id);
		}
		memcpy(prev, hash, sizeof(prev));
		n++;
	}
	sqlite3_finalize(st);
	hak_buf_release(&msg);
	*count = n;
	return rc == SQLITE_DONE ? HAK_OK : hak_db_fail(db, rc, err);
}
