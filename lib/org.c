/* SPDX-License-Identifier: MIT */
/*
 * The organisation copy (SPEC 2.2, 3): loading the departments, centers,
 * staff, categories, holidays and settings from the database into
 * db->org, and syncing a config file into those tables.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_int.h"
#include "org_int.h"
#include "hak/date.h"
#include "hak/event.h"
#include "hak/org.h"
#include "banned.h"


static const char *const sla_keys[HAK_PRIO_N] = {
	"sla_low", "sla_normal", "sla_high", "sla_urgent"
};

static int
load_settings(struct hak_db *db, struct hak_config *org, struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc, i, m, d;

	if ((rc = hak_db_prepare(db, "SELECT key, value FROM settings", &st,
	    err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = hak_db_col(st, 0), *v = hak_db_col(st, 1);

		if (!k || !v)
			continue;
		if (!strcmp(k, "office")) {
			free(org->office);
			org->office = hak_xstrdup(v);
		} else if (!strcmp(k, "timezone")) {
			free(org->timezone);
			org->timezone = hak_xstrdup(v);
		} else if (!strcmp(k, "lang")) {
			free(org->lang);
			org->lang = hak_xstrdup(v);
		} else if (!strcmp(k, "config_path")) {
			free(org->path);
			org->path = *v ? hak_xstrdup(v) : NULL;
		} else if (!strcmp(k, "config_dump")) {
			free(db->org_dump);
			db->org_dump = hak_xstrdup(v);
		} else if (!strcmp(k, "school_year_start")) {
			if (strlen(v) == 5 && v[2] == '-' &&
			    sscanf(v, "%2d-%2d", &m, &d) == 2) {
				org->school_year.month = m;
				org->school_year.day = d;
			}
		} else if (!strcmp(k, "min_group")) {
			hak_db_parse_int(v, &org->min_group);
		} else {
			for (i = 0; i < HAK_PRIO_N; i++)
				if (!strcmp(k, sla_keys[i]))
					hak_db_parse_int(v, &org->sla[i]);
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? HAK_OK : hak_db_fail(db, rc, err);
}

static struct hak_dept *
find_dept(struct hak_config *org, const char *code)
{
	size_t i;

	for (i = 0; i < org->ndepts; i++)
		if (!strcmp(org->depts[i].code, code))
			return &org->depts[i];
	return NULL;
}

static int
load_lists(struct hak_db *db, struct hak_config *org, struct hak_err *err)
{
	sqlite3_stmt *st;
	size_t alloc;
	int rc;

	/* Departments, in the order they were first synced. */
	if ((rc = hak_db_prepare(db, "SELECT code, name, active "
	    "FROM departments ORDER BY rowid", &st, err)))
		return rc;
	alloc = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct hak_dept *d;

		HAK_ALLOC_GROW(org->depts, org->ndepts + 1, alloc);
		d = &org->depts[org->ndepts++];
		memset(d, 0, sizeof(*d));
		d->code = hak_db_col_dup(st, 0);
		d->name = hak_db_col_dup(st, 1);
		d->active = sqlite3_column_int(st, 2) != 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return hak_db_fail(db, rc, err);

	/* Centers: struct hak_dept lists only the active ones. */
	if ((rc = hak_db_prepare(db, "SELECT department, name FROM centers "
	    "WHERE active = 1 ORDER BY rowid", &st, err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct hak_dept *d = find_dept(org, hak_db_col(st, 0));

		if (d)
			hak_strv_push(&d->centers, hak_db_col(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return hak_db_fail(db, rc, err);

	if ((rc = hak_db_prepare(db, "SELECT id, name, department, role, "
	    "active FROM staff ORDER BY rowid", &st, err)))
		return rc;
	alloc = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct hak_staff *s;

		HAK_ALLOC_GROW(org->staff, org->nstaff + 1, alloc);
		s = &org->staff[org->nstaff++];
		s->id = hak_db_col_dup(st, 0);
		s->name = hak_db_col_dup(st, 1);
		s->dept = hak_db_col_dup(st, 2);
		s->role = hak_db_col_dup(st, 3);
		s->active = sqlite3_column_int(st, 4) != 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return hak_db_fail(db, rc, err);

	if ((rc = hak_db_prepare(db, "SELECT code, name, department, "
	    "sla_days, active FROM categories ORDER BY rowid", &st, err)))
		return rc;
	alloc = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct hak_category *c;

		HAK_ALLOC_GROW(org->cats, org->ncats + 1, alloc);
		c = &org->cats[org->ncats++];
		c->code = hak_db_col_dup(st, 0);
		c->name = hak_db_col_dup(st, 1);
		c->dept = hak_db_col_dup(st, 2);
		c->sla_days = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 :
		    sqlite3_column_int(st, 3);
		c->active = sqlite3_column_int(st, 4) != 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return hak_db_fail(db, rc, err);

	if ((rc = hak_db_prepare(db, "SELECT day FROM holidays ORDER BY day",
	    &st, err)))
		return rc;
	alloc = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int32_t day;

		if (hak_day_parse(hak_db_col(st, 0) ? hak_db_col(st, 0) : "",
		    &day, NULL))
			continue;	/* reported by hak check, not here */
		HAK_ALLOC_GROW(org->holidays, org->nholidays + 1, alloc);
		org->holidays[org->nholidays++] = day;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return hak_db_fail(db, rc, err);

	if ((rc = hak_db_prepare(db, "SELECT ref FROM headline ORDER BY pos",
	    &st, err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		hak_strv_push(&org->headline, hak_db_col(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return hak_db_fail(db, rc, err);
	return HAK_OK;
}

/* Replace db->org and db->org_dump by what the tables hold now. */
int
hak_org_load(struct hak_db *db, struct hak_err *err)
{
	struct hak_config *org = &db->org;
	int rc, i;

	hak_config_release(org);
	memset(org, 0, sizeof(*org));
	free(db->org_dump);
	db->org_dump = NULL;
	/* Defaults for settings a database may lack (SPEC 3). */
	org->school_year.month = 3;
	org->school_year.day = 1;
	org->min_group = 5;
	for (i = 0; i < HAK_PRIO_N; i++)
		org->sla[i] = (int[]){ 10, 5, 3, 1 }[i];
	if ((rc = load_settings(db, org, err)) ||
	    (rc = load_lists(db, org, err)))
		return rc;
	if (!org->office)
		org->office = hak_xstrdup("");
	if (!org->timezone)
		org->timezone = hak_xstrdup("Asia/Seoul");
	if (!org->lang)
		org->lang = hak_xstrdup("en");
	if (!db->org_dump)
		db->org_dump = hak_xstrdup("");
	return HAK_OK;
}

/* --- config sync (SPEC 2.2) --- */

struct counts {
	int added, updated, deactivated, removed;
};

static bool
same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/*
 * Upsert one row: look it up with sel (binding key[0..nkey)), compare
 * its columns with want[0..nwant) (the last being active), insert with
 * ins or update with upd (binding want then key), and count.
 */
static int
upsert(struct hak_db *db, const char *sel, const char *ins, const char *upd,
	const char *const *key, int nkey, const char *const *want, int nwant,
	struct counts *c, struct hak_err *err)
{
	const char *args[16];
	sqlite3_stmt *st;
	bool found, differs = false;
	int rc, i;

	if (nkey + nwant > (int)(sizeof(args) / sizeof(args[0])))
		return hak_err_set(err, HAK_EBUG, "upsert of %d columns",
		    nkey + nwant);
	if ((rc = hak_db_prepare(db, sel, &st, err)))
		return rc;
	for (i = 0; i < nkey; i++)
		if ((rc = hak_db_bound(db, hak_db_bind_text(st, i + 1, key[i]),
		    err))) {
			sqlite3_finalize(st);
			return rc;
		}
	rc = sqlite3_step(st);
	found = rc == SQLITE_ROW;
	for (i = 0; found && i < nwant; i++)
		if (!same_str(hak_db_col(st, i), want[i]))
			differs = true;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return hak_db_fail(db, rc, err);
	if (found && !differs)
		return HAK_OK;
	if (!found) {
		c->added++;
		for (i = 0; i < nkey; i++)
			args[i] = key[i];
		for (i = 0; i < nwant; i++)
			args[nkey + i] = want[i];
		return hak_db_run(db, err, ins, nkey + nwant, args);
	}
	c->updated++;
	for (i = 0; i < nwant; i++)
		args[i] = want[i];
	for (i = 0; i < nkey; i++)
		args[nwant + i] = key[i];
	return hak_db_run(db, err, upd, nkey + nwant, args);
}

/* Keys (column 0, or columns 0 and 1 joined by a unit separator) of sql. */
static int
collect(struct hak_db *db, const char *sql, struct hak_strv *out,
	struct hak_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = hak_db_prepare(db, sql, &st, err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_count(st) > 1)
			hak_strv_push_owned(out, hak_xasprintf("%s\x1f%s",
			    hak_db_col(st, 0), hak_db_col(st, 1)));
		else
			hak_strv_push(out, hak_db_col(st, 0));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? HAK_OK : hak_db_fail(db, rc, err);
}

static int
sync_settings(struct hak_db *db, const struct hak_config *cfg,
	const char *dump, struct counts *c, struct hak_err *err)
{
	static const char sel[] = "SELECT value FROM settings WHERE key = ?";
	static const char ins[] =
	    "INSERT INTO settings (key, value) VALUES (?, ?)";
	static const char upd[] = "UPDATE settings SET value = ? WHERE key = ?";
	struct counts silent = { 0, 0, 0, 0 };
	char sy[32], ints[HAK_PRIO_N + 1][24];
	const char *keys[] = { "office", "timezone", "lang",
	    "school_year_start", "min_group", "sla_low", "sla_normal",
	    "sla_high", "sla_urgent" };
	const char *vals[9];
	int rc, i;

	snprintf(sy, sizeof(sy), "%02d-%02d", cfg->school_year.month,
	    cfg->school_year.day);
	snprintf(ints[0], sizeof(ints[0]), "%d", cfg->min_group);
	for (i = 0; i < HAK_PRIO_N; i++)
		snprintf(ints[i + 1], sizeof(ints[0]), "%d", cfg->sla[i]);
	vals[0] = cfg->office ? cfg->office : "";
	vals[1] = cfg->timezone ? cfg->timezone : "Asia/Seoul";
	vals[2] = cfg->lang ? cfg->lang : "en";
	vals[3] = sy;
	for (i = 0; i <= HAK_PRIO_N; i++)
		vals[4 + i] = ints[i];
	for (i = 0; i < 9; i++)
		if ((rc = upsert(db, sel, ins, upd, &keys[i], 1, &vals[i], 1,
		    c, err)))
			return rc;
	/* Where the copy came from: not a change of the rules. */
	keys[0] = "config_path";
	vals[0] = cfg->path ? cfg->path : "";
	keys[1] = "config_dump";
	vals[1] = dump;
	for (i = 0; i < 2; i++)
		if ((rc = upsert(db, sel, ins, upd, &keys[i], 1, &vals[i], 1,
		    &silent, err)))
			return rc;
	return HAK_OK;
}

static bool
in_list(const struct hak_strv *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return true;
	return false;
}

/* Deactivate the active rows of sql_active not named in keep. */
static int
deactivate(struct hak_db *db, const char *sql_active, const char *upd,
	const struct hak_strv *keep, struct counts *c, struct hak_err *err)
{
	struct hak_strv have = HAK_STRV_INIT;
	const char *args[2];
	size_t i;
	int rc;

	if ((rc = collect(db, sql_active, &have, err)))
		goto out;
	for (i = 0; i < have.n; i++) {
		char *sep;

		if (in_list(keep, have.v[i]))
			continue;
		c->deactivated++;
		args[0] = have.v[i];
		args[1] = NULL;
		if ((sep = strchr(have.v[i], '\x1f'))) {
			*sep = '\0';
			args[1] = sep + 1;
		}
		if ((rc = hak_db_run(db, err, upd, args[1] ? 2 : 1, args)))
			goto out;
	}
out:
	hak_strv_clear(&have);
	return rc;
}

static int
sync_depts(struct hak_db *db, const struct hak_config *cfg, struct counts *c,
	struct hak_err *err)
{
	struct hak_strv keep = HAK_STRV_INIT, keepc = HAK_STRV_INIT;
	const char *want[2];
	size_t i, j;
	int rc = HAK_OK;

	for (i = 0; i < cfg->ndepts && !rc; i++) {
		const struct hak_dept *d = &cfg->depts[i];

		want[0] = d->name;
		want[1] = "1";
		hak_strv_push(&keep, d->code);
		rc = upsert(db, "SELECT name, active FROM departments "
		    "WHERE code = ?",
		    "INSERT INTO departments (code, name, active) "
		    "VALUES (?, ?, ?)",
		    "UPDATE departments SET name = ?, active = ? "
		    "WHERE code = ?", (const char *const *)&d->code, 1, want,
		    2, c, err);
		for (j = 0; j < d->centers.n && !rc; j++) {
			const char *key[2] = { d->code, d->centers.v[j] };

			hak_strv_push_owned(&keepc, hak_xasprintf("%s\x1f%s",
			    d->code, d->centers.v[j]));
			rc = upsert(db, "SELECT active FROM centers "
			    "WHERE department = ? AND name = ?",
			    "INSERT INTO centers (department, name, active) "
			    "VALUES (?, ?, ?)",
			    "UPDATE centers SET active = ? "
			    "WHERE department = ? AND name = ?", key, 2,
			    &want[1], 1, c, err);
		}
	}
	if (!rc)
		rc = deactivate(db, "SELECT code FROM departments "
		    "WHERE active = 1",
		    "UPDATE departments SET active = 0 WHERE code = ?", &keep,
		    c, err);
	if (!rc)
		rc = deactivate(db, "SELECT department, name FROM centers "
		    "WHERE active = 1",
		    "UPDATE centers SET active = 0 "
		    "WHERE department = ? AND name = ?", &keepc, c, err);
	hak_strv_clear(&keep);
	hak_strv_clear(&keepc);
	return rc;
}

static int
sync_staff(struct hak_db *db, const struct hak_config *cfg, struct counts *c,
	struct hak_err *err)
{
	struct hak_strv keep = HAK_STRV_INIT;
	const char *want[4];
	size_t i;
	int rc = HAK_OK;

	for (i = 0; i < cfg->nstaff && !rc; i++) {
		const struct hak_staff *s = &cfg->staff[i];

		want[0] = s->name;
		want[1] = s->dept;
		want[2] = s->role;
		want[3] = "1";
		hak_strv_push(&keep, s->id);
		rc = upsert(db, "SELECT name, department, role, active "
		    "FROM staff WHERE id = ?",
		    "INSERT INTO staff (id, name, department, role, active) "
		    "VALUES (?, ?, ?, ?, ?)",
		    "UPDATE staff SET name = ?, department = ?, role = ?, "
		    "active = ? WHERE id = ?", (const char *const *)&s->id, 1,
		    want, 4, c, err);
	}
	if (!rc)
		rc = deactivate(db, "SELECT id FROM staff WHERE active = 1",
		    "UPDATE staff SET active = 0 WHERE id = ?", &keep, c, err);
	hak_strv_clear(&keep);
	return rc;
}

static int
sync_cats(struct hak_db *db, const struct hak_config *cfg, struct counts *c,
	struct hak_err *err)
{
	struct hak_strv keep = HAK_STRV_INIT;
	const char *want[4];
	char sla[24];
	size_t i;
	int rc = HAK_OK;

	for (i = 0; i < cfg->ncats && !rc; i++) {
		const struct hak_category *k = &cfg->cats[i];

		snprintf(sla, sizeof(sla), "%d", k->sla_days);
		want[0] = k->name;
		want[1] = k->dept;
		want[2] = k->sla_days >= 0 ? sla : NULL;
		want[3] = "1";
		hak_strv_push(&keep, k->code);
		rc = upsert(db, "SELECT name, department, sla_days, active "
		    "FROM categories WHERE code = ?",
		    "INSERT INTO categories (code, name, department, sla_days, "
		    "active) VALUES (?, ?, ?, CAST(? AS INTEGER), ?)",
		    "UPDATE categories SET name = ?, department = ?, "
		    "sla_days = CAST(? AS INTEGER), active = ? WHERE code = ?",
		    (const char *const *)&k->code, 1, want, 4, c, err);
	}
	if (!rc)
		rc = deactivate(db, "SELECT code FROM categories "
		    "WHERE active = 1",
		    "UPDATE categories SET active = 0 WHERE code = ?", &keep,
		    c, err);
	hak_strv_clear(&keep);
	return rc;
}

/* Holidays and the headline are replaced as sets (removed, not kept). */
static int
sync_holidays(struct hak_db *db, const struct hak_config *cfg,
	struct counts *c, struct hak_err *err)
{
	struct hak_strv have = HAK_STRV_INIT, want = HAK_STRV_INIT;
	char day[HAK_DATE_LEN];
	const char *arg[1];
	size_t i;
	int rc;

	for (i = 0; i < cfg->nholidays; i++) {
		hak_day_format(cfg->holidays[i], day);
		hak_strv_push(&want, day);
	}
	if ((rc = collect(db, "SELECT day FROM holidays", &have, err)))
		goto out;
	for (i = 0; i < have.n && !rc; i++)
		if (!in_list(&want, have.v[i])) {
			c->removed++;
			arg[0] = have.v[i];
			rc = hak_db_run(db, err, "DELETE FROM holidays WHERE day = ?",
			    1, arg);
		}
	for (i = 0; i < want.n && !rc; i++)
		if (!in_list(&have, want.v[i])) {
			c->added++;
			arg[0] = want.v[i];
			rc = hak_db_run(db, err, "INSERT INTO holidays (day) "
			    "VALUES (?)", 1, arg);
		}
out:
	hak_strv_clear(&have);
	hak_strv_clear(&want);
	return rc;
}

static int
sync_headline(struct hak_db *db, const struct hak_config *cfg,
	struct counts *c, struct hak_err *err)
{
	char pos[24];
	const char *key[1] = { pos };
	long n;
	size_t i;
	int rc;

	for (i = 0; i < cfg->headline.n; i++) {
		snprintf(pos, sizeof(pos), "%zu", i + 1);
		if ((rc = upsert(db, "SELECT ref FROM headline "
		    "WHERE pos = CAST(? AS INTEGER)",
		    "INSERT INTO headline (pos, ref) "
		    "VALUES (CAST(? AS INTEGER), ?)",
		    "UPDATE headline SET ref = ? "
		    "WHERE pos = CAST(? AS INTEGER)", key, 1,
		    (const char *const *)&cfg->headline.v[i], 1, c, err)))
			return rc;
	}
	snprintf(pos, sizeof(pos), "%zu", cfg->headline.n);
	if ((rc = hak_db_query_int(db, "SELECT count(*) FROM headline", &n,
	    err)))
		return rc;
	if (n > (long)cfg->headline.n) {
		c->removed += (int)(n - (long)cfg->headline.n);
		return hak_db_run(db, err, "DELETE FROM headline "
		    "WHERE pos > CAST(? AS INTEGER)", 1, key);
	}
	return HAK_OK;
}

static void
summary(const struct counts *c, struct hak_buf *out)
{
	const struct {
		int n;
		const char *what;
	} parts[] = {
		{ c->added, "added" }, { c->updated, "updated" },
		{ c->deactivated, "deactivated" }, { c->removed, "removed" }
	};
	size_t i;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (parts[i].n)
			hak_buf_addf(out, "%s%d %s", out->len ? ", " : "",
			    parts[i].n, parts[i].what);
}

int
hak_db_sync_config(struct hak_db *db, const struct hak_config *cfg,
	struct hak_err *err)
{
	struct hak_buf dump = HAK_BUF_INIT, note = HAK_BUF_INIT;
	struct counts c = { 0, 0, 0, 0 };
	char hash[65];
	int rc;

	/* The event is stamped in the zone being synced. */
	if ((rc = hak_db_set_zone(db,
	    cfg->timezone ? cfg->timezone : "Asia/Seoul",
	    err)))
		return rc;
	hak_config_dump(cfg, &dump);
	if ((rc = hak_db_begin(db, err)))
		goto out;
	if ((rc = sync_settings(db, cfg, dump.buf, &c, err)) ||
	    (rc = sync_depts(db, cfg, &c, err)) ||
	    (rc = sync_staff(db, cfg, &c, err)) ||
	    (rc = sync_cats(db, cfg, &c, err)) ||
	    (rc = sync_holidays(db, cfg, &c, err)) ||
	    (rc = sync_headline(db, cfg, &c, err)))
		goto fail;
	summary(&c, &note);
	if (note.len) {
		struct hak_event ev = { "config", "org", "sync", NULL, NULL,
		    hash, note.buf };

		hak_sha256_hex(dump.buf, dump.len, hash);
		if ((rc = hak_event_add(db, &ev, err)))
			goto fail;
	}
	if ((rc = hak_db_commit(db, err)))
		goto fail;
	rc = hak_org_load(db, err);
	goto out;
fail:
	hak_db_rollback(db);
out:
	hak_buf_release(&dump);
	hak_buf_release(&note);
	return rc;
}

const struct hak_config *
hak_db_config(const struct hak_db *db)
{
	return &db->org;
}

bool
hak_db_config_differs(const struct hak_db *db, const struct hak_config *cfg)
{
	struct hak_buf dump = HAK_BUF_INIT;
	bool differs;

	hak_config_dump(cfg, &dump);
	differs = !db->org_dump || strcmp(dump.buf, db->org_dump) != 0;
	hak_buf_release(&dump);
	return differs;
}

/* --- lookups by code (hak/org.h) --- */

/* The outcome of a lookup of s as a what: code and active of the entry
 * found (code NULL when none). */
static int
verdict(const char *what, const char *s, const char *code, bool active,
	unsigned flags, struct hak_err *err)
{
	if (!code)
		return hak_err_set(err, HAK_EDATA, "unknown %s '%s'", what,
		    s ? s : "");
	if (!active && (flags & HAK_ORG_ACTIVE))
		return hak_err_set(err, HAK_EDATA, "inactive %s '%s'", what,
		    code);
	return HAK_OK;
}

int
hak_org_dept(struct hak_db *db, const char *s, unsigned flags,
	const struct hak_dept **out, struct hak_err *err)
{
	const struct hak_config *org = &db->org;
	const struct hak_dept *d = NULL;
	size_t i;
	int rc;

	for (i = 0; s && !d && i < org->ndepts; i++)
		if (!strcasecmp(org->depts[i].code, s))
			d = &org->depts[i];
	rc = verdict("department", s, d ? d->code : NULL, d && d->active,
	    flags, err);
	*out = rc ? NULL : d;
	return rc;
}

int
hak_org_category(struct hak_db *db, const char *s, unsigned flags,
	const struct hak_category **out, struct hak_err *err)
{
	const struct hak_config *org = &db->org;
	const struct hak_category *c = NULL;
	size_t i;
	int rc;

	for (i = 0; s && !c && i < org->ncats; i++)
		if (!strcasecmp(org->cats[i].code, s))
			c = &org->cats[i];
	rc = verdict("category", s, c ? c->code : NULL, c && c->active,
	    flags, err);
	*out = rc ? NULL : c;
	return rc;
}

int
hak_org_staff(struct hak_db *db, const char *s, unsigned flags,
	const struct hak_staff **out, struct hak_err *err)
{
	const struct hak_config *org = &db->org;
	const struct hak_staff *m = NULL;
	size_t i;
	int rc;

	for (i = 0; s && !m && i < org->nstaff; i++)
		if (!strcasecmp(org->staff[i].id, s))
			m = &org->staff[i];
	rc = verdict("staff", s, m ? m->id : NULL, m && m->active, flags,
	    err);
	*out = rc ? NULL : m;
	return rc;
}
