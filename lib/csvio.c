/* SPDX-License-Identifier: MIT */
/* Reading CSV input files (SPEC 2.7-2.9) and quoting CSV fields. */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <search.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "hak/buf.h"
#include "hak/csvio.h"
#include "hak/digest.h"
#include "hak/err.h"
#include "hak/text.h"
#include "hak/workbook.h"
#include "banned.h"

#define CHUNK		(64 * 1024)
/* Room for an incomplete sequence carried over to the next read. */
#define RAW_CAP		(CHUNK + 64)
/* The whole-input encoding check reads this much at a time. */
#define SCAN_CHUNK	(256 * 1024)
#define FIELD_MAX	(1024 * 1024)
#define CP949_LEADS	126		/* 0x81..0xFE */
#define CP949_TRAILS	190		/* 0x41..0xFE */
#define CP949_BAD	1u
#define RECORD_MAX	(16 * 1024 * 1024)

static const char save_hint[] = "save it from the spreadsheet as "
	"\"CSV UTF-8 (comma delimited)\"";

struct hak_csv {
	FILE *fp;
	bool own_fp;
	FILE *spool;			/* unread bytes of fp, read first */
	char *name;
	enum hak_encoding enc;		/* as decided; AUTO until then */
	unsigned flags;
	iconv_t cd;
	bool have_cd;
	uint32_t *cp949;		/* pairs met so far, see cp949_pair */
	struct csv_parser p;
	bool have_p;
	struct hak_sha256 *sha;
	char hex[HAK_SHA256_HEX];

	unsigned char raw[RAW_CAP];	/* file bytes [rpos, rlen) not parsed */
	size_t rpos, rlen;
	long long nread;		/* bytes read from fp so far */
	long long size;			/* to read of a regular file, or -1 */
	bool eof;			/* fread saw the end */
	bool done;			/* csv_fini ran */
	int failed;			/* a sticky error code */
	struct hak_buf conv;		/* UTF-8 of one segment */
	struct hak_buf tmp;

	/*
	 * Physical lines: a line ends at LF, CR LF or a lone CR.  Segments
	 * handed to libcsv end at the first CR or LF, so each parse ends at
	 * most one record and every byte of a segment is on cur_line.
	 */
	long cur_line;
	bool pending_cr;		/* the last byte parsed was a CR */
	long next_line;			/* where the next record starts */
	long field_line;		/* where the field in progress starts */
	long rows;			/* rows ended so far, empty ones too */
	bool prev_cr;			/* the last row ended with CR */

	bool in_rec;
	long rec_line;
	struct hak_buf fbuf;		/* the record's fields, NUL-ended */
	size_t *off, *flen;
	size_t nf, af;
	size_t reclen;
	bool ready;			/* a record is complete */
	bool returned;			/* ... and was handed out */
	char **fv;
	size_t afv;
	struct hak_csv_rec rec;

	int cb_rc;			/* an error met inside a callback */
	struct hak_err cb_err;

	off_t start;			/* where fp was at open, or -1 */
	struct hak_wb *wb;		/* a workbook's sheet, read instead */
};

int
hak_encoding_parse(const char *s, enum hak_encoding *enc, struct hak_err *err)
{
	if (!strcasecmp(s, "auto"))
		*enc = HAK_ENC_AUTO;
	else if (!strcasecmp(s, "utf-8") || !strcasecmp(s, "utf8"))
		*enc = HAK_ENC_UTF8;
	else if (!strcasecmp(s, "cp949") || !strcasecmp(s, "euc-kr"))
		*enc = HAK_ENC_CP949;
	else
		return hak_err_set(err, HAK_EUSAGE, "unknown encoding '%s' "
			"(auto, utf-8 or cp949)", s);
	return HAK_OK;
}

/* No character is white space to libcsv: fields keep their blanks. */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* An error in the data at FILE:N (N a row or a line). */
static int __attribute__((format(printf, 4, 5)))
data_err(struct hak_csv *r, struct hak_err *err, long n, const char *fmt,
	...)
{
	va_list ap;

	va_start(ap, fmt);
	hak_err_vset(err, HAK_EDATA, fmt, ap);
	va_end(ap);
	hak_err_where(err, r->name, n, 0);
	return HAK_EDATA;
}

/* Move what is left to the front and read one more chunk. */
static int
fill(struct hak_csv *r, struct hak_err *err)
{
	size_t left = r->rlen - r->rpos, want, n = 0;

	memmove(r->raw, r->raw + r->rpos, left);
	r->rpos = 0;
	r->rlen = left;
	want = RAW_CAP - left < CHUNK ? RAW_CAP - left : CHUNK;
	if (r->spool) {
		n = fread(r->raw + left, 1, want, r->spool);
		if (n < want && ferror(r->spool))
			return hak_err_at(err, HAK_EIO, r->name, "cannot read "
				"the temporary copy: %s", strerror(errno));
		if (n < want) {
			/* what the encoding check read is used up */
			fclose(r->spool);
			r->spool = NULL;
		}
	}
	if (n < want) {
		n += fread(r->raw + left + n, 1, want - n, r->fp);
		if (n < want) {
			if (ferror(r->fp))
				return hak_err_at(err, HAK_EIO, r->name,
					"cannot read: %s", strerror(errno));
			r->eof = true;
		}
	}
	hak_sha256_update(r->sha, r->raw + left, n);
	r->rlen += n;
	r->nread += (long long)n;
	return HAK_OK;
}

static int
open_iconv(struct hak_csv *r, struct hak_err *err)
{
	r->cd = iconv_open("UTF-8", "CP949");
	if (r->cd == (iconv_t)-1)
		return hak_err_set(err, HAK_EOS,
			"cannot convert from CP949: %s", strerror(errno));
	r->have_cd = true;
	r->cp949 = hak_xcalloc(CP949_LEADS * CP949_TRAILS,
		sizeof(*r->cp949));
	return HAK_OK;
}

/* Refuse what is not CSV text, strip a UTF-8 BOM (SPEC 2.9). */
static int
sniff(struct hak_csv *r, struct hak_err *err)
{
	const unsigned char *s = r->raw;
	size_t n = r->rlen, i = 0;

	if (n >= 2 && ((s[0] == 0xff && s[1] == 0xfe) ||
		(s[0] == 0xfe && s[1] == 0xff)))
		return hak_err_at(err, HAK_EDATA, r->name,
			"file is UTF-16 text; %s", save_hint);
	if (n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) {
		i = r->rpos = 3;
		if (r->enc == HAK_ENC_AUTO)
			r->enc = HAK_ENC_UTF8;
	}
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
		s[i] == '\n'))
		i++;
	/* <html, <!DOCTYPE, <table, <?xml: a web page saved as .xls */
	if (i + 1 < n && s[i] == '<' && (isalpha(s[i + 1]) || s[i + 1] == '!' ||
		s[i + 1] == '?'))
		return hak_err_at(err, HAK_EDATA, r->name,
			"file is a web page (HTML saved as .xls), not CSV; %s",
			save_hint);
	return HAK_OK;
}

/*
 * Check s[0..n) as UTF-8: Unicode's well-formed sequences only, so no
 * overlong forms, surrogates or code points past U+10FFFF.  Returns the
 * length of the valid prefix made of whole sequences; *bad is set when
 * what follows it is invalid rather than a sequence cut off by the end of
 * s.  This is the hot loop of every UTF-8 read and of the encoding check:
 * ASCII goes 8 bytes at a time, the rest without a call per sequence.
 */
static size_t
utf8_prefix(const unsigned char *s, size_t n, bool *bad)
{
	const uint64_t high = 0x8080808080808080u;
	uint64_t w;
	size_t i = 0, j, k;
	unsigned char c, lo, hi;

	*bad = false;
	while (i < n) {
		while (n - i >= 8) {
			memcpy(&w, s + i, 8);
			if (w & high)
				break;
			i += 8;
		}
		if (i == n)
			break;
		if ((c = s[i]) < 0x80) {
			i++;
			continue;
		}
		/* the lead byte fixes the length and the second byte's range */
		lo = 0x80, hi = 0xbf;
		if (c >= 0xc2 && c <= 0xdf) {
			k = 2;
		} else if (c >= 0xe0 && c <= 0xef) {
			k = 3;
			if (c == 0xe0)
				lo = 0xa0;	/* overlong */
			else if (c == 0xed)
				hi = 0x9f;	/* surrogates */
		} else if (c >= 0xf0 && c <= 0xf4) {
			k = 4;
			if (c == 0xf0)
				lo = 0x90;	/* overlong */
			else if (c == 0xf4)
				hi = 0x8f;	/* past U+10FFFF */
		} else {
			*bad = true;
			break;
		}
		for (j = 1; j < k && i + j < n; j++) {
			c = s[i + j];
			if (j == 1 ? c < lo || c > hi : (c & 0xc0) != 0x80) {
				*bad = true;
				return i;
			}
		}
		if (j < k)
			break;		/* cut off by the end of s */
		i += k;
	}
	return i;
}

/* A 0600 temporary file, unlinked at once, to hold what a stream gave. */
static int
open_spool(struct hak_csv *r, struct hak_err *err)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd, e, rc;

	if (!dir || !*dir)
		dir = "/tmp";
	path = hak_xasprintf("%s/hak-csv.XXXXXX", dir);
	if ((fd = mkstemp(path)) >= 0) {
		unlink(path);
		if ((r->spool = fdopen(fd, "w+b")))
			goto out;
		e = errno;
		close(fd);
		errno = e;
	}
	rc = hak_err_set(err, hak_code_from_errno(errno), "cannot copy '%s' "
		"to a temporary file in '%s': %s", r->name, dir,
		strerror(errno));
	free(path);
	return rc;
out:
	free(path);
	return HAK_OK;
}

/*
 * Read the next bytes after the ones scanned so far into buf[0..want):
 * from a regular file at *off without moving it, else from the stream,
 * keeping a copy in the spool for the reads that follow.  0 at the end.
 */
static int
scan_read(struct hak_csv *r, int fd, off_t *off, unsigned char *buf,
	size_t want, size_t *got, struct hak_err *err)
{
	ssize_t n;

	if (!r->spool) {
		while ((n = pread(fd, buf, want, *off)) < 0 && errno == EINTR)
			;
		if (n < 0)
			return hak_err_at(err, HAK_EIO, r->name,
				"cannot read: %s", strerror(errno));
		*got = (size_t)n;
		*off += n;
		return HAK_OK;
	}
	*got = fread(buf, 1, want, r->fp);
	if (*got < want && ferror(r->fp))
		return hak_err_at(err, HAK_EIO, r->name, "cannot read: %s",
			strerror(errno));
	if (fwrite(buf, 1, *got, r->spool) != *got)
		return hak_err_at(err, HAK_EIO, r->name, "cannot copy to a "
			"temporary file: %s", strerror(errno));
	return HAK_OK;
}

/*
 * --encoding auto without a BOM (SPEC 2.9): the input is UTF-8 if all of
 * it is valid UTF-8, else CP949.  A single sequence invalid in UTF-8
 * decides, so the check stops there; valid UTF-8 is read to the end.  A
 * regular file is read ahead with pread and left where it was; any other
 * stream is copied to a spool file while it is checked, and fill() reads
 * that copy before the rest of the stream.  Memory stays one chunk.
 */
static int
decide(struct hak_csv *r, struct hak_err *err)
{
	struct stat st;
	unsigned char *buf = NULL;
	size_t n = r->rlen - r->rpos, k, carry, got = 0;
	off_t off = 0;
	bool bad;
	int fd, rc = HAK_OK;

	k = utf8_prefix(r->raw + r->rpos, n, &bad);
	carry = n - k;
	if (bad || r->eof)
		goto out;
	fd = fileno(r->fp);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) ||
		(off = ftello(r->fp)) < 0) {
		if ((rc = open_spool(r, err)))
			return rc;
	}
	buf = hak_xmalloc(SCAN_CHUNK);
	/* a sequence cut off by the end of the first chunk goes on here */
	memcpy(buf, r->raw + r->rlen - carry, carry);
	for (;;) {
		rc = scan_read(r, fd, &off, buf + carry, SCAN_CHUNK - carry,
			&got, err);
		if (rc || !got)
			break;
		n = carry + got;
		k = utf8_prefix(buf, n, &bad);
		if (bad)
			break;
		carry = n - k;
		memmove(buf, buf + k, carry);
	}
	free(buf);
	if (rc)
		return rc;
	if (r->spool && (fflush(r->spool) || fseeko(r->spool, 0, SEEK_SET)))
		return hak_err_at(err, HAK_EIO, r->name, "cannot copy to a "
			"temporary file: %s", strerror(errno));
out:
	/* a sequence cut off by the end of the input is invalid too */
	r->enc = bad || carry ? HAK_ENC_CP949 : HAK_ENC_UTF8;
	return HAK_OK;
}

/* What is left to read of fp when it is a regular file, else -1. */
static long long
input_size(FILE *fp)
{
	struct stat st;
	off_t at;

	if (fstat(fileno(fp), &st) < 0 || !S_ISREG(st.st_mode))
		return -1;
	at = ftello(fp);
	return at >= 0 && at <= st.st_size ? (long long)(st.st_size - at) :
		-1;
}

/*
 * A workbook (SPEC 2.9) is read by hak/workbook.h from a regular file:
 * the input itself when it is one, read from its start, else a copy in
 * a 0600 temporary file.  Its SHA-256 covers every byte of the file.
 */
static int
open_workbook(struct hak_csv *r, enum hak_wb_kind kind, const char *sheet,
	struct hak_err *err)
{
	unsigned char *buf;
	struct stat st;
	off_t off = 0;
	ssize_t n;
	size_t k;
	int fd = fileno(r->fp), rc = HAK_OK;

	buf = hak_xmalloc(SCAN_CHUNK);
	if (r->start == 0 && fd >= 0 && !fstat(fd, &st) &&
		S_ISREG(st.st_mode)) {
		/* hash the file from its start, as the reader sees it */
		hak_sha256_free(r->sha);
		r->sha = hak_sha256_new();
		while ((n = pread(fd, buf, SCAN_CHUNK, off)) > 0) {
			hak_sha256_update(r->sha, buf, (size_t)n);
			off += n;
		}
		if (n < 0)
			rc = hak_err_at(err, HAK_EIO, r->name,
				"cannot read: %s", strerror(errno));
	} else if (!(rc = open_spool(r, err))) {
		k = r->rlen;
		memcpy(buf, r->raw, k);
		do {
			if (fwrite(buf, 1, k, r->spool) != k) {
				rc = hak_err_at(err, HAK_EIO, r->name,
					"cannot copy to a temporary file: %s",
					strerror(errno));
				break;
			}
			k = fread(buf, 1, SCAN_CHUNK, r->fp);
			hak_sha256_update(r->sha, buf, k);
		} while (k > 0);
		if (!rc && ferror(r->fp))
			rc = hak_err_at(err, HAK_EIO, r->name,
				"cannot read: %s", strerror(errno));
		if (!rc && fflush(r->spool))
			rc = hak_err_at(err, HAK_EIO, r->name,
				"cannot copy to a temporary file: %s",
				strerror(errno));
		fd = fileno(r->spool);
	}
	free(buf);
	if (rc)
		return rc;
	return hak_wb_open(fd, kind, r->name, sheet, &r->wb, err);
}

/* Open fp (named name) as hak_csv_open_sheet says. */
static int
open_fp(FILE *fp, const char *name, enum hak_encoding enc, unsigned flags,
	const char *sheet, struct hak_csv **rp, struct hak_err *err)
{
	enum hak_wb_kind kind;
	struct hak_csv *r;
	int rc;

	*rp = NULL;
	r = hak_xcalloc(1, sizeof(*r));
	r->start = ftello(fp);
	r->fp = fp;
	r->name = hak_xstrdup(name ? name : "stdin");
	r->enc = enc;
	r->flags = flags;
	r->cur_line = r->next_line = r->field_line = 1;
	hak_buf_init(&r->conv, 0);
	hak_buf_init(&r->tmp, 0);
	hak_buf_init(&r->fbuf, 0);
	r->sha = hak_sha256_new();
	r->size = input_size(fp);
	/*
	 * Not strict: a quote inside an unquoted field is kept as it is, as
	 * spreadsheets read it (csv-spectrum's location_coordinates).  Only
	 * an unclosed quote at the end is an error; see finish().
	 */
	if (csv_init(&r->p, CSV_REPALL_NL)) {
		hak_csv_close(r);
		return hak_err_set(err, HAK_EOS, "out of memory");
	}
	r->have_p = true;
	csv_set_space_func(&r->p, no_space);
	csv_set_blk_size(&r->p, CHUNK);
	if ((rc = fill(r, err)) != HAK_OK)
		goto fail;
	if ((kind = hak_wb_sniff(r->raw, r->rlen)) != HAK_WB_NONE) {
		if ((rc = open_workbook(r, kind, sheet, err)) != HAK_OK)
			goto fail;
		r->enc = HAK_ENC_UTF8;
		*rp = r;
		return HAK_OK;
	}
	if (sheet) {
		rc = hak_err_set(err, HAK_EUSAGE, "--sheet '%s': '%s' is not "
			"a workbook (.xlsx or .xls)", sheet, r->name);
		goto fail;
	}
	if ((rc = sniff(r, err)) != HAK_OK)
		goto fail;
	if (r->enc == HAK_ENC_AUTO && (rc = decide(r, err)) != HAK_OK)
		goto fail;
	if (r->enc == HAK_ENC_CP949 && (rc = open_iconv(r, err)) != HAK_OK)
		goto fail;
	*rp = r;
	return HAK_OK;
fail:
	hak_csv_close(r);
	return rc;
}

int
hak_csv_open_fp(FILE *fp, const char *name, enum hak_encoding enc,
	unsigned flags, struct hak_csv **rp, struct hak_err *err)
{
	return open_fp(fp, name, enc, flags, NULL, rp, err);
}

int
hak_csv_open(const char *path, enum hak_encoding enc, unsigned flags,
	struct hak_csv **rp, struct hak_err *err)
{
	return hak_csv_open_sheet(path, NULL, enc, flags, NULL, rp, err);
}

int
hak_csv_open_sheet(const char *path, FILE *in, enum hak_encoding enc,
	unsigned flags, const char *sheet, struct hak_csv **rp,
	struct hak_err *err)
{
	struct stat st;
	FILE *fp;
	int rc;

	*rp = NULL;
	if (in)
		return open_fp(in, path, enc, flags, sheet, rp, err);
	if (!(fp = fopen(path, "rb")))
		return hak_err_set(err, hak_code_from_errno(errno),
			"cannot open '%s': %s", path, strerror(errno));
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		return hak_err_set(err, HAK_ENOINPUT, "cannot open '%s': %s",
			path, strerror(EISDIR));
	}
	rc = open_fp(fp, path, enc, flags, sheet, rp, err);
	if (rc != HAK_OK) {
		fclose(fp);
		return rc;
	}
	(*rp)->own_fp = true;
	return HAK_OK;
}

void
hak_csv_close(struct hak_csv *r)
{
	if (!r)
		return;
	hak_wb_close(r->wb);
	if (r->own_fp)
		fclose(r->fp);
	if (r->spool)
		fclose(r->spool);
	if (r->have_cd)
		iconv_close(r->cd);
	free(r->cp949);
	if (r->have_p)
		csv_free(&r->p);
	hak_buf_release(&r->conv);
	hak_buf_release(&r->tmp);
	hak_buf_release(&r->fbuf);
	hak_sha256_free(r->sha);
	free(r->off);
	free(r->flen);
	free(r->fv);
	free(r->name);
	free(r);
}

const char *
hak_csv_name(const struct hak_csv *r)
{
	return r->name;
}

enum hak_encoding
hak_csv_encoding(const struct hak_csv *r)
{
	return r->enc;
}

const char *
hak_csv_sheet(const struct hak_csv *r)
{
	return r->wb ? hak_wb_sheet(r->wb) : NULL;
}

void
hak_csv_where(const struct hak_csv *r, struct hak_err *e, long row, long col)
{
	if (r->wb)
		hak_wb_where(e, r->name, hak_wb_sheet(r->wb), col, row);
	else
		hak_err_where(e, r->name, row, 0);
}

void
hak_csv_progress(const struct hak_csv *r, long long *done, long long *total)
{
	if (r->wb) {
		hak_wb_progress(r->wb, done, total);
		return;
	}
	*done = r->nread - (long long)(r->rlen - r->rpos);
	*total = r->size;
}

const char *
hak_csv_sha256(struct hak_csv *r)
{
	hak_sha256_sofar(r->sha, r->hex);
	return r->hex;
}

static void
cb_fail(struct hak_csv *r, const char *msg, long row)
{
	r->cb_rc = data_err(r, &r->cb_err, row, "%s", msg);
}

/* One leading ' put there by the excel format (SPEC 2.6). */
static size_t
unguard(const char *s)
{
	if (s[0] == '\'' && s[1] && strchr("=+-@\t\r'", s[1]))
		return 1;
	return 0;
}

static void
on_field(void *s, size_t len, void *data)
{
	struct hak_csv *r = data;
	size_t start, skip = 0;
	char *nfc;

	if (r->cb_rc)
		return;
	if (!r->in_rec) {
		r->in_rec = true;
		r->rec_line = r->next_line;
	}
	r->field_line = r->cur_line;
	if (len > FIELD_MAX) {
		cb_fail(r, "field over 1 MiB", r->rows + 1);
		return;
	}
	r->reclen += len + 1;
	if (r->reclen > RECORD_MAX) {
		cb_fail(r, "record over 16 MiB", r->rows + 1);
		return;
	}
	start = r->fbuf.len;
	if (len)
		hak_buf_add(&r->fbuf, s, len);
	hak_buf_addch(&r->fbuf, '\0');
	if (!(r->flags & HAK_CSV_RAW)) {
		char *f = r->fbuf.buf + start;

		if (!hak_text_ascii(f, len) && !hak_text_nfc_quick(f) &&
			(nfc = hak_text_nfc(f))) {
			hak_buf_setlen(&r->fbuf, start);
			hak_buf_adds(&r->fbuf, nfc);
			hak_buf_addch(&r->fbuf, '\0');
			free(nfc);
			len = r->fbuf.len - start - 1;
		}
		skip = unguard(r->fbuf.buf + start);
	}
	if (r->nf + 1 > r->af) {
		HAK_ALLOC_GROW(r->off, r->nf + 1, r->af);
		r->flen = hak_xreallocarray(r->flen, r->af, sizeof(*r->flen));
	}
	r->off[r->nf] = start + skip;
	r->flen[r->nf] = len - skip;
	r->nf++;
	r->prev_cr = false;
}

static void
reset_record(struct hak_csv *r)
{
	r->nf = 0;
	r->reclen = 0;
	hak_buf_reset(&r->fbuf);
}

static void
on_row(int c, void *data)
{
	struct hak_csv *r = data;
	size_t i;
	bool empty = true;

	if (r->cb_rc)
		return;
	if (!r->in_rec) {
		/* a line end outside a record: an empty row, or CR LF's LF */
		if (c == '\n' && r->prev_cr) {
			r->prev_cr = false;
			return;
		}
		r->rows++;
		r->next_line = r->field_line = r->cur_line + 1;
		r->prev_cr = c == '\r';
		return;
	}
	r->in_rec = false;
	r->rows++;
	r->next_line = r->field_line = r->cur_line + 1;
	r->prev_cr = c == '\r';
	for (i = 0; i < r->nf && empty; i++)
		if (r->flen[i])
			empty = false;
	if (empty) {
		reset_record(r);
		return;
	}
	r->rec.row = r->rows;
	r->rec.line = r->rec_line;
	r->rec.unterminated = c == -1;
	r->ready = true;
}

static int
bad_bytes(struct hak_csv *r, struct hak_err *err)
{
	return data_err(r, err, r->rows + 1, r->enc == HAK_ENC_CP949 ?
		"invalid CP949 byte sequence (is the file %s?)" :
		"invalid UTF-8 byte sequence (is the file %s?)",
		r->enc == HAK_ENC_CP949 ? "UTF-8" : "CP949");
}

/*
 * CP949's two-byte characters, remembered as they are met: a lead byte
 * 0x81..0xFE and a trail 0x41..0xFE index r->cp949, whose entry is 0
 * until looked up, CP949_BAD for a pair iconv refuses, else the UTF-8
 * bytes (at most 3: CP949 is within the BMP) and their count in the top
 * byte.  iconv decides every pair once; a file of Korean text then costs
 * a table lookup per character instead of an iconv call per line.
 */
static uint32_t
cp949_pair(struct hak_csv *r, const unsigned char *p)
{
	char in[2], outb[8], *ip = in, *op = outb;
	size_t inleft = 2, outleft = sizeof(outb), len, i;
	uint32_t e;

	in[0] = (char)p[0];
	in[1] = (char)p[1];
	if (iconv(r->cd, &ip, &inleft, &op, &outleft) == (size_t)-1 ||
		inleft) {
		iconv(r->cd, NULL, NULL, NULL, NULL);
		return CP949_BAD;
	}
	len = (size_t)(op - outb);
	if (len < 1 || len > 3)
		return CP949_BAD;
	for (e = (uint32_t)len << 24, i = 0; i < len; i++)
		e |= (uint32_t)(unsigned char)outb[i] << (8 * (2 - i));
	return e;
}

/*
 * The UTF-8 of s[0..n) through the pair table, up to the end or to the
 * first byte it cannot take (a byte no character starts with, a pair iconv
 * refuses, a lead byte cut off by the end): *used says how far.
 */
static void
cp949_fast(struct hak_csv *r, const unsigned char *s, size_t n, size_t *used)
{
	char *out;
	size_t i = 0, k;
	uint32_t *e;
	unsigned c, t;

	hak_buf_grow(&r->conv, 2 * n + 16);
	out = r->conv.buf + r->conv.len;
	while (i < n) {
		c = s[i];
		if (c < 0x80) {
			*out++ = (char)c;
			i++;
			continue;
		}
		if (c < 0x81 || c > 0xfe || i + 1 == n)
			break;
		t = s[i + 1];
		if (t < 0x41 || t > 0xfe)
			break;
		e = &r->cp949[(c - 0x81) * CP949_TRAILS + (t - 0x41)];
		if (!*e)
			*e = cp949_pair(r, s + i);
		if (*e == CP949_BAD)
			break;
		for (k = 0; k < *e >> 24; k++)
			*out++ = (char)(*e >> (8 * (2 - k)));
		i += 2;
	}
	hak_buf_setlen(&r->conv, (size_t)(out - r->conv.buf));
	*used = i;
}

/*
 * Append the UTF-8 of s[0..n) to r->conv in the decided encoding; *used
 * is how much was converted (less than n only for a sequence cut off by
 * the end of the buffered data, which the next read completes).
 */
static int
convert(struct hak_csv *r, const unsigned char *s, size_t n, bool at_end,
	size_t *used, struct hak_err *err)
{
	bool bad;
	size_t k;

	*used = 0;
	if (r->enc == HAK_ENC_CP949) {
		char *in, *out;
		size_t inleft, outleft, res, fast;

		/* the table first; iconv takes what it leaves, so errors and
		 * a sequence cut off by the buffer's end are iconv's */
		cp949_fast(r, s, n, &fast);
		*used = fast;
		if (fast == n)
			return HAK_OK;
		in = (char *)s + fast;
		inleft = n - fast;
		outleft = 2 * inleft + 16;
		hak_buf_grow(&r->conv, outleft);
		out = r->conv.buf + r->conv.len;
		res = iconv(r->cd, &in, &inleft, &out, &outleft);
		hak_buf_setlen(&r->conv, (size_t)(out - r->conv.buf));
		*used = n - inleft;
		if (res == (size_t)-1) {
			if (errno == EINVAL && at_end && !r->eof)
				return HAK_OK;
			if (errno == EILSEQ || errno == EINVAL)
				return bad_bytes(r, err);
			return hak_err_at(err, HAK_EBUG, r->name,
				"cannot convert from CP949: %s",
				strerror(errno));
		}
		return HAK_OK;
	}
	k = utf8_prefix(s, n, &bad);
	hak_buf_add(&r->conv, s, k);
	*used = k;
	if (bad || (k < n && (!at_end || r->eof)))
		return bad_bytes(r, err);
	return HAK_OK;
}

static int
finish(struct hak_csv *r, struct hak_err *err)
{
	r->done = true;
	/* strict only now: csv_fini then refuses a quoted field left open */
	csv_set_opts(&r->p, CSV_REPALL_NL | CSV_STRICT | CSV_STRICT_FINI);
	if (csv_fini(&r->p, on_field, on_row, r)) {
		if (csv_error(&r->p) == CSV_EPARSE)
			return data_err(r, err, r->field_line,
				"unclosed quote: the quoted field starting on "
				"this line never ends (a quote inside a quoted "
				"field is written twice: \"\")");
		return hak_err_set(err, HAK_EOS, "out of memory");
	}
	return r->cb_rc;
}

/* Parse one segment (up to and including a CR or LF), reading as needed. */
static int
step(struct hak_csv *r, struct hak_err *err)
{
	const unsigned char *s, *nl;
	size_t n, seg, used, parsed;
	bool at_end;
	int rc;

	if (r->rpos == r->rlen && !r->eof && (rc = fill(r, err)))
		return rc;
	if (r->rpos == r->rlen)
		return finish(r, err);
	s = r->raw + r->rpos;
	n = r->rlen - r->rpos;
	for (nl = s; nl < s + n && *nl != '\r' && *nl != '\n'; nl++)
		;
	seg = nl < s + n ? (size_t)(nl - s) + 1 : n;
	at_end = seg == n;
	hak_buf_reset(&r->conv);
	if ((rc = convert(r, s, seg, at_end, &used, err)) != HAK_OK)
		return rc;
	r->rpos += used;
	if (!used) {
		/* an incomplete sequence at the end of what was read */
		if (r->eof)
			return bad_bytes(r, err);
		return fill(r, err);
	}
	if (memchr(r->conv.buf, '\0', r->conv.len))
		return data_err(r, err, r->rows + 1,
			"NUL byte in the data (is this a text file?)");
	parsed = csv_parse(&r->p, r->conv.buf, r->conv.len, on_field, on_row,
		r);
	if (r->cb_rc) {
		if (err)
			*err = r->cb_err;
		return r->cb_rc;
	}
	if (parsed < r->conv.len)
		return hak_err_set(err, HAK_EOS, "out of memory");
	if (r->p.entry_pos > FIELD_MAX)
		return data_err(r, err, r->rows + 1, "field over 1 MiB");
	if (r->reclen + r->p.entry_pos > RECORD_MAX)
		return data_err(r, err, r->rows + 1, "record over 16 MiB");
	s = (const unsigned char *)r->conv.buf + r->conv.len - 1;
	if (*s == '\r') {
		r->cur_line++;
		r->pending_cr = true;
	} else if (*s == '\n') {
		if (!r->pending_cr)
			r->cur_line++;
		r->pending_cr = false;
	} else {
		r->pending_cr = false;
	}
	return HAK_OK;
}

/*
 * The next row of a workbook's sheet as a record: its cells by column,
 * normalised to NFC as CSV fields are (a cell's leading "'" is its own:
 * a workbook holds no excel-format guard).
 */
static int
read_sheet(struct hak_csv *r, struct hak_err *err)
{
	const struct hak_wb_row *row;
	size_t i, start, len;
	char *nfc;
	int rc;

	if ((rc = hak_wb_read(r->wb, &row, err)) || !row) {
		r->done = true;
		return rc;
	}
	for (i = 0; i < row->n; i++) {
		start = r->fbuf.len;
		len = row->len[i];
		hak_buf_add(&r->fbuf, row->f[i], len);
		hak_buf_addch(&r->fbuf, '\0');
		if (!(r->flags & HAK_CSV_RAW) && !hak_text_ascii(row->f[i],
			len) && !hak_text_nfc_quick(row->f[i]) &&
			(nfc = hak_text_nfc(row->f[i]))) {
			hak_buf_setlen(&r->fbuf, start);
			hak_buf_adds(&r->fbuf, nfc);
			hak_buf_addch(&r->fbuf, '\0');
			free(nfc);
			len = r->fbuf.len - start - 1;
		}
		if (r->nf + 1 > r->af) {
			HAK_ALLOC_GROW(r->off, r->nf + 1, r->af);
			r->flen = hak_xreallocarray(r->flen, r->af,
				sizeof(*r->flen));
		}
		r->off[r->nf] = start;
		r->flen[r->nf++] = len;
	}
	r->rec.row = r->rec.line = row->row;
	r->rec.unterminated = false;
	r->ready = true;
	return HAK_OK;
}

int
hak_csv_read(struct hak_csv *r, const struct hak_csv_rec **rec,
	struct hak_err *err)
{
	size_t i;
	int rc;

	*rec = NULL;
	if (r->failed)
		return hak_err_at(err, r->failed, r->name,
			"cannot read on after an error");
	if (r->returned) {
		r->returned = r->ready = false;
		reset_record(r);
	}
	while (!r->ready) {
		if (r->done)
			return HAK_OK;
		if ((rc = r->wb ? read_sheet(r, err) : step(r, err)) !=
			HAK_OK) {
			r->failed = rc;
			return rc;
		}
	}
	if (r->nf > r->afv) {
		r->afv = r->nf;
		r->fv = hak_xreallocarray(r->fv, r->afv, sizeof(*r->fv));
	}
	for (i = 0; i < r->nf; i++)
		r->fv[i] = r->fbuf.buf + r->off[i];
	r->rec.n = r->nf;
	r->rec.f = r->fv;
	r->rec.len = r->flen;
	r->returned = true;
	*rec = &r->rec;
	return HAK_OK;
}

int
hak_csv_find(const struct hak_csv_rec *hdr, const char *name)
{
	size_t i;
	char *t;
	int eq;

	for (i = 0; i < hdr->n && i < INT_MAX; i++) {
		t = hak_xstrdup(hdr->f[i]);
		eq = !strcmp(hak_text_trim(t), name);
		free(t);
		if (eq)
			return (int)i;
	}
	return -1;
}

static int
strcmp_node(const void *a, const void *b)
{
	return strcmp(a, b);
}

int
hak_csv_read_keys(FILE *fp, const char *name, const char *const *keycols,
	struct hak_strv *keys, struct hak_err *err)
{
	struct hak_strv got = HAK_STRV_INIT;
	const struct hak_csv_rec *rec;
	struct hak_csv *r;
	void *seen = NULL;
	size_t i;
	long col = -1;
	bool first = true, header = false;
	int rc;
	char *k;

	if ((rc = hak_csv_open_fp(fp, name, HAK_ENC_AUTO, 0, &r, err)))
		return rc;
	while ((rc = hak_csv_read(r, &rec, err)) == HAK_OK && rec) {
		if (rec->unterminated) {
			rc = data_err(r, err, rec->row, "last record has no "
				"line end (did the program writing it die?)");
			break;
		}
		if (first) {
			first = false;
			for (i = 0; keycols && keycols[i] && col < 0; i++)
				col = hak_csv_find(rec, keycols[i]);
			if ((header = col >= 0))
				continue;
			col = 0;
		}
		if ((size_t)col >= rec->n)
			continue;
		k = hak_text_trim(hak_xstrdup(rec->f[col]));
		if (!*k || tfind(k, &seen, strcmp_node)) {
			free(k);
			continue;
		}
		hak_strv_push_owned(&got, k);
		if (!tsearch(k, &seen, strcmp_node))
			hak_xmalloc(SIZE_MAX);	/* out of memory: abort */
	}
	/* a header alone is an empty listing: nothing to do; no bytes at
	 * all may be a producer that died before writing anything */
	if (rc == HAK_OK && !got.n && !header)
		rc = hak_err_at(err, HAK_EDATA, r->name, "no keys given");
	for (i = 0; i < got.n; i++)
		tdelete(got.v[i], &seen, strcmp_node);
	if (rc == HAK_OK)
		for (i = 0; i < got.n; i++)
			hak_strv_push_owned(keys, got.v[i]);
	else
		for (i = 0; i < got.n; i++)
			free(got.v[i]);
	free(got.v);
	hak_csv_close(r);
	return rc;
}

bool
hak_csv_excel_guard(const char *s)
{
	const char *p = s;
	bool digits = false;

	if (!s || !*s || !strchr("=+-@\t\r'", *s))
		return false;
	/* a plain number such as -5 or +1.5 stays a number */
	if (*p == '-' || *p == '+')
		p++;
	while (isdigit((unsigned char)*p))
		p++, digits = true;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			digits = true;
	return !(digits && !*p);
}

void
hak_csv_quote(struct hak_buf *b, const char *s, bool excel)
{
	bool guard;
	const char *p;

	if (!s || !*s)
		return;
	guard = excel && hak_csv_excel_guard(s);
	if (!strpbrk(s, ",\"\r\n")) {
		if (guard)
			hak_buf_addch(b, '\'');
		hak_buf_adds(b, s);
		return;
	}
	hak_buf_addch(b, '"');
	if (guard)
		hak_buf_addch(b, '\'');
	for (p = s; *p; p++) {
		if (*p == '"')
			hak_buf_addch(b, '"');
		hak_buf_addch(b, *p);
	}
	hak_buf_addch(b, '"');
}

/* A copy of s without ASCII blanks at either end; the caller frees. */
static char *
trimmed(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return hak_xstrndup(s, n);
}

static const char *const int_units[] = { "원", "명", "점", NULL };

int
hak_input_int(const char *s, long long *v, struct hak_err *err)
{
	char *t = trimmed(s), *e, *end;
	const char *p;
	struct hak_buf d = HAK_BUF_INIT;
	size_t i, group = 0, n;
	bool comma = false, ok = true;
	long long x;

	/* a unit at the end, after optional blanks */
	n = strlen(t);
	for (i = 0; int_units[i]; i++) {
		size_t u = strlen(int_units[i]);

		if (n >= u && !strcmp(t + n - u, int_units[i])) {
			n -= u;
			while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
				n--;
			t[n] = '\0';
			break;
		}
	}
	p = t;
	if (*p == '-')
		hak_buf_addch(&d, *p++);
	if (!isdigit((unsigned char)*p))
		ok = false;
	for (; ok && *p; p++) {
		if (isdigit((unsigned char)*p)) {
			hak_buf_addch(&d, *p);
			group++;
		} else if (*p == ',' && group && (comma ? group == 3 :
			group <= 3)) {
			comma = true;
			group = 0;
		} else {
			ok = false;
		}
	}
	if (ok && comma && group != 3)
		ok = false;
	if (ok) {
		errno = 0;
		x = strtoll(d.buf, &end, 10);
		if (errno || *end)
			ok = false;
		else
			*v = x;
	}
	hak_buf_release(&d);
	free(t);
	if (ok)
		return HAK_OK;
	e = hak_xstrdup(s);
	hak_err_set(err, HAK_EDATA, "'%s' is not a whole number", e);
	free(e);
	return HAK_EDATA;
}

int
hak_input_bool(const char *s, bool *v, struct hak_err *err)
{
	static const char *const yes[] = { "1", "yes", "true", "y", "예", NULL };
	static const char *const no[] = { "0", "no", "false", "n", "아니오",
		NULL };
	char *t = trimmed(s);
	size_t i;
	int rc = HAK_EDATA;

	for (i = 0; yes[i] && rc; i++)
		if (!strcasecmp(t, yes[i]))
			*v = true, rc = HAK_OK;
	for (i = 0; no[i] && rc; i++)
		if (!strcasecmp(t, no[i]))
			*v = false, rc = HAK_OK;
	free(t);
	if (rc)
		return hak_err_set(err, HAK_EDATA, "'%s' is not a yes/no value "
			"(1/0, yes/no, true/false, 예/아니오)", s);
	return HAK_OK;
}

int
hak_input_code(const char *s, struct hak_err *err)
{
	const unsigned char *p = (const unsigned char *)s;
	bool digits = false;

	while (*p == ' ')
		p++;
	while (isdigit(*p))
		p++, digits = true;
	if (digits && *p == '.')
		for (p++; isdigit(*p); p++)
			;
	if (!digits || (*p != 'E' && *p != 'e'))
		return HAK_OK;
	/* a spreadsheet always writes the exponent's sign: 1.2E+15 */
	p++;
	if (*p != '+' && *p != '-')
		return HAK_OK;
	p++;
	if (!isdigit(*p))
		return HAK_OK;
	while (isdigit(*p))
		p++;
	while (*p == ' ')
		p++;
	if (*p)
		return HAK_OK;
	return hak_err_set(err, HAK_EDATA, "code '%s' was turned into a number "
		"by a spreadsheet; format the column as text, enter the codes "
		"again and save as \"CSV UTF-8\"", s);
}
