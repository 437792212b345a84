/* SPDX-License-Identifier: MIT */
/*
 * lib/request_int.h - private to lib/request.c and lib/request_demo.c:
 * the request operations without their transaction, for callers that
 * run many of them in one (the demo).
 */
#ifndef HAK_REQUEST_INT_H
#define HAK_REQUEST_INT_H

#include "hak/request.h"

/* hak_request_new inside the caller's transaction. */
int hak_rq_create(struct hak_db *db, const struct hak_request_new *in,
	long long *id, bool *existed, struct hak_err *err);

/* One action on one request inside the caller's transaction. */
int hak_rq_act_one(struct hak_db *db, const char *key,
	const struct hak_request_action *a, struct hak_err *err);

#endif
