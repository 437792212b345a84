/* SPDX-License-Identifier: MIT */
/* Unit tests of tool/out.c (the formats of SPEC 2.6) and lib/out.c
 * (atomic files). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hak/buf.h"
#include "tool/out.h"
#include "hak/text.h"
#include "tap.h"

static const struct hak_col cols[] = {
	{ "code", HAK_COL_TEXT },
	{ "name", HAK_COL_TEXT },
	{ "count", HAK_COL_NUM },
	{ "ok", HAK_COL_BOOL },
	{ "note", HAK_COL_TEXT }
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

/* Hangul, NULLs, numbers, booleans, quotes, commas, a newline, a formula. */
static const char *const rows[] = {
	"S01", "서울중", "12", "1", NULL,
	"007", "Kim, \"J\"", "-3", "0", "=SUM(A1)",
	"S03", NULL, "1.5", NULL, "line1\nline2"
};
#define NROWS 3

struct run {
	enum hak_format fmt;
	bool no_header;
	int width;
	bool color;
};

/* Render rows (nrows * ncols cells) in one format into a string. */
static char *
render(const struct run *run, const struct hak_col *c, size_t nc,
	const char *const *cells, size_t nrows)
{
	struct hak_out_opts opts;
	struct hak_out *o;
	struct hak_err err;
	char *s = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&s, &len);
	int rc;

	memset(&opts, 0, sizeof(opts));
	opts.fmt = run->fmt;
	opts.fp = fp;
	opts.no_header = run->no_header;
	opts.width = run->width;
	opts.color = run->color;
	rc = hak_out_open(&o, &opts, c, nc, &err);
	for (i = 0; rc == HAK_OK && i < nrows; i++)
		rc = hak_out_row(o, cells + i * nc, &err);
	if (rc == HAK_OK)
		rc = hak_out_close(o, &err);
	else
		hak_out_abort(o);
	fclose(fp);
	if (rc != HAK_OK) {
		free(s);
		return hak_xstrdup("(error)");
	}
	return s;
}

static void
check(const struct run *run, const struct hak_col *c, size_t nc,
	const char *const *cells, size_t nrows, const char *want,
	const char *name)
{
	char *got = render(run, c, nc, cells, nrows);

	is_str(got, want, name);
	free(got);
}

static void
test_formats(void)
{
	struct run r = { HAK_FMT_CSV, false, 0, false };

	check(&r, cols, NCOLS, rows, NROWS,
		"code,name,count,ok,note\n"
		"S01,서울중,12,1,\n"
		"007,\"Kim, \"\"J\"\"\",-3,0,=SUM(A1)\n"
		"S03,,1.5,,\"line1\nline2\"\n",
		"csv: RFC 4180 quoting, NULL empty, LF");
	r.no_header = true;
	check(&r, cols, NCOLS, rows, 1, "S01,서울중,12,1,\n",
		"csv --no-header");
	r.no_header = false;
	check(&r, cols, NCOLS, rows, 0, "code,name,count,ok,note\n",
		"csv with no rows: header only");

	r.fmt = HAK_FMT_TSV;
	check(&r, cols, NCOLS, rows, NROWS,
		"code\tname\tcount\tok\tnote\n"
		"S01\t서울중\t12\t1\t\n"
		"007\tKim, \"J\"\t-3\t0\t=SUM(A1)\n"
		"S03\t\t1.5\t\tline1\\nline2\n",
		"tsv");
	{
		static const struct hak_col c1[] = { { "v", HAK_COL_TEXT } };
		static const char *const esc[] = { "a\tb\\c\rd\ne" };

		check(&r, c1, 1, esc, 1, "v\na\\tb\\\\c\\rd\\ne\n",
			"tsv escapes tab, backslash, CR, LF");
		r.no_header = true;
		check(&r, c1, 1, esc, 1, "a\\tb\\\\c\\rd\\ne\n",
			"tsv --no-header");
		r.no_header = false;
	}

	r.fmt = HAK_FMT_JSON;
	check(&r, cols, NCOLS, rows, NROWS,
		"[\n"
		"{\"code\":\"S01\",\"name\":\"서울중\",\"count\":12,\"ok\":true,"
		"\"note\":null},\n"
		"{\"code\":\"007\",\"name\":\"Kim, \\\"J\\\"\",\"count\":-3,"
		"\"ok\":false,\"note\":\"=SUM(A1)\"},\n"
		"{\"code\":\"S03\",\"name\":null,\"count\":1.5,\"ok\":null,"
		"\"note\":\"line1\\nline2\"}\n"
		"]\n",
		"json: array, numbers, booleans, null, codes stay strings");
	check(&r, cols, NCOLS, rows, 0, "[]\n", "json: empty result is []");
	r.no_header = true;
	check(&r, cols, NCOLS, rows, 1,
		"[\n{\"code\":\"S01\",\"name\":\"서울중\",\"count\":12,"
		"\"ok\":true,\"note\":null}\n]\n",
		"json ignores --no-header");
	r.no_header = false;

	r.fmt = HAK_FMT_JSONL;
	check(&r, cols, NCOLS, rows, NROWS,
		"{\"code\":\"S01\",\"name\":\"서울중\",\"count\":12,\"ok\":true,"
		"\"note\":null}\n"
		"{\"code\":\"007\",\"name\":\"Kim, \\\"J\\\"\",\"count\":-3,"
		"\"ok\":false,\"note\":\"=SUM(A1)\"}\n"
		"{\"code\":\"S03\",\"name\":null,\"count\":1.5,\"ok\":null,"
		"\"note\":\"line1\\nline2\"}\n",
		"jsonl: one object per line");
	check(&r, cols, NCOLS, rows, 0, "", "jsonl: empty result is empty");

	r.fmt = HAK_FMT_EXCEL;
	check(&r, cols, NCOLS, rows, NROWS,
		"\xef\xbb\xbf"
		"code,name,count,ok,note\r\n"
		"S01,서울중,12,1,\r\n"
		"007,\"Kim, \"\"J\"\"\",-3,0,'=SUM(A1)\r\n"
		"S03,,1.5,,\"line1\nline2\"\r\n",
		"excel: BOM, CRLF, formula guarded, -3 left alone");
	{
		static const struct hak_col c1[] = { { "v", HAK_COL_TEXT } };
		static const char *const f[] = {
			"@cmd", "+1+2", "'quoted", "-7", "a=b"
		};

		r.no_header = true;
		check(&r, c1, 1, f, 5,
			"\xef\xbb\xbf'@cmd\r\n'+1+2\r\n''quoted\r\n"
			"-7\r\na=b\r\n",
			"excel guards @ + ' but not a number or an inner =");
		r.no_header = false;
	}
}

static void
test_json_escape(void)
{
	static const struct hak_col c[] = {
		{ "k\"ey", HAK_COL_TEXT },
		{ "n", HAK_COL_NUM },
		{ "b", HAK_COL_BOOL }
	};
	static const char *const v[] = {
		"a\x01\x1f\t\"\\/é\xe2\x80\xa8", "1,000", "",
		"", "007", "yes",
		"x", "-0.5e3", "1"
	};
	struct run r = { HAK_FMT_JSONL, false, 0, false };

	check(&r, c, 3, v, 1,
		"{\"k\\\"ey\":\"a\\u0001\\u001f\\t\\\"\\\\/é\\u2028\","
		"\"n\":\"1,000\",\"b\":null}\n",
		"json escapes controls as \\u00XX, quotes, backslash, U+2028");
	check(&r, c, 3, v + 3, 1,
		"{\"k\\\"ey\":null,\"n\":\"007\",\"b\":\"yes\"}\n",
		"json: empty string is null; non-JSON numbers stay strings");
	check(&r, c, 3, v + 6, 1,
		"{\"k\\\"ey\":\"x\",\"n\":-0.5e3,\"b\":true}\n",
		"json: exponent number unquoted");
}

static void
test_table(void)
{
	struct run r = { HAK_FMT_TABLE, false, 0, false };

	check(&r, cols, NCOLS, rows, NROWS,
		"code  name      count  ok  note\n"
		"S01   서울중       12  1\n"
		"007   Kim, \"J\"     -3  0   =SUM(A1)\n"
		"S03               1.5      line1?line2\n",
		"table: Hangul 2 cells, numbers right, NULL empty, no trailing "
		"spaces, newline as ?");
	r.no_header = true;
	check(&r, cols, NCOLS, rows, 1,
		"S01  서울중  12  1\n",
		"table --no-header sizes from the rows only");
	r.no_header = false;
	check(&r, cols, NCOLS, rows, 0,
		"code  name  count  ok  note\n",
		"table with no rows: header only");
	r.no_header = true;
	check(&r, cols, NCOLS, rows, 0, "", "table, no rows, no header: empty");
	r.no_header = false;

	{
		static const struct hak_col c[] = {
			{ "name", HAK_COL_TEXT }, { "n", HAK_COL_NUM }
		};
		static const char *const v[] = {
			"서울대도초등학교", "5",
			"abc", "10"
		};

		check(&r, c, 2, v, 2,
			"name               n\n"
			"서울대도초등학교   5\n"
			"abc               10\n",
			"table without a width limit");
		r.width = 12;
		check(&r, c, 2, v, 2,
			"name       n\n"
			"서울대…    5\n"
			"abc       10\n",
			"table cut to width 12 with …, Hangul not split");
		r.width = 0;
	}
	{
		static const struct hak_col c[] = {
			{ "x", HAK_COL_TEXT }, { "y", HAK_COL_TEXT }
		};
		static const char *const v[] = { "abcdefghij", "abcdef" };
		static const char *const w[] = { "0123456789", "abcdefghij" };

		r.width = 14;
		check(&r, c, 2, v, 1,
			"x       y\n"
			"abcde…  abcdef\n",
			"table shrinks the widest column first");
		r.width = 5;
		check(&r, c, 2, w, 1,
			"x     y\n"
			"012…  abc…\n",
			"table keeps each column at least 4 cells");
		r.width = 0;
	}
	{
		static const struct hak_col c[] = { { "id", HAK_COL_TEXT } };
		static const char *const v[] = {
			"abc\xe2\x80\xae" "def", "a\x1b[31mb", "\xff" "x"
		};

		check(&r, c, 1, v, 3,
			"id\nabc?def\na?[31mb\n?x\n",
			"table shows bidi override, ESC, bad byte as ?");
		r.color = true;
		check(&r, c, 1, v, 1, "\033[1mid\033[0m\nabc?def\n",
			"table bold header only with color");
		r.color = false;
	}
}

/*
 * Fitting to the terminal (SPEC 2.6): codes and ids never cut (their
 * header may be), free text cut first, empty columns as wide as their
 * header and left out when even that does not fit.
 */
static void
test_fit(void)
{
	static const struct hak_col c[] = {
		{ "code", HAK_COL_CODE },
		{ "name", HAK_COL_PROSE },
		{ "aliases", HAK_COL_PROSE },
		{ "level", HAK_COL_TEXT },
		{ "district", HAK_COL_TEXT },
		{ "students", HAK_COL_NUM },
		{ "opened", HAK_COL_TEXT },
		{ "external_id", HAK_COL_CODE }
	};
	static const char *const v[] = {
		"B000024306", "서울한빛초등학교병설유치원", NULL, "kindergarten",
		"종로구", "73", "2018-03-01", "X1",
		"B000004848", "한빛중학교", NULL, "middle", "중구", "512",
		"1999-03-01", "X22"
	};
	struct run r = { HAK_FMT_TABLE, false, 0, false };
	char *got;

	r.width = 80;
	check(&r, c, 8, v, 2,
		"code        name                    level         distr…  stu…  "
		"opened      ext…\n"
		"B000024306  서울한빛초등학교병설…   kindergarten  종로구    73  "
		"2018-03-01  X1\n"
		"B000004848  한빛중학교              middle        중구     512  "
		"1999-03-01  X22\n",
		"80 columns: headers cut, empty column out, free text cut, "
		"codes whole");
	r.width = 100;
	got = render(&r, c, 8, v, 2);
	ok(strstr(got, "서울한빛초등학교병설유치원  ") != NULL,
		"100 columns: nothing cut");
	free(got);
	r.width = 40;
	check(&r, c, 8, v, 2,
		"code        name  lev…  dis…  stu…  ope…  ext…\n"
		"B000024306  서…   kin…  종…     73  201…  X1\n"
		"B000004848  한…   mid…  중구   512  199…  X22\n",
		"40 columns: every value cut to 4 cells but the codes");
	r.width = 10;
	got = render(&r, c, 8, v, 2);
	ok(strstr(got, "B000024306") && strstr(got, "B000004848") &&
		strstr(got, "X22"), "10 columns: codes still whole");
	free(got);
	r.width = 0;
}

static void
test_cell_fit(void)
{
	char *s;

	s = hak_out_cell_fit("학교", 4);
	is_str(s, "학교", "fit: 학교 is 4 cells, fits 4");
	free(s);
	s = hak_out_cell_fit("학교", 3);
	is_str(s, "학…", "fit: 학교 in 3 cells -> 학…");
	free(s);
	s = hak_out_cell_fit("학교", 2);
	is_str(s, "…", "fit: 학교 in 2 cells -> …");
	free(s);
	s = hak_out_cell_fit("abcdef", 4);
	is_str(s, "abc…", "fit: ASCII cut");
	free(s);
	s = hak_out_cell_fit("abcd", 4);
	is_str(s, "abcd", "fit: exact width not cut");
	free(s);
	s = hak_out_cell_fit("e\xcc\x81" "fg", 2);
	is_str(s, "e\xcc\x81…", "fit: combining mark stays with its base");
	free(s);
	s = hak_out_cell_fit("a\xe2\x80\xae" "b\tc\x7f", 80);
	is_str(s, "a?b?c?", "fit: bidi override, tab, DEL as ?");
	free(s);
	s = hak_out_cell_fit(NULL, 10);
	is_str(s, "", "fit: NULL is empty");
	free(s);
	s = hak_out_cell_fit("abc", 0);
	is_str(s, "", "fit: width 0 is empty");
	free(s);
}

static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static char *
slurp(const char *path)
{
	struct hak_buf b = HAK_BUF_INIT;
	FILE *fp = fopen(path, "r");
	char chunk[256];
	size_t n;

	if (!fp)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		hak_buf_add(&b, chunk, n);
	fclose(fp);
	return hak_buf_detach(&b, NULL);
}

static void
test_files(void)
{
	char dir[] = "/tmp/hak-out-XXXXXX";
	struct hak_out_opts opts;
	struct hak_out *o;
	struct hak_err err;
	struct hak_afile af;
	struct stat st;
	char *path, *path2, *s;
	int rc;

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	path = hak_xasprintf("%s/out.csv", dir);
	path2 = hak_xasprintf("%s/b.csv", dir);
	memset(&opts, 0, sizeof(opts));
	opts.fmt = HAK_FMT_CSV;
	opts.path = path;
	rc = hak_out_open(&o, &opts, cols, NCOLS, &err);
	is_int(rc, HAK_OK, "-o: open");
	rc = hak_out_row(o, rows, &err);
	rc |= hak_out_row(o, rows + NCOLS, &err);
	is_int(rc, HAK_OK, "-o: rows");
	is_int(hak_out_count(o), 2,
		"hak_out_count counts rows, not the header");
	ok(stat(path, &st) < 0 && errno == ENOENT,
		"-o: the file does not exist before close");
	is_int(count_entries(dir), 1, "-o: one temporary file meanwhile");
	rc = hak_out_close(o, &err);
	is_int(rc, HAK_OK, "-o: close");
	ok(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600,
		"-o: file appears at close with mode 0600");
	is_int(count_entries(dir), 1, "-o: the temporary file is gone");
	s = slurp(path);
	is_str(s, "code,name,count,ok,note\nS01,서울중,12,1,\n"
		"007,\"Kim, \"\"J\"\"\",-3,0,=SUM(A1)\n", "-o: contents");
	free(s);

	/* Replacing an existing file. */
	opts.fmt = HAK_FMT_JSONL;
	rc = hak_out_open(&o, &opts, cols, NCOLS, &err);
	s = slurp(path);
	ok(rc == HAK_OK && s && !strncmp(s, "code,", 5),
		"-o: old file intact while writing the new one");
	free(s);
	rc = hak_out_close(o, &err);
	s = slurp(path);
	is_str(s, "", "-o: replaced at close (jsonl, no rows)");
	free(s);

	/* Abort leaves nothing behind. */
	opts.path = path2;
	rc = hak_out_open(&o, &opts, cols, NCOLS, &err);
	rc |= hak_out_row(o, rows, &err);
	is_int(count_entries(dir), 2, "abort: temp file exists before");
	hak_out_abort(o);
	ok(stat(path2, &st) < 0 && errno == ENOENT, "abort: no file created");
	is_int(count_entries(dir), 1, "abort: the temporary file is removed");
	hak_out_abort(NULL);
	ok(1, "hak_out_abort(NULL) is a no-op");

	/* Cannot create. */
	free(path2);
	path2 = hak_xasprintf("%s/no/such/dir.csv", dir);
	opts.path = path2;
	hak_err_clear(&err);
	rc = hak_out_open(&o, &opts, cols, NCOLS, &err);
	is_int(rc, HAK_ECREATE, "unwritable directory -> HAK_ECREATE");
	ok(o == NULL, "failed open leaves *o NULL");
	ok(strstr(err.msg, path2) && strstr(err.msg, strerror(ENOENT)),
		"ECREATE message names the path and the reason");

	/* hak_afile with an explicit mode. */
	free(path2);
	path2 = hak_xasprintf("%s/rejects.csv", dir);
	rc = hak_afile_open(&af, path2, 0644, &err);
	is_int(rc, HAK_OK, "afile: open");
	fputs("x\n", af.fp);
	rc = hak_afile_commit(&af, &err);
	ok(rc == HAK_OK && stat(path2, &st) == 0 &&
		(st.st_mode & 07777) == 0644, "afile: commit with mode 0644");
	ok(af.tmp == NULL && af.path == NULL, "afile: commit frees");
	unlink(path2);
	unlink(path);
	rmdir(dir);
	free(path);
	free(path2);
}

static void
test_write_error(void)
{
	FILE *fp = fopen("/dev/full", "w");
	struct hak_out_opts opts;
	struct hak_out *o;
	struct hak_err err;
	int rc, i;

	if (!fp) {
		ok(1, "# skip no /dev/full");
		return;
	}
	memset(&opts, 0, sizeof(opts));
	opts.fmt = HAK_FMT_CSV;
	opts.fp = fp;
	rc = hak_out_open(&o, &opts, cols, NCOLS, &err);
	for (i = 0; rc == HAK_OK && i < 2000; i++)
		rc = hak_out_row(o, rows, &err);
	if (rc == HAK_OK)
		rc = hak_out_close(o, &err);
	else
		hak_out_abort(o);
	is_int(rc, HAK_EIO, "a failed write to a stream -> HAK_EIO");
	fclose(fp);

	/* One buffered row: the error only shows when close flushes. */
	fp = fopen("/dev/full", "w");
	opts.fp = fp;
	opts.fmt = HAK_FMT_JSON;
	rc = hak_out_open(&o, &opts, cols, NCOLS, &err);
	rc |= hak_out_row(o, rows, &err);
	is_int(rc, HAK_OK, "buffered row to /dev/full: no error yet");
	hak_err_clear(&err);
	rc = hak_out_close(o, &err);
	is_int(rc, HAK_EIO, "close flushes and reports HAK_EIO");
	ok(strstr(err.msg, strerror(ENOSPC)) != NULL,
		"EIO message gives the reason");
	fclose(fp);
}

static void
test_pick(void)
{
	enum hak_format f = HAK_FMT_TABLE;
	struct hak_err err;

	unsetenv("HAK_FORMAT");
	ok(hak_format_pick("json", false, &f, &err) == 0 && f == HAK_FMT_JSON,
		"pick: explicit option wins");
	is_int(hak_format_pick("xml", true, &f, &err), HAK_EUSAGE,
		"pick: bad explicit format -> HAK_EUSAGE");
	ok(hak_format_pick(NULL, false, &f, &err) == 0 && f == HAK_FMT_CSV,
		"pick: not a tty -> csv");
	ok(hak_format_pick(NULL, true, &f, &err) == 0 && f == HAK_FMT_TABLE,
		"pick: tty without $HAK_FORMAT -> table");
	setenv("HAK_FORMAT", "tsv", 1);
	ok(hak_format_pick(NULL, true, &f, &err) == 0 && f == HAK_FMT_TSV,
		"pick: tty uses $HAK_FORMAT");
	ok(hak_format_pick(NULL, false, &f, &err) == 0 && f == HAK_FMT_CSV,
		"pick: $HAK_FORMAT ignored when not a tty");
	ok(hak_format_pick("excel", true, &f, &err) == 0 &&
		f == HAK_FMT_EXCEL, "pick: option beats $HAK_FORMAT");
	setenv("HAK_FORMAT", "yaml", 1);
	is_int(hak_format_pick(NULL, true, &f, &err), HAK_EUSAGE,
		"pick: invalid $HAK_FORMAT -> HAK_EUSAGE");
	ok(strstr(err.msg, "yaml") != NULL, "pick: message names the value");
	unsetenv("HAK_FORMAT");
	ok(hak_format_parse("jsonl", &f, NULL) == 0 && f == HAK_FMT_JSONL,
		"parse jsonl");
	is_str(hak_format_name(HAK_FMT_EXCEL), "excel", "name of excel");
	is_str(hak_format_name(HAK_FMT_TABLE), "table", "name of table");
}

int
main(void)
{
	test_formats();
	test_json_escape();
	test_table();
	test_fit();
	test_cell_fit();
	test_files();
	test_write_error();
	test_pick();
	return done_testing();
}
