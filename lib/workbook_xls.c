/* SPDX-License-Identifier: MIT */
/*
 * .xls workbooks (BIFF) through libfreexl, in a child process.
 *
 * libfreexl reads past its buffers on damaged files, so it never runs in
 * the program itself: a child opens the file, picks the sheet and writes
 * its non-empty cells down a pipe, under a CPU-time and address-space
 * limit; the parent checks everything it receives (order, bounds, sizes,
 * UTF-8).  A child that dies or sends nonsense makes the file invalid
 * data (HAK_EDATA), never a crash of the program.
 *
 * The pipe carries messages of a type byte and 32-bit numbers in the
 * host's order (parent and child are one program):
 *   'S' len name           the sheet chosen
 *   'N' len text           no such sheet: the sheet names, NUL-separated
 *   'E' len text           the file cannot be read: why
 *   'R' row ncells {col len text}...   a row (row 1-based, col 0-based)
 *   'Z'                    the end
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <freexl.h>

#include "hak/buf.h"
#include "hak/text.h"
#include "workbook_int.h"
#include "banned.h"

/* The child's bounds: a damaged file costs at most this much.  Under
 * AddressSanitizer, whose shadow memory is terabytes of address space,
 * there is no memory bound (the sanitizer watches instead). */
#define CHILD_CPU_SECONDS	5
#define CHILD_MEMORY		(1024L * 1024 * 1024)
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#define XLS_MAX_ROW		65536L	/* BIFF8 */
#define XLS_MAX_COL		256L

static const char save_hint[] = "save it from the spreadsheet as "
	"\"CSV UTF-8 (comma delimited)\"";

struct wb_xls {
	pid_t pid;
	FILE *in;		/* the pipe from the child */
	char *name;
	long row;		/* last row received */
	bool done;
	struct hak_buf cell;
};

/*
 * The child.
 */

static void
put_u32(struct hak_buf *b, uint32_t v)
{
	hak_buf_add(b, &v, sizeof(v));
}

static void
put_text(struct hak_buf *b, int type, const char *s, size_t n)
{
	hak_buf_addch(b, type);
	put_u32(b, (uint32_t)n);
	hak_buf_add(b, s, n);
}

static bool
send_all(int fd, struct hak_buf *b)
{
	size_t off = 0;
	ssize_t k;

	while (off < b->len) {
		k = write(fd, b->buf + off, b->len - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		off += (size_t)k;
	}
	hak_buf_reset(b);
	return true;
}

static int
pick(const void *h, unsigned count, const char *want, struct hak_buf *b)
{
	const char *nm;
	unsigned i;
	char *end;
	long n;

	if (!want)
		return count ? 0 : -1;
	for (i = 0; i < count; i++)
		if (freexl_get_worksheet_name(h, (unsigned short)i, &nm) ==
			FREEXL_OK && nm && !strcasecmp(nm, want))
			return (int)i;
	errno = 0;
	n = strtol(want, &end, 10);
	if (!errno && end != want && !*end && n >= 1 && n <= (long)count)
		return (int)n - 1;
	(void)b;
	return -1;
}

/* The text of one cell into out; false when empty. */
static bool
cell_text(const FreeXL_CellValue *v, struct hak_buf *out)
{
	char num[64];

	hak_buf_reset(out);
	switch (v->type) {
	case FREEXL_CELL_INT:
		hak_buf_addf(out, "%d", v->value.int_value);
		break;
	case FREEXL_CELL_DOUBLE:
		wb_number_text(v->value.double_value, num, sizeof(num));
		hak_buf_adds(out, num);
		break;
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_DATETIME:
	case FREEXL_CELL_TIME:
		if (v->value.text_value)
			hak_buf_add(out, v->value.text_value,
				strnlen(v->value.text_value, WB_FIELD_MAX + 1));
		break;
	default:
		break;
	}
	return out->len > 0;
}

static _Noreturn void
child(int fd, int out, const char *want)
{
	struct hak_buf b = HAK_BUF_INIT, cell = HAK_BUF_INIT;
	struct rlimit cpu = { CHILD_CPU_SECONDS, CHILD_CPU_SECONDS + 1 };
	struct rlimit mem = { CHILD_MEMORY, CHILD_MEMORY };
	FreeXL_CellValue v;
	const void *h = NULL;
	const char *nm;
	unsigned count = 0, rows = 0, r, info = 0;
	unsigned short cols = 0, c;
	size_t at, n;
	char path[64];
	int s;

	/* the child never speaks: only the pipe tells the parent anything
	 * (a sanitizer's report of libfreexl's reads included) */
	if ((s = open("/dev/null", O_WRONLY)) >= 0) {
		dup2(s, STDERR_FILENO);
		dup2(s, STDOUT_FILENO);
		close(s);
	}
	setrlimit(RLIMIT_CPU, &cpu);
#ifndef UNDER_ASAN
	setrlimit(RLIMIT_AS, &mem);
#else
	(void)mem;
#endif
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (freexl_open(path, &h) != FREEXL_OK) {
		nm = "not a readable .xls workbook";
		put_text(&b, 'E', nm, strlen(nm));
		goto end;
	}
	if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
		info == FREEXL_BIFF_OBFUSCATED) {
		nm = "the workbook is protected by a password";
		put_text(&b, 'E', nm, strlen(nm));
		goto end;
	}
	if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK)
		count = 0;
	if ((s = pick(h, count, want, &b)) < 0) {
		hak_buf_addch(&b, 'N');
		at = b.len;
		put_u32(&b, 0);
		for (r = 0; r < count && r < 20; r++)
			if (freexl_get_worksheet_name(h, (unsigned short)r,
				&nm) == FREEXL_OK && nm)
				hak_buf_add(&b, nm, strlen(nm) + 1);
		n = b.len - at - sizeof(uint32_t);
		memcpy(b.buf + at, &(uint32_t){ (uint32_t)n }, sizeof(uint32_t));
		goto end;
	}
	if (freexl_select_active_worksheet(h, (unsigned short)s) != FREEXL_OK ||
		freexl_get_worksheet_name(h, (unsigned short)s, &nm) !=
		FREEXL_OK || !nm ||
		freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK) {
		nm = "cannot read the sheet";
		put_text(&b, 'E', nm, strlen(nm));
		goto end;
	}
	put_text(&b, 'S', nm, strlen(nm));
	if (!send_all(out, &b))
		_exit(1);
	for (r = 0; r < rows && r < XLS_MAX_ROW; r++) {
		size_t count_at, ncells = 0;

		hak_buf_addch(&b, 'R');
		put_u32(&b, r + 1);
		count_at = b.len;
		put_u32(&b, 0);
		for (c = 0; c < cols && c < XLS_MAX_COL; c++) {
			if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK ||
				!cell_text(&v, &cell))
				continue;
			put_u32(&b, c);
			put_u32(&b, (uint32_t)cell.len);
			hak_buf_add(&b, cell.buf, cell.len);
			ncells++;
		}
		if (!ncells) {
			hak_buf_setlen(&b, count_at - sizeof(uint32_t) - 1);
			continue;
		}
		memcpy(b.buf + count_at, &(uint32_t){ (uint32_t)ncells },
			sizeof(uint32_t));
		if (b.len > 65536 && !send_all(out, &b))
			_exit(1);
	}
	hak_buf_addch(&b, 'Z');
end:
	send_all(out, &b);
	_exit(0);
}

/*
 * The parent.
 */

/* Why the child stopped, for the message of a file it could not read. */
static int
reap(struct wb_xls *x, struct hak_err *err, const char *what)
{
	int st = 0;

	if (x->in) {
		fclose(x->in);
		x->in = NULL;
	}
	if (x->pid > 0) {
		while (waitpid(x->pid, &st, 0) < 0 && errno == EINTR)
			;
		x->pid = 0;
	}
	x->done = true;
	if (WIFSIGNALED(st))
		return hak_err_at(err, HAK_EDATA, x->name, "the .xls reader "
			"failed on this file (%s); %s", WTERMSIG(st) ==
			SIGXCPU ? "out of time" : strsignal(WTERMSIG(st)),
			save_hint);
	return hak_err_at(err, HAK_EDATA, x->name, "damaged .xls file (%s); "
		"%s", what, save_hint);
}

static bool
get(struct wb_xls *x, void *p, size_t n)
{
	return fread(p, 1, n, x->in) == n;
}

static bool
get_u32(struct wb_xls *x, uint32_t *v)
{
	return get(x, v, sizeof(*v));
}

/* A text message of at most max bytes into x->cell (NUL-ended). */
static bool
get_text(struct wb_xls *x, size_t max)
{
	uint32_t n;

	if (!get_u32(x, &n) || n > max)
		return false;
	hak_buf_reset(&x->cell);
	hak_buf_grow(&x->cell, n);
	if (!get(x, x->cell.buf, n))
		return false;
	hak_buf_setlen(&x->cell, n);
	return true;
}

int
wb_xls_open(struct wb_xls **xp, int fd, const char *name, const char *sheet,
	char **sheet_name, struct hak_err *err)
{
	struct wb_xls *x;
	struct hak_strv names = HAK_STRV_INIT;
	int p[2], type, rc;
	size_t i;

	*xp = NULL;
	if (pipe(p) < 0)
		return hak_err_set(err, HAK_EOS, "cannot make a pipe: %s",
			strerror(errno));
	x = hak_xcalloc(1, sizeof(*x));
	x->name = hak_xstrdup(name);
	hak_buf_init(&x->cell, 0);
	fflush(NULL);
	if ((x->pid = fork()) < 0) {
		rc = hak_err_set(err, HAK_EOS, "cannot fork: %s",
			strerror(errno));
		close(p[0]);
		close(p[1]);
		wb_xls_close(x);
		return rc;
	}
	if (x->pid == 0) {
		close(p[0]);
		child(fd, p[1], sheet);
	}
	close(p[1]);
	if (!(x->in = fdopen(p[0], "rb"))) {
		close(p[0]);
		rc = hak_err_set(err, HAK_EOS, "cannot read a pipe");
		wb_xls_close(x);
		return rc;
	}
	type = fgetc(x->in);
	if (type == 'S' && get_text(x, 4096) &&
		hak_text_valid(x->cell.buf, x->cell.len)) {
		*sheet_name = hak_xstrndup(x->cell.buf, x->cell.len);
		*xp = x;
		return HAK_OK;
	}
	if (type == 'E' && get_text(x, 4096)) {
		rc = hak_err_at(err, HAK_EDATA, name, "%.*s; %s",
			(int)x->cell.len, x->cell.buf, save_hint);
	} else if (type == 'N' && get_text(x, 1 << 20)) {
		for (i = 0; i < x->cell.len; i += strlen(x->cell.buf + i) + 1)
			hak_strv_push(&names, x->cell.buf + i);
		rc = wb_no_sheet(name, sheet, names.v, names.n, err);
		hak_strv_clear(&names);
	} else {
		rc = reap(x, err, "no sheet");
	}
	wb_xls_close(x);
	return rc;
}

int
wb_xls_read(struct wb_xls *x, struct wb_row *row,
	const struct hak_wb_row **out, struct hak_err *err)
{
	uint32_t r, n, i, col, len;
	long last = -1;
	int type;

	*out = NULL;
	if (x->done)
		return HAK_OK;
	type = fgetc(x->in);
	if (type == 'Z') {
		x->done = true;
		return HAK_OK;
	}
	if (type != 'R' || !get_u32(x, &r) || !get_u32(x, &n) ||
		(long)r <= x->row || r > XLS_MAX_ROW || n == 0 ||
		n > XLS_MAX_COL)
		return reap(x, err, "bad row");
	x->row = (long)r;
	wb_row_reset(row, (long)r);
	for (i = 0; i < n; i++) {
		if (!get_u32(x, &col) || (long)col <= last ||
			col >= XLS_MAX_COL || !get_u32(x, &len) ||
			len > WB_FIELD_MAX)
			return reap(x, err, "bad cell");
		hak_buf_reset(&x->cell);
		hak_buf_grow(&x->cell, len);
		if (!get(x, x->cell.buf, len))
			return reap(x, err, "cut short");
		hak_buf_setlen(&x->cell, len);
		if (!hak_text_valid(x->cell.buf, len))
			return reap(x, err, "text that is not UTF-8");
		if (wb_row_put(row, (long)col, x->cell.buf, len))
			return reap(x, err, "a row over 16 MiB");
		last = (long)col;
	}
	*out = wb_row_out(row);
	return HAK_OK;
}

void
wb_xls_close(struct wb_xls *x)
{
	int st;

	if (!x)
		return;
	if (x->in)
		fclose(x->in);
	if (x->pid > 0) {
		/* a reader that stopped early may still be writing */
		kill(x->pid, SIGKILL);
		while (waitpid(x->pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	hak_buf_release(&x->cell);
	free(x->name);
	free(x);
}
