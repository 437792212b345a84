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

#include "hak/db.h"
#include "hak/err.h"

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

#endif
