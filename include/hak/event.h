/* SPDX-License-Identifier: MIT */
/*
 * hak/event.h - the append-only audit history (SPEC 2.13).
 *
 * One events table for every entity: entity, key, seq (per entity and
 * key, from 1), at, actor, os_user, action, field, old, new, note, and
 * hash = SHA-256 over the previous event's hash and this event's fields.
 * Triggers refuse UPDATE and DELETE.  Personal text is never passed here:
 * callers pass its SHA-256 (hak_sha256_hex) instead.
 */
#ifndef HAK_EVENT_H
#define HAK_EVENT_H

#include <stdbool.h>
#include <stddef.h>

#include "hak/db.h"
#include "hak/err.h"
#include "hak/out.h"

struct hak_event {
	const char *entity;	/* "school", "request", "project", "survey", "batch", "config" */
	const char *key;
	const char *action;	/* "create", "update", "state", ... */
	const char *field;	/* may be NULL */
	const char *old;	/* may be NULL */
	const char *new;	/* may be NULL */
	const char *note;	/* may be NULL */
};

/* Append an event at hak_db_now(db) by hak_db_actor(db).  Must be called
 * inside the transaction of the change it records. */
int hak_event_add(struct hak_db *db, const struct hak_event *ev,
	struct hak_err *err);

/* Verify the hash chain; *count events checked; on a break, *bad_id is
 * the first bad event's rowid and the result is HAK_EDATA. */
int hak_event_verify(struct hak_db *db, long *count, long *bad_id,
	struct hak_err *err);

/*
 * Reading the history of one kind of entity (`history` of hak-request,
 * hak-school and hak-project): rows of HAK_HISTORY_NCOLS cells, KEY (the
 * column named after the entity), seq, at, actor, action, field, old, new,
 * note.  HAK_HISTORY_COLS("school") is the initializer of those columns.
 *
 * Events whose old and new hold a whole CSV record (a create event of an
 * import, a project's enroll) are made readable by a struct
 * hak_history_record naming the record's fields: split, one row per field
 * that changed (field = its name); else one row whose old and new read
 * "name=value name=value" (empty fields left out).  A record whose number
 * of fields is not the layout's is shown as stored.
 */
#define HAK_HISTORY_NCOLS 9
#define HAK_HISTORY_COLS(key) \
	{ key, HAK_COL_CODE }, { "seq", HAK_COL_NUM }, \
	{ "at", HAK_COL_TEXT }, { "actor", HAK_COL_TEXT }, \
	{ "action", HAK_COL_TEXT }, { "field", HAK_COL_TEXT }, \
	{ "old", HAK_COL_PROSE }, { "new", HAK_COL_PROSE }, \
	{ "note", HAK_COL_PROSE }

struct hak_history_record {
	const char *action;		/* "create"; NULL ends a list */
	const struct hak_col *fields;	/* of the record, in order */
	size_t nfields;
	bool split;			/* a row per field */
};

struct hak_history {
	const char *entity;		/* "school" */
	const struct hak_history_record *records;	/* may be NULL */
	bool numeric_keys;		/* all keys: in numeric order */
	/* a key as given (a code, an id, a school's name) -> the stored
	 * key (*out is the caller's); HAK_ENOMATCH when unknown */
	int (*find)(struct hak_db *db, const char *key, char **out,
		struct hak_err *err);
};

/* The history of key (every key's when NULL, keys in order) of entity h:
 * fn gets the HAK_HISTORY_NCOLS cells of each row, seq ascending; a
 * non-zero return stops and is returned.  An unknown key has no rows. */
int hak_history_each(struct hak_db *db, const struct hak_history *h,
	const char *key, int (*fn)(void *ctx, const char *const *cells),
	void *ctx, struct hak_err *err);

#endif
