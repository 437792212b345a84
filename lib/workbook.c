/* SPDX-License-Identifier: MIT */
/* Reading .xlsx and .xls workbooks (SPEC 2.9): one sheet's rows. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <expat.h>
#include <zip.h>

#include "hak/buf.h"
#include "hak/date.h"
#include "hak/workbook.h"
#include "workbook_int.h"
#include "banned.h"

/*
 * Bounds against hostile files.  A part bigger than PART_MAX, or all the
 * parts read together past TOTAL_MAX, or one compressed more than
 * RATIO_MAX times (once past RATIO_FLOOR: small parts of repeated XML
 * compress well), is a ZIP bomb: the directory's sizes are checked first,
 * then the bytes really inflated, so a directory that lies is caught too.
 * A deflate bomb of zeros compresses about 1000 times; real sheets 5 to
 * 30 times.
 */
#define PART_MAX	(1024LL * 1024 * 1024)
#define TOTAL_MAX	(1536LL * 1024 * 1024)
#define RATIO_MAX	200
#define RATIO_FLOOR	(1024 * 1024)
/* The shared strings are held whole: their number and bytes are capped
 * so that memory stays bounded (offsets are 32-bit). */
#define SST_COUNT_MAX	(1L << 20)
#define SST_BYTES_MAX	(24L * 1024 * 1024)
#define FIELD_MAX	WB_FIELD_MAX
#define RECORD_MAX	WB_RECORD_MAX
/* Lists read from small parts (sheets, relationships, styles). */
#define LIST_MAX	65536
#define CHUNK		(64 * 1024)

static const char save_hint[] = "save it from the spreadsheet as "
	"\"CSV UTF-8 (comma delimited)\"";

/* A cell's t attribute: n (or none), s, inlineStr, str, b, e, d. */
enum celltype { CT_NUMBER, CT_SHARED, CT_INLINE, CT_TEXT, CT_BOOL };

/* What a cell's number format makes of a number. */
enum numkind { NK_NUMBER = 0, NK_DATE, NK_DATETIME, NK_TIME };

struct rel {
	char *id, *type, *target;
};

struct sheet {
	char *name, *rid;
};

/* Which part is being parsed, so the handlers know what to collect. */
enum part { P_RELS, P_BOOK, P_SST, P_STYLES, P_SHEET };

struct hak_wb {
	enum hak_wb_kind kind;
	char *name;		/* file name for messages */
	char *sheet;		/* the selected sheet's name */
	char *sheet_path;	/* ... and its part */
	struct wb_row rowbuf;	/* the row being built / handed out */

	/* .xlsx */
	zip_t *za;
	zip_file_t *zf;		/* the part being read */
	long long part_size, part_read, total_read;
	XML_Parser xp;
	enum part part;
	int cb_rc;		/* an error met inside a handler */
	struct hak_err cb_err;
	int depth;		/* elements open */
	struct hak_buf text;	/* character data being collected */
	bool collect;

	struct rel *rels;	/* of the part last read for relationships */
	size_t nrels, arels;
	struct sheet *sheets;
	size_t nsheets, asheets;
	bool date1904;

	char *sst;		/* shared strings, NUL-ended, back to back */
	size_t sst_len, sst_alloc;
	uint32_t *sst_off;
	size_t nsst, asst;
	bool in_si;
	int rph;		/* depth inside <rPh> (phonetic text: skipped) */

	unsigned char *fmts;	/* numFmtId defined here -> numkind + 1 */
	size_t afmts;
	unsigned char *xfs;	/* cellXfs index -> enum numkind */
	size_t nxfs, axfs;
	bool in_xfs;

	/* the sheet */
	bool suspended, xml_done, row_ready, in_row, in_cell, in_sheetdata;
	long row, col;		/* current row; last column of the row */
	enum celltype ctype;
	long cstyle;
	bool have_v;

	/* .xls */
	struct wb_xls *xls;
};

void
hak_wb_colname(long col, char out[8])
{
	char rev[8];
	int n = 0, i;

	if (col < 0)
		col = 0;
	col++;
	while (col > 0 && n < 7) {
		rev[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n; i++)
		out[i] = rev[n - 1 - i];
	out[n] = '\0';
}

void
hak_wb_where(struct hak_err *e, const char *file, const char *sheet,
	long col, long row)
{
	char sp[HAK_ERR_SHORT + 1], letters[8] = "";
	int n;

	if (!e)
		return;
	if (col >= 0)
		hak_wb_colname(col, letters);
	n = snprintf(e->where, sizeof(e->where), "%s:%s!%s%ld",
		hak_err_short(file ? file : "", sp), sheet ? sheet : "",
		letters, row);
	if (n < 0 || (size_t)n >= sizeof(e->where))
		snprintf(e->where, sizeof(e->where), "%s:%s%ld",
			hak_err_short(file ? file : "", sp), letters, row);
}

enum hak_wb_kind
hak_wb_sniff(const void *buf, size_t n)
{
	static const unsigned char ole2[8] = {
		0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1
	};

	if (n >= 4 && !memcmp(buf, "PK\3\4", 4))
		return HAK_WB_XLSX;
	if (n >= 8 && !memcmp(buf, ole2, 8))
		return HAK_WB_XLS;
	return HAK_WB_NONE;
}

/*
 * The row under construction.
 */

void
wb_row_reset(struct wb_row *r, long row)
{
	r->n = 0;
	r->row = row;
	hak_buf_reset(&r->data);
}

/* Put cell col (0-based, after the last one put) holding s[0..len). */
int
wb_row_put(struct wb_row *r, long col, const char *s, size_t len)
{
	size_t need = (size_t)col + 1;

	if (r->data.len + len + (need - r->n) > RECORD_MAX)
		return -1;
	if (need > r->a) {
		HAK_ALLOC_GROW(r->off, need, r->a);
		r->lens = hak_xreallocarray(r->lens, r->a, sizeof(*r->lens));
	}
	while (r->n < need - 1) {
		r->off[r->n] = r->data.len;
		r->lens[r->n++] = 0;
		hak_buf_addch(&r->data, '\0');
	}
	r->off[r->n] = r->data.len;
	r->lens[r->n++] = len;
	hak_buf_add(&r->data, s, len);
	hak_buf_addch(&r->data, '\0');
	return 0;
}

/* Hand the row out as a struct hak_wb_row. */
const struct hak_wb_row *
wb_row_out(struct wb_row *r)
{
	size_t i;

	if (r->n > r->afv) {
		r->afv = r->n;
		r->fv = hak_xreallocarray(r->fv, r->afv, sizeof(*r->fv));
	}
	for (i = 0; i < r->n; i++)
		r->fv[i] = r->data.buf + r->off[i];
	r->out.row = r->row;
	r->out.n = r->n;
	r->out.f = r->fv;
	r->out.len = r->lens;
	return &r->out;
}

void
wb_row_release(struct wb_row *r)
{
	hak_buf_release(&r->data);
	free(r->off);
	free(r->lens);
	free(r->fv);
}

/*
 * Errors.
 */

static int __attribute__((format(printf, 3, 4)))
file_err(struct hak_wb *wb, struct hak_err *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hak_err_vset(err, HAK_EDATA, fmt, ap);
	va_end(ap);
	if (err)
		snprintf(err->where, sizeof(err->where), "%s", wb->name);
	return HAK_EDATA;
}

/* An error met in an XML handler: kept, and the parser stopped; where is
 * the file, or with cell the cell being read (col < 0: its row). */
static void __attribute__((format(printf, 4, 0)))
vfail(struct hak_wb *wb, bool cell, long col, const char *fmt, va_list ap)
{
	if (wb->cb_rc)
		return;
	wb->cb_rc = hak_err_vset(&wb->cb_err, HAK_EDATA, fmt, ap);
	if (cell)
		hak_wb_where(&wb->cb_err, wb->name, wb->sheet, col, wb->row);
	else
		snprintf(wb->cb_err.where, sizeof(wb->cb_err.where), "%s",
			wb->name);
	XML_StopParser(wb->xp, XML_FALSE);
}

static void __attribute__((format(printf, 2, 3)))
xml_fail(struct hak_wb *wb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(wb, false, -1, fmt, ap);
	va_end(ap);
}

static void __attribute__((format(printf, 3, 4)))
cell_fail(struct hak_wb *wb, long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(wb, true, col, fmt, ap);
	va_end(ap);
}

/*
 * ZIP parts.
 */

static int
bomb(struct hak_wb *wb, const char *path, struct hak_err *err)
{
	return file_err(wb, err, "part '%s' inflates past the limits "
		"(%lld MiB, %d times its size): refused as a ZIP bomb", path,
		PART_MAX >> 20, RATIO_MAX);
}

/* Open part path; *found false (HAK_OK) when the ZIP has no such part. */
static int
part_open(struct hak_wb *wb, const char *path, bool *found,
	struct hak_err *err)
{
	zip_stat_t st;
	zip_int64_t idx;

	*found = false;
	if ((idx = zip_name_locate(wb->za, path, ZIP_FL_ENC_GUESS)) < 0)
		return HAK_OK;
	zip_stat_init(&st);
	if (zip_stat_index(wb->za, (zip_uint64_t)idx, 0, &st) < 0 ||
		!(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE))
		return file_err(wb, err, "cannot read part '%s': %s", path,
			zip_strerror(wb->za));
	if (st.size > (zip_uint64_t)PART_MAX ||
		wb->total_read + (long long)st.size > TOTAL_MAX ||
		(st.size > RATIO_FLOOR && st.size / RATIO_MAX >
		st.comp_size))
		return bomb(wb, path, err);
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
		st.encryption_method != ZIP_EM_NONE)
		return file_err(wb, err, "the workbook is protected by a "
			"password; save it without one, or %s", save_hint);
	if (!(wb->zf = zip_fopen_index(wb->za, (zip_uint64_t)idx, 0)))
		return file_err(wb, err, "cannot read part '%s': %s", path,
			zip_strerror(wb->za));
	wb->part_size = (long long)st.size;
	wb->part_read = 0;
	*found = true;
	return HAK_OK;
}

static void
part_close(struct hak_wb *wb)
{
	if (wb->zf)
		zip_fclose(wb->zf);
	wb->zf = NULL;
}

/* Read up to n bytes of the open part; a part that inflates past what
 * the directory said is a bomb. */
static int
part_read(struct hak_wb *wb, void *buf, size_t n, size_t *got,
	const char *path, struct hak_err *err)
{
	zip_int64_t k = zip_fread(wb->zf, buf, n);

	if (k < 0)
		return file_err(wb, err, "cannot read part '%s': %s", path,
			zip_file_strerror(wb->zf));
	wb->part_read += k;
	wb->total_read += k;
	if (wb->part_read > wb->part_size || wb->total_read > TOTAL_MAX)
		return bomb(wb, path, err);
	*got = (size_t)k;
	return HAK_OK;
}

/*
 * XML.
 */

/* A name without its namespace prefix ("x:c" -> "c"). */
static const char *
local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

static const char *
attr(const char **a, const char *name)
{
	for (; a && a[0]; a += 2)
		if (!strcmp(local(a[0]), name))
			return a[1];
	return NULL;
}

static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
	const XML_Char *pubid, int internal)
{
	(void)name, (void)sysid, (void)pubid, (void)internal;
	xml_fail(ud, "XML with a DOCTYPE (entities) is refused");
}

static void XMLCALL
on_entity(void *ud, const XML_Char *name, int pe, const XML_Char *value,
	int len, const XML_Char *base, const XML_Char *sysid,
	const XML_Char *pubid, const XML_Char *notation)
{
	(void)name, (void)pe, (void)value, (void)len, (void)base;
	(void)sysid, (void)pubid, (void)notation;
	xml_fail(ud, "XML entity declarations are refused");
}

static void XMLCALL
on_text(void *ud, const XML_Char *s, int len)
{
	struct hak_wb *wb = ud;

	if (!wb->collect || wb->cb_rc || len <= 0)
		return;
	if (wb->text.len + (size_t)len > FIELD_MAX) {
		if (wb->part == P_SHEET)
			cell_fail(wb, wb->col, "cell over 1 MiB");
		else
			xml_fail(wb, "text over 1 MiB");
		return;
	}
	hak_buf_add(&wb->text, s, (size_t)len);
}

static void XMLCALL on_start(void *ud, const XML_Char *name,
	const XML_Char **a);
static void XMLCALL on_end(void *ud, const XML_Char *name);

static int
xml_new(struct hak_wb *wb, enum part part)
{
	if (wb->xp)
		XML_ParserFree(wb->xp);
	if (!(wb->xp = XML_ParserCreate("UTF-8")))
		return HAK_EOS;
	XML_SetUserData(wb->xp, wb);
	XML_SetElementHandler(wb->xp, on_start, on_end);
	XML_SetCharacterDataHandler(wb->xp, on_text);
	XML_SetStartDoctypeDeclHandler(wb->xp, on_doctype);
	XML_SetEntityDeclHandler(wb->xp, on_entity);
	XML_SetParamEntityParsing(wb->xp, XML_PARAM_ENTITY_PARSING_NEVER);
	wb->part = part;
	wb->depth = 0;
	wb->collect = false;
	wb->cb_rc = 0;
	hak_buf_reset(&wb->text);
	return HAK_OK;
}

static int
xml_error(struct hak_wb *wb, const char *path, struct hak_err *err)
{
	if (wb->cb_rc) {
		if (err)
			*err = wb->cb_err;
		return wb->cb_rc;
	}
	return file_err(wb, err, "part '%s' line %lu: bad XML: %s", path,
		(unsigned long)XML_GetCurrentLineNumber(wb->xp),
		XML_ErrorString(XML_GetErrorCode(wb->xp)));
}

/* Parse a whole part (not the sheet) with the handlers of part; a
 * missing part is HAK_OK with *found false. */
static int
parse_part(struct hak_wb *wb, const char *path, enum part part, bool *found,
	struct hak_err *err)
{
	size_t got;
	void *buf;
	int rc;

	if ((rc = part_open(wb, path, found, err)) || !*found)
		return rc;
	if ((rc = xml_new(wb, part)))
		goto out;
	for (;;) {
		if (!(buf = XML_GetBuffer(wb->xp, CHUNK))) {
			rc = hak_err_set(err, HAK_EOS, "out of memory");
			break;
		}
		if ((rc = part_read(wb, buf, CHUNK, &got, path, err)))
			break;
		if (XML_ParseBuffer(wb->xp, (int)got, got == 0) !=
			XML_STATUS_OK) {
			rc = xml_error(wb, path, err);
			break;
		}
		if (!got)
			break;
	}
out:
	part_close(wb);
	return rc;
}

/*
 * The handlers of the small parts.
 */

static void
rels_start(struct hak_wb *wb, const char *el, const char **a)
{
	const char *id = attr(a, "Id"), *type = attr(a, "Type"),
		*target = attr(a, "Target");
	struct rel *r;

	if (strcmp(el, "Relationship") || !id || !type || !target)
		return;
	if (wb->nrels >= LIST_MAX) {
		xml_fail(wb, "too many relationships");
		return;
	}
	HAK_ALLOC_GROW(wb->rels, wb->nrels + 1, wb->arels);
	r = &wb->rels[wb->nrels++];
	r->id = hak_xstrdup(id);
	r->type = hak_xstrdup(type);
	r->target = hak_xstrdup(target);
}

static void
book_start(struct hak_wb *wb, const char *el, const char **a)
{
	const char *v;
	struct sheet *s;

	if (!strcmp(el, "workbookPr")) {
		v = attr(a, "date1904");
		wb->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	} else if (!strcmp(el, "sheet")) {
		if (!attr(a, "name") || !(v = attr(a, "id")))
			return;
		if (wb->nsheets >= LIST_MAX) {
			xml_fail(wb, "too many sheets");
			return;
		}
		HAK_ALLOC_GROW(wb->sheets, wb->nsheets + 1, wb->asheets);
		s = &wb->sheets[wb->nsheets++];
		s->name = hak_xstrdup(attr(a, "name"));
		s->rid = hak_xstrdup(v);
	}
}

/*
 * A custom number format's kind: date letters (d, m, y) and time letters
 * (h, s, and m next to them), outside quoted text, escapes and [colour]
 * brackets ([h] and [mm] are elapsed time), make it a date or time.
 */
static enum numkind
fmt_kind(const char *s)
{
	bool date = false, time = false, m = false;
	const char *e;
	int c;

	for (; *s; s++) {
		switch (*s) {
		case '"':
			if (!(e = strchr(s + 1, '"')))
				return NK_NUMBER;
			s = e;
			continue;
		case '\\': case '_': case '*':
			if (!s[1])
				return NK_NUMBER;
			s++;
			continue;
		case '[':
			if (!(e = strchr(s, ']')))
				return NK_NUMBER;
			if (e > s + 1 && strspn(s + 1, "hHmMsS") ==
				(size_t)(e - s - 1))
				time = true;
			s = e;
			continue;
		}
		c = tolower((unsigned char)*s);
		if (c == 'd' || c == 'y')
			date = true;
		else if (c == 'h' || c == 's')
			time = true;
		else if (c == 'm')
			m = true;
	}
	if (date || (m && !time))
		return time ? NK_DATETIME : NK_DATE;
	return time ? NK_TIME : NK_NUMBER;
}

/* Excel's built-in formats (ECMA-376 18.8.30), Korean ones included. */
static enum numkind
builtin_kind(long id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) ||
		(id >= 34 && id <= 36) || (id >= 50 && id <= 58))
		return NK_DATE;
	if ((id >= 18 && id <= 21) || id == 32 || id == 33 ||
		(id >= 45 && id <= 47))
		return NK_TIME;
	if (id == 22)
		return NK_DATETIME;
	return NK_NUMBER;
}

static long
num_attr(const char **a, const char *name, long lo, long hi)
{
	const char *v = attr(a, name);
	char *end;
	long x;

	if (!v)
		return -1;
	errno = 0;
	x = strtol(v, &end, 10);
	if (errno || end == v || *end || x < lo || x > hi)
		return -1;
	return x;
}

static void
styles_start(struct hak_wb *wb, const char *el, const char **a)
{
	enum numkind kind;
	const char *code;
	long id;
	size_t old;

	if (!strcmp(el, "numFmt")) {
		id = num_attr(a, "numFmtId", 0, LIST_MAX - 1);
		if (id < 0 || !(code = attr(a, "formatCode")))
			return;
		if ((size_t)id >= wb->afmts) {
			old = wb->afmts;
			wb->afmts = (size_t)id + 1;
			wb->fmts = hak_xrealloc(wb->fmts, wb->afmts);
			memset(wb->fmts + old, 0, wb->afmts - old);
		}
		/* kind + 1: 0 is "not defined here" */
		wb->fmts[id] = (unsigned char)(fmt_kind(code) + 1);
	} else if (!strcmp(el, "cellXfs")) {
		wb->in_xfs = true;
	} else if (wb->in_xfs && !strcmp(el, "xf")) {
		if (wb->nxfs >= LIST_MAX) {
			xml_fail(wb, "too many cell formats");
			return;
		}
		id = num_attr(a, "numFmtId", 0, LIST_MAX - 1);
		HAK_ALLOC_GROW(wb->xfs, wb->nxfs + 1, wb->axfs);
		/* a format the file defines wins over a built-in one */
		if (id < 0)
			kind = NK_NUMBER;
		else if ((size_t)id < wb->afmts && wb->fmts[id])
			kind = (enum numkind)(wb->fmts[id] - 1);
		else
			kind = builtin_kind(id);
		wb->xfs[wb->nxfs++] = (unsigned char)kind;
	}
}

/*
 * Excel escapes characters XML cannot hold as _xHHHH_ ("_x000D_" for a
 * carriage return; "_x005F_" escapes a real "_x"): undo that in place.
 */
static void
unescape(struct hak_buf *b)
{
	char *s = b->buf, *w = b->buf;
	size_t i, n = b->len;
	unsigned long cp;
	char *end;
	char hex[5];

	if (!memchr(s, '_', n))
		return;
	for (i = 0; i < n;) {
		if (i + 7 <= n && s[i] == '_' && s[i + 1] == 'x' &&
			s[i + 6] == '_' && isxdigit((unsigned char)s[i + 2]) &&
			isxdigit((unsigned char)s[i + 3]) &&
			isxdigit((unsigned char)s[i + 4]) &&
			isxdigit((unsigned char)s[i + 5])) {
			memcpy(hex, s + i + 2, 4);
			hex[4] = '\0';
			cp = strtoul(hex, &end, 16);
			/* a control character or '_': one byte; others are
			 * left as they are (no surrogates to pair here) */
			if (cp < 0x80 && cp != 0) {
				*w++ = (char)cp;
				i += 7;
				continue;
			}
		}
		*w++ = s[i++];
	}
	hak_buf_setlen(b, (size_t)(w - b->buf));
}

static void
sst_start(struct hak_wb *wb, const char *el, const char **a)
{
	/* a table that says it is too big is refused before it is read;
	 * one that says less than it holds is caught as it is read */
	if (!strcmp(el, "sst") && num_attr(a, "uniqueCount", 0, LONG_MAX) >
		SST_COUNT_MAX) {
		xml_fail(wb, "shared strings past the limits (%ld strings, "
			"%ld MiB); %s", SST_COUNT_MAX, SST_BYTES_MAX >> 20,
			save_hint);
	} else if (!strcmp(el, "si")) {
		wb->in_si = true;
		hak_buf_reset(&wb->text);
	} else if (!strcmp(el, "rPh")) {
		wb->rph++;
	} else if (wb->in_si && !wb->rph && !strcmp(el, "t")) {
		wb->collect = true;
	}
}

static void
sst_end(struct hak_wb *wb, const char *el)
{
	size_t need;

	if (!strcmp(el, "t")) {
		wb->collect = false;
	} else if (!strcmp(el, "rPh")) {
		if (wb->rph)
			wb->rph--;
	} else if (!strcmp(el, "si") && wb->in_si) {
		wb->in_si = false;
		unescape(&wb->text);
		need = wb->sst_len + wb->text.len + 1;
		if (wb->nsst >= SST_COUNT_MAX || need > SST_BYTES_MAX) {
			xml_fail(wb, "shared strings past the limits (%ld "
				"strings, %ld MiB); %s", SST_COUNT_MAX,
				SST_BYTES_MAX >> 20, save_hint);
			return;
		}
		if (need > wb->sst_alloc) {
			/* doubling, but never past the cap */
			wb->sst_alloc = wb->sst_alloc < 4096 ? 4096 :
				wb->sst_alloc * 2;
			if (wb->sst_alloc < need)
				wb->sst_alloc = need;
			if (wb->sst_alloc > SST_BYTES_MAX)
				wb->sst_alloc = SST_BYTES_MAX;
			wb->sst = hak_xrealloc(wb->sst, wb->sst_alloc);
		}
		HAK_ALLOC_GROW(wb->sst_off, wb->nsst + 1, wb->asst);
		wb->sst_off[wb->nsst++] = (uint32_t)wb->sst_len;
		memcpy(wb->sst + wb->sst_len, wb->text.buf, wb->text.len);
		wb->sst[wb->sst_len + wb->text.len] = '\0';
		wb->sst_len = need;
		hak_buf_reset(&wb->text);
	}
}

/*
 * The sheet.
 */

/* "BC12" -> col 54 (0-based), row 12; false when it is not a reference
 * or is past XFD1048576. */
static bool
parse_ref(const char *s, long *col, long *row)
{
	long c = 0, r = 0;
	int nl = 0, nd = 0;

	for (; *s >= 'A' && *s <= 'Z'; s++, nl++) {
		c = c * 26 + (*s - 'A' + 1);
		if (c > HAK_WB_MAX_COL)
			return false;
	}
	if (*s == '$' && nl == 0)
		return false;
	for (; *s >= '0' && *s <= '9'; s++, nd++) {
		r = r * 10 + (*s - '0');
		if (r > HAK_WB_MAX_ROW)
			return false;
	}
	if (*s || !nl || !nd || !r)
		return false;
	*col = c - 1;
	*row = r;
	return true;
}

static void
row_start(struct hak_wb *wb, const char **a)
{
	const char *v = attr(a, "r");
	char *end;
	long r;

	if (v) {
		errno = 0;
		r = strtol(v, &end, 10);
		if (errno || end == v || *end || r < 1 ||
			r > HAK_WB_MAX_ROW) {
			xml_fail(wb, "sheet '%s': bad row number '%.20s' (rows "
				"go from 1 to %ld)", wb->sheet, v, HAK_WB_MAX_ROW);
			return;
		}
		if (r <= wb->row) {
			wb->row = r;
			cell_fail(wb, -1, "row %ld comes after a later row",
				r);
			return;
		}
	} else {
		r = wb->row + 1;
		if (r > HAK_WB_MAX_ROW) {
			cell_fail(wb, -1, "rows past %ld", HAK_WB_MAX_ROW);
			return;
		}
	}
	wb->row = r;
	wb->col = -1;
	wb->in_row = true;
	wb_row_reset(&wb->rowbuf, r);
}

static void
cell_start(struct hak_wb *wb, const char **a)
{
	const char *ref = attr(a, "r"), *t = attr(a, "t");
	long col, row;

	if (ref) {
		if (!parse_ref(ref, &col, &row)) {
			cell_fail(wb, -1, "bad cell reference '%.20s' (cells "
				"go from A1 to XFD%ld)", ref, HAK_WB_MAX_ROW);
			return;
		}
		if (row != wb->row || col <= wb->col) {
			cell_fail(wb, col, "cell %s is out of order", ref);
			return;
		}
	} else {
		col = wb->col + 1;
		if (col >= HAK_WB_MAX_COL) {
			cell_fail(wb, -1, "cells past column XFD");
			return;
		}
	}
	wb->col = col;
	wb->in_cell = true;
	wb->have_v = false;
	/* a formula's string (str), an error (#N/A) and an ISO date (d)
	 * are text as they are; an unknown type is read as a number */
	wb->ctype = !t ? CT_NUMBER : !strcmp(t, "s") ? CT_SHARED :
		!strcmp(t, "inlineStr") ? CT_INLINE : !strcmp(t, "b") ? CT_BOOL :
		!strcmp(t, "str") || !strcmp(t, "e") || !strcmp(t, "d") ?
		CT_TEXT : CT_NUMBER;
	wb->cstyle = num_attr(a, "s", 0, LONG_MAX);
	hak_buf_reset(&wb->text);
}

/* The text of a number (Excel keeps 15 significant digits): integers
 * that a double holds exactly (below 2^53) without ".0" or an exponent. */
void
wb_number_text(double x, char *out, size_t n)
{
	if (x == 0)
		snprintf(out, n, "0");
	else if (x == floor(x) && fabs(x) < 9007199254740992.0)
		snprintf(out, n, "%.0f", x);
	else
		snprintf(out, n, "%.15G", x);
}

/* A serial date of the 1900 or 1904 system as text of kind. */
static bool
serial_text(double x, enum numkind kind, bool d1904, char *out, size_t n)
{
	char day[HAK_DATE_LEN];
	long long days, secs;
	int32_t base;

	/* up to 9999-12-31, Excel's last day */
	if (!(x >= 0 && x < 2958466))
		return false;
	days = (long long)floor(x);
	secs = llround((x - (double)days) * 86400.0);
	if (secs >= 86400) {
		days++;
		secs -= 86400;
	}
	if (d1904) {
		base = hak_day_from_ymd(1904, 1, 1);
	} else if (days == 60) {
		/* Lotus 1-2-3's 29 February 1900, which never was */
		snprintf(day, sizeof(day), "1900-02-29");
		base = 0;
	} else {
		/* day 1 is 1900-01-01; after the false leap day, one less */
		base = hak_day_from_ymd(1899, 12, days < 60 ? 31 : 30);
	}
	if (kind == NK_TIME || (!d1904 && days == 0)) {
		secs += days * 86400;
		snprintf(out, n, "%02lld:%02lld:%02lld", secs / 3600,
			secs / 60 % 60, secs % 60);
		return true;
	}
	if (d1904 || days != 60)
		hak_day_format(base + (int32_t)days, day);
	if (kind == NK_DATE)
		snprintf(out, n, "%s", day);
	else
		snprintf(out, n, "%s %02lld:%02lld:%02lld", day, secs / 3600,
			secs / 60 % 60, secs % 60);
	return true;
}

/* The text of the cell just read, into wb->text. */
static void
cell_value(struct hak_wb *wb)
{
	char num[64], *end;
	enum numkind kind = NK_NUMBER;
	unsigned long idx;
	double x;

	if (wb->ctype == CT_INLINE || wb->ctype == CT_TEXT) {
		unescape(&wb->text);
		return;
	}
	if (!wb->have_v || !wb->text.len)
		return;
	if (wb->ctype == CT_SHARED) {
		errno = 0;
		idx = strtoul(wb->text.buf, &end, 10);
		if (errno || *end || end == wb->text.buf || idx >= wb->nsst) {
			cell_fail(wb, wb->col, "shared string %.20s does not "
				"exist (%zu in the workbook)", wb->text.buf,
				wb->nsst);
			return;
		}
		hak_buf_reset(&wb->text);
		hak_buf_adds(&wb->text, wb->sst + wb->sst_off[idx]);
		return;
	}
	if (wb->ctype == CT_BOOL) {
		x = !strcmp(wb->text.buf, "0") ? 0 : 1;
		hak_buf_reset(&wb->text);
		hak_buf_adds(&wb->text, x ? "TRUE" : "FALSE");
		return;
	}
	errno = 0;
	x = strtod(wb->text.buf, &end);
	if (errno == EINVAL || end == wb->text.buf || *end || !isfinite(x)) {
		cell_fail(wb, wb->col, "'%.40s' is not a number", wb->text.buf);
		return;
	}
	if (wb->cstyle >= 0 && (size_t)wb->cstyle < wb->nxfs)
		kind = (enum numkind)wb->xfs[wb->cstyle];
	if (kind == NK_NUMBER ||
		!serial_text(x, kind, wb->date1904, num, sizeof(num)))
		wb_number_text(x, num, sizeof(num));
	hak_buf_reset(&wb->text);
	hak_buf_adds(&wb->text, num);
}

static void
sheet_start(struct hak_wb *wb, const char *el, const char **a)
{
	if (!strcmp(el, "sheetData")) {
		wb->in_sheetdata = true;
	} else if (!wb->in_sheetdata) {
		return;
	} else if (!strcmp(el, "row")) {
		if (!wb->in_row)
			row_start(wb, a);
	} else if (!wb->in_row) {
		return;
	} else if (!strcmp(el, "c")) {
		if (!wb->in_cell)
			cell_start(wb, a);
	} else if (!wb->in_cell) {
		return;
	} else if (!strcmp(el, "v")) {
		wb->collect = true;
		wb->have_v = true;
		hak_buf_reset(&wb->text);
	} else if (!strcmp(el, "rPh")) {
		wb->rph++;
	} else if (!strcmp(el, "t") && !wb->rph &&
		wb->ctype == CT_INLINE) {
		wb->collect = true;
	}
}

static void
sheet_end(struct hak_wb *wb, const char *el)
{
	if (!strcmp(el, "sheetData")) {
		wb->in_sheetdata = false;
	} else if (!strcmp(el, "v") || !strcmp(el, "t")) {
		wb->collect = false;
	} else if (!strcmp(el, "rPh")) {
		if (wb->rph)
			wb->rph--;
	} else if (!strcmp(el, "c") && wb->in_cell) {
		wb->in_cell = false;
		wb->collect = false;
		cell_value(wb);
		if (wb->cb_rc || !wb->text.len)
			return;
		if (wb_row_put(&wb->rowbuf, wb->col, wb->text.buf,
			wb->text.len))
			cell_fail(wb, wb->col, "row over 16 MiB");
	} else if (!strcmp(el, "row") && wb->in_row) {
		wb->in_row = false;
		if (wb->rowbuf.n) {
			wb->row_ready = true;
			XML_StopParser(wb->xp, XML_TRUE);
		}
	}
}

static void XMLCALL
on_start(void *ud, const XML_Char *name, const XML_Char **a)
{
	struct hak_wb *wb = ud;
	const char *el = local(name);

	if (wb->cb_rc)
		return;
	wb->depth++;
	switch (wb->part) {
	case P_RELS:
		rels_start(wb, el, a);
		break;
	case P_BOOK:
		book_start(wb, el, a);
		break;
	case P_SST:
		sst_start(wb, el, a);
		break;
	case P_STYLES:
		styles_start(wb, el, a);
		break;
	case P_SHEET:
		sheet_start(wb, el, a);
		break;
	}
}

static void XMLCALL
on_end(void *ud, const XML_Char *name)
{
	struct hak_wb *wb = ud;
	const char *el = local(name);

	if (wb->cb_rc)
		return;
	wb->depth--;
	if (wb->part == P_SST)
		sst_end(wb, el);
	else if (wb->part == P_SHEET)
		sheet_end(wb, el);
	else if (wb->part == P_STYLES && !strcmp(el, "cellXfs"))
		wb->in_xfs = false;
}

/*
 * Finding the parts: _rels/.rels names the workbook, the workbook's
 * relationships its sheets, shared strings and styles.
 */

static void
rels_clear(struct hak_wb *wb)
{
	size_t i;

	for (i = 0; i < wb->nrels; i++) {
		free(wb->rels[i].id);
		free(wb->rels[i].type);
		free(wb->rels[i].target);
	}
	wb->nrels = 0;
}

/* Target of the first relationship whose type ends in "/suffix" (or with
 * id when suffix is NULL), resolved against dir ("xl/"); caller frees. */
static char *
rel_find(struct hak_wb *wb, const char *suffix, const char *id,
	const char *dir)
{
	struct hak_buf p = HAK_BUF_INIT;
	const char *t = NULL, *seg;
	size_t i, n, k;

	for (i = 0; i < wb->nrels && !t; i++) {
		const struct rel *r = &wb->rels[i];
		const char *slash = strrchr(r->type, '/');

		if (suffix ? slash && !strcmp(slash + 1, suffix) :
			!strcmp(r->id, id))
			t = r->target;
	}
	if (!t)
		return NULL;
	if (*t == '/')
		t++;
	else
		hak_buf_adds(&p, dir);
	/* resolve "../" and "./" segments */
	while (*t) {
		seg = t;
		n = strcspn(t, "/");
		t += n;
		if (*t == '/')
			t++;
		if ((n == 1 && seg[0] == '.') || n == 0)
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			k = p.len ? p.len - 1 : 0;
			while (k > 0 && p.buf[k - 1] != '/')
				k--;
			hak_buf_setlen(&p, k);
			continue;
		}
		hak_buf_add(&p, seg, n);
		if (*t || seg[n] == '/')
			hak_buf_addch(&p, '/');
	}
	return hak_buf_detach(&p, NULL);
}

/* "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels"; caller frees. */
static char *
rels_path(const char *part)
{
	const char *slash = strrchr(part, '/');

	if (!slash)
		return hak_xasprintf("_rels/%s.rels", part);
	return hak_xasprintf("%.*s/_rels/%s.rels", (int)(slash - part), part,
		slash + 1);
}

static char *
dir_of(const char *part)
{
	const char *slash = strrchr(part, '/');

	return hak_xstrndup(part, slash ? (size_t)(slash - part) + 1 : 0);
}

/* The sheet asked for: by name, else by number; -1 when none. */
static long
sheet_pick(struct hak_wb *wb, const char *want)
{
	size_t i;
	char *end;
	long n;

	if (!want)
		return wb->nsheets ? 0 : -1;
	for (i = 0; i < wb->nsheets; i++)
		if (!strcmp(wb->sheets[i].name, want))
			return (long)i;
	for (i = 0; i < wb->nsheets; i++)
		if (!strcasecmp(wb->sheets[i].name, want))
			return (long)i;
	errno = 0;
	n = strtol(want, &end, 10);
	if (!errno && end != want && !*end && n >= 1 &&
		(size_t)n <= wb->nsheets)
		return n - 1;
	return -1;
}

int
wb_no_sheet(const char *name, const char *want, char *const *names,
	size_t n, struct hak_err *err)
{
	struct hak_buf b = HAK_BUF_INIT;
	size_t i;
	int rc;

	for (i = 0; i < n && i < 20; i++)
		hak_buf_addf(&b, "%s'%s'", i ? ", " : "", names[i]);
	if (n > 20)
		hak_buf_adds(&b, ", ...");
	if (!want)
		rc = hak_err_set(err, HAK_EDATA, "the workbook has no sheet");
	else
		rc = hak_err_set(err, HAK_EDATA, "no sheet '%s' (the sheets: "
			"%s; or a number from 1 to %zu)", want, b.buf, n);
	if (err)
		snprintf(err->where, sizeof(err->where), "%s", name);
	hak_buf_release(&b);
	return rc;
}

static int
xlsx_open(struct hak_wb *wb, int fd, const char *want, struct hak_err *err)
{
	char *book = NULL, *dir = NULL, *rp = NULL, *path = NULL;
	char **names = NULL;
	bool found;
	long pick;
	size_t i;
	int zerr = 0, rc;

	if (!(wb->za = zip_fdopen(fd, ZIP_RDONLY, &zerr))) {
		zip_error_t ze;

		close(fd);
		zip_error_init_with_code(&ze, zerr);
		rc = file_err(wb, err, "not a readable .xlsx workbook (%s); "
			"%s", zip_error_strerror(&ze), save_hint);
		zip_error_fini(&ze);
		return rc;
	}
	if ((rc = parse_part(wb, "_rels/.rels", P_RELS, &found, err)))
		return rc;
	book = rel_find(wb, "officeDocument", NULL, "");
	if (!book)
		book = hak_xstrdup("xl/workbook.xml");
	rels_clear(wb);
	if ((rc = parse_part(wb, book, P_BOOK, &found, err)))
		goto out;
	if (!found) {
		rc = file_err(wb, err, "a ZIP file but not an .xlsx workbook "
			"(no '%s'); %s", book, save_hint);
		goto out;
	}
	dir = dir_of(book);
	rp = rels_path(book);
	if ((rc = parse_part(wb, rp, P_RELS, &found, err)))
		goto out;
	if ((pick = sheet_pick(wb, want)) < 0) {
		names = hak_xcalloc(wb->nsheets + 1, sizeof(*names));
		for (i = 0; i < wb->nsheets; i++)
			names[i] = wb->sheets[i].name;
		rc = wb_no_sheet(wb->name, want, names, wb->nsheets, err);
		goto out;
	}
	wb->sheet = hak_xstrdup(wb->sheets[pick].name);

	path = rel_find(wb, "styles", NULL, dir);
	if ((rc = parse_part(wb, path ? path : "xl/styles.xml", P_STYLES,
		&found, err)))
		goto out;
	free(path);
	path = rel_find(wb, "sharedStrings", NULL, dir);
	if ((rc = parse_part(wb, path ? path : "xl/sharedStrings.xml", P_SST,
		&found, err)))
		goto out;
	free(path);
	if (!(path = rel_find(wb, NULL, wb->sheets[pick].rid, dir))) {
		rc = file_err(wb, err, "sheet '%s' has no part", wb->sheet);
		goto out;
	}
	if ((rc = part_open(wb, path, &found, err)))
		goto out;
	if (!found) {
		rc = file_err(wb, err, "sheet '%s': no part '%s'", wb->sheet,
			path);
		goto out;
	}
	if ((rc = xml_new(wb, P_SHEET)))
		goto out;
	wb->sheet_path = path;
	path = NULL;
out:
	free(names);
	free(path);
	free(book);
	free(dir);
	free(rp);
	rels_clear(wb);
	return rc;
}

static int
xlsx_read(struct hak_wb *wb, const struct hak_wb_row **row,
	struct hak_err *err)
{
	enum XML_Status st;
	size_t got;
	void *buf;
	int rc;

	wb->row_ready = false;
	for (;;) {
		if (wb->suspended) {
			wb->suspended = false;
			st = XML_ResumeParser(wb->xp);
		} else if (wb->xml_done) {
			return HAK_OK;
		} else {
			if (!(buf = XML_GetBuffer(wb->xp, CHUNK)))
				return hak_err_set(err, HAK_EOS,
					"out of memory");
			if ((rc = part_read(wb, buf, CHUNK, &got,
				wb->sheet_path, err)))
				return rc;
			wb->xml_done = !got;
			st = XML_ParseBuffer(wb->xp, (int)got, !got);
		}
		if (st == XML_STATUS_ERROR) {
			wb->xml_done = true;
			return xml_error(wb, wb->sheet_path, err);
		}
		if (st == XML_STATUS_SUSPENDED)
			wb->suspended = true;
		if (wb->row_ready) {
			*row = wb_row_out(&wb->rowbuf);
			return HAK_OK;
		}
	}
}

int
hak_wb_open(int fd, enum hak_wb_kind kind, const char *name,
	const char *sheet, struct hak_wb **wbp, struct hak_err *err)
{
	struct hak_wb *wb;
	int dfd, rc;

	*wbp = NULL;
	wb = hak_xcalloc(1, sizeof(*wb));
	wb->kind = kind;
	wb->name = hak_xstrdup(name ? name : "stdin");
	hak_buf_init(&wb->text, 0);
	hak_buf_init(&wb->rowbuf.data, 0);
	if (kind == HAK_WB_XLS) {
		rc = wb_xls_open(&wb->xls, fd, wb->name, sheet, &wb->sheet,
			err);
	} else if (kind != HAK_WB_XLSX) {
		rc = file_err(wb, err, "not a workbook");
	} else if ((dfd = dup(fd)) < 0) {
		rc = hak_err_set(err, HAK_EOS, "cannot read '%s': %s",
			wb->name, strerror(errno));
	} else {
		rc = xlsx_open(wb, dfd, sheet, err);
	}
	if (rc) {
		hak_wb_close(wb);
		return rc;
	}
	*wbp = wb;
	return HAK_OK;
}

int
hak_wb_read(struct hak_wb *wb, const struct hak_wb_row **row,
	struct hak_err *err)
{
	*row = NULL;
	if (wb->kind == HAK_WB_XLS)
		return wb_xls_read(wb->xls, &wb->rowbuf, row, err);
	return xlsx_read(wb, row, err);
}

const char *
hak_wb_sheet(const struct hak_wb *wb)
{
	return wb->sheet;
}

void
hak_wb_progress(const struct hak_wb *wb, long long *done, long long *total)
{
	if (wb->kind == HAK_WB_XLS) {
		*done = 0;
		*total = -1;
		return;
	}
	*done = wb->part_read;
	*total = wb->part_size;
}

void
hak_wb_close(struct hak_wb *wb)
{
	size_t i;

	if (!wb)
		return;
	part_close(wb);
	if (wb->za)
		zip_discard(wb->za);
	if (wb->xp)
		XML_ParserFree(wb->xp);
	wb_xls_close(wb->xls);
	rels_clear(wb);
	free(wb->rels);
	for (i = 0; i < wb->nsheets; i++) {
		free(wb->sheets[i].name);
		free(wb->sheets[i].rid);
	}
	free(wb->sheets);
	free(wb->sst);
	free(wb->sst_off);
	free(wb->fmts);
	free(wb->xfs);
	hak_buf_release(&wb->text);
	wb_row_release(&wb->rowbuf);
	free(wb->sheet);
	free(wb->sheet_path);
	free(wb->name);
	free(wb);
}
