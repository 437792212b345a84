/* SPDX-License-Identifier: MIT */
/* Unit tests of lib/doc.c: each format, escaping, Hangul, empty tables. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "hak/buf.h"
#include "hak/csvio.h"
#include "hak/doc.h"
#include "tap.h"

#define NASTY "<script>&\"'"

static struct hak_doc *
sample(void)
{
	struct hak_doc *d = hak_doc_new("주간 보고서 " NASTY);
	const char *r1[] = { "EDU", "교육지원과", "12", "0.8333333333",
		"4.25" };
	const char *r2[] = { "FAC", NASTY, "3", NULL, "1" };

	hak_doc_section(d, "summary", "요약");
	hak_doc_kv(d, "received", "15", HAK_DOC_INTEGER, 0);
	hak_doc_kv(d, "sla_met", "0.5", HAK_DOC_PERCENT, 1);
	hak_doc_para(d, "note: " NASTY);
	hak_doc_table(d, "by_dept", "부서별");
	hak_doc_col(d, "department", HAK_DOC_CODE, 0);
	hak_doc_col(d, "name", HAK_DOC_TEXT, 0);
	hak_doc_col(d, "received", HAK_DOC_INTEGER, 0);
	hak_doc_col(d, "sla_met", HAK_DOC_PERCENT, 1);
	hak_doc_col(d, "mean", HAK_DOC_NUMBER, 2);
	hak_doc_row(d, r1);
	hak_doc_row(d, r2);
	hak_doc_section(d, "charts", "Charts");
	hak_doc_table(d, "empty", "Nothing here");
	hak_doc_col(d, "school", HAK_DOC_CODE, 0);
	hak_doc_col(d, "n", HAK_DOC_INTEGER, 0);
	hak_doc_bars(d, "received", "접수");
	hak_doc_bar(d, "교육지원과", 12);
	hak_doc_bar(d, NASTY, 3);
	hak_doc_bar(d, "zero", 0);
	hak_doc_lines(d, "weekly", "Weekly");
	hak_doc_point(d, "EDU", 1, 4);
	hak_doc_point(d, "EDU", 2, 6);
	hak_doc_point(d, "FAC", 1, 2);
	hak_doc_define(d, "sla_met", "share of requests resolved in time");
	return d;
}

/* Render into a string (the caller's). */
static char *
render(const struct hak_doc *d, enum hak_doc_format fmt)
{
	char *s = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&s, &n);
	int rc = hak_doc_render(d, fmt, fp, NULL);

	fclose(fp);
	if (rc) {
		free(s);
		return NULL;
	}
	return s;
}

static void
test_text(void)
{
	struct hak_doc *d = sample(), *t;
	const char *r1[] = { "교육", "1" }, *r2[] = { "ab", "10" };
	char *s = render(d, HAK_DOC_FMT_TEXT);

	ok(s && strstr(s, "요약\n----\n"), "text: heading underlined by "
	    "display width (Hangul 2 cells)");
	ok(s && strstr(s, "received  15\nsla_met   50.0%\n"),
	    "text: aligned key-value list, percent shown as %");
	ok(s && strstr(s, "EDU         교육지원과         12    83.3%  4.25\n"
	    "FAC         <script>&\"'         3           1.00\n"),
	    "text: Hangul cells padded by display width");
	ok(s && strstr(s, "school  n\n------  -\n(none)\n"),
	    "text: an empty table says (none)");
	ok(s && strstr(s, "교육지원과   ████████████████████████████████████"
	    "████ 12\n"), "text: the largest bar is 40 cells");
	ok(s && strstr(s, "zero          0\n"), "text: a zero bar is empty");
	free(s);
	hak_doc_free(d);

	t = hak_doc_new("T");
	hak_doc_table(t, "t", NULL);
	hak_doc_col(t, "name", HAK_DOC_TEXT, 0);
	hak_doc_col(t, "n", HAK_DOC_INTEGER, 0);
	hak_doc_row(t, r1);
	hak_doc_row(t, r2);
	s = render(t, HAK_DOC_FMT_TEXT);
	is_str(s, "T\n=\n\nname   n\n----  --\n교육   1\nab    10\n\n",
	    "text: a whole small document");
	free(s);
	hak_doc_free(t);
}

static void
test_md_html(void)
{
	struct hak_doc *d = sample();
	char *s = render(d, HAK_DOC_FMT_MD);
	const char *p;

	ok(s && strstr(s, "# 주간 보고서 &lt;script&gt;&amp;\"'\n"),
	    "md: title escaped");
	ok(s && strstr(s, "| department | name | received | sla\\_met | "
	    "mean |\n| --- | --- | ---: | ---: | ---: |\n"),
	    "md: GitHub table header, numbers right-aligned");
	ok(s && strstr(s, "| FAC | &lt;script&gt;&amp;\"' | 3 |  | 1.00 |"),
	    "md: cell escaped, empty cell empty");
	/* Only the code block shows text as is; markdown prints it. */
	p = s ? strstr(s, "```text\n") : NULL;
	ok(p && strstr(s, "<script") > p && !strstr(strstr(p + 3, "```"),
	    "<script"), "md: <script only inside the bars' code block");
	free(s);

	s = render(d, HAK_DOC_FMT_HTML);
	ok(s && !strstr(s, "<script"), "html: no <script");
	ok(s && !strstr(s, "http"), "html: no http reference");
	ok(s && strstr(s, "@media print") && strstr(s, "@page{size:A4"),
	    "html: print stylesheet, A4 pages");
	ok(s && strstr(s, "<td>&lt;script&gt;&amp;&quot;&#39;</td>"),
	    "html: every special character escaped");
	ok(s && strstr(s, "<svg") && strstr(s, "<rect class=\"bar\"") &&
	    strstr(s, "<polyline"), "html: inline SVG bars and lines");
	ok(s && strstr(s, "<td colspan=\"2\">(none)</td>"),
	    "html: empty table");
	ok(s && strstr(s, "<td class=\"num\">83.3%</td>"),
	    "html: percent cell");
	ok(s && strstr(s, "</section>\n</body>\n</html>\n"), "html: closed");
	free(s);
	hak_doc_free(d);
}

static void
test_csv(void)
{
	struct hak_doc *d = sample();
	char *s = render(d, HAK_DOC_FMT_CSV);
	struct hak_csv *r = NULL;
	const struct hak_csv_rec *rec;
	struct hak_err err;
	FILE *fp;
	size_t n = 0;
	bool nasty = false, share = false, line = false, hdr = false;

	fp = s ? fmemopen(s, strlen(s), "r") : NULL;
	if (!ok(fp && !hak_csv_open_fp(fp, "doc.csv", HAK_ENC_UTF8,
	    HAK_CSV_RAW, &r, &err), "csv: opens with the CSV reader"))
		goto out;
	while (!hak_csv_read(r, &rec, &err) && rec) {
		if (rec->n != 5)
			break;
		if (n++ == 0)
			hdr = !strcmp(rec->f[0], "section") &&
			    !strcmp(rec->f[4], "value");
		if (!strcmp(rec->f[2], NASTY) && !strcmp(rec->f[3],
		    "received") && !strcmp(rec->f[1], "FAC"))
			nasty = !strcmp(rec->f[4], "3");
		if (!strcmp(rec->f[0], "by_dept") || !strcmp(rec->f[0],
		    "summary"))
			share |= !strcmp(rec->f[3], "sla_met") &&
			    !strcmp(rec->f[4], "0.8333333333");
		line |= !strcmp(rec->f[2], "FAC") &&
		    !strcmp(rec->f[3], "weekly@1") && !strcmp(rec->f[4], "2");
	}
	ok(rec == NULL, "csv: every row has 5 cells and parses");
	ok(hdr, "csv: header section,department,group,metric,value");
	ok(nasty, "csv: table cell with quotes round-trips, department set");
	ok(share, "csv: shares unrounded (0-1)");
	ok(line, "csv: line chart points as KEY@X");
	/* 2 kv + 2 rows x 3 metrics + 3 bars + 3 points + the header. */
	is_int(n, 2 + 6 + 3 + 3 + 1, "csv: row count (empty table: none)");
out:
	hak_csv_close(r);
	if (fp)
		fclose(fp);
	free(s);
	hak_doc_free(d);
}

/* A small JSON syntax check: value := object | array | string | number
 * | true | false | null.  Returns the end, or NULL on an error. */
static const char *json_value(const char *p, int depth);

static const char *
ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static const char *
json_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (; *p && *p != '"'; p++) {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\' && !*++p)
			return NULL;
	}
	return *p == '"' ? p + 1 : NULL;
}

static const char *
json_seq(const char *p, int depth, char close, bool object)
{
	p = ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (object) {
			if (!(p = json_string(ws(p))))
				return NULL;
			p = ws(p);
			if (*p++ != ':')
				return NULL;
		}
		if (!(p = json_value(p, depth + 1)))
			return NULL;
		p = ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

static const char *
json_value(const char *p, int depth)
{
	char *end;

	p = ws(p);
	if (depth > 50)
		return NULL;
	if (*p == '{')
		return json_seq(p, depth, '}', true);
	if (*p == '[')
		return json_seq(p, depth, ']', false);
	if (*p == '"')
		return json_string(p);
	if (!strncmp(p, "true", 4) || !strncmp(p, "null", 4))
		return p + 4;
	if (!strncmp(p, "false", 5))
		return p + 5;
	strtod(p, &end);
	return end > p ? end : NULL;
}

static void
test_json(void)
{
	struct hak_doc *d = sample(), *e = hak_doc_new("empty");
	char *s = render(d, HAK_DOC_FMT_JSON);
	const char *end = s ? json_value(s, 0) : NULL;

	ok(end && !*ws(end), "json: one valid value");
	ok(s && strstr(s, "\"received\":12,\"sla_met\":0.8333333333,"),
	    "json: numbers as numbers");
	ok(s && strstr(s, "{\"department\":\"EDU\""), "json: codes as strings");
	ok(s && strstr(s, "\"sla_met\":null"), "json: empty cell is null");
	ok(s && strstr(s, "\\u003c") == NULL && strstr(s, "\"<script>&\\\"'\""),
	    "json: string escaped");
	ok(s && strstr(s, "\"type\":\"table\",\"key\":\"empty\"") &&
	    strstr(s, "\"rows\":[]"), "json: empty table has no rows");
	free(s);
	s = render(e, HAK_DOC_FMT_JSON);
	is_str(s, "{\"title\":\"empty\",\"sections\":[]}\n",
	    "json: a document without sections");
	free(s);
	hak_doc_free(d);
	hak_doc_free(e);
}

struct seen {
	struct hak_buf log;
	int calls;
};

/* "section/key:col=cell,...;" per record, cols typed t, n or b. */
static int
log_records(void *ctx, const struct hak_doc_records *r)
{
	static const char tc[] = { 't', 'n', 'b' };
	struct seen *sn = ctx;
	size_t i, c;

	for (i = 0; i < r->nrows; i++) {
		hak_buf_addf(&sn->log, "%s/%s:", r->section, r->key);
		for (c = 0; c < r->ncols; c++)
			hak_buf_addf(&sn->log, "%s%s(%c)=%s", c ? "," : "",
			    r->cols[c].name, tc[r->cols[c].type],
			    r->cells[i * r->ncols + c] ?
			    r->cells[i * r->ncols + c] : "-");
		hak_buf_addch(&sn->log, ';');
	}
	return ++sn->calls == 99 ? 7 : 0;
}

static void
test_records(void)
{
	struct hak_doc *d = hak_doc_new("p");
	struct seen sn = { HAK_BUF_INIT, 0 };
	const char *r1[] = { "teacher", "15" }, *r2[] = { "student", NULL };
	char *s;
	int rc;

	hak_doc_section(d, "project", "Project");
	hak_doc_kv(d, "code", "P1", HAK_DOC_CODE, 0);
	hak_doc_kv(d, "is_new", "1", HAK_DOC_BOOL, 0);
	hak_doc_kv(d, "target", "40", HAK_DOC_INTEGER, 0);
	hak_doc_para(d, "left out");
	hak_doc_section(d, "reach", NULL);
	hak_doc_table(d, "by_type", NULL);
	hak_doc_col(d, "recipient", HAK_DOC_TEXT, 0);
	hak_doc_col(d, "count", HAK_DOC_PERCENT, 1);
	hak_doc_row(d, r1);
	hak_doc_row(d, r2);
	hak_doc_bars(d, "count", NULL);
	hak_doc_bar(d, "teacher", 15);
	hak_doc_define(d, "count", "left out");
	rc = hak_doc_each_records(d, log_records, &sn);
	ok(rc == HAK_OK && sn.calls == 2, "records: a kv list and a table");
	ok(!strcmp(sn.log.buf, "project/:code(t)=P1,is_new(b)=1,"
	    "target(n)=40;reach/by_type:recipient(t)=teacher,count(n)=15;"
	    "reach/by_type:recipient(t)=student,count(n)=-;"),
	    "records: kv as one record, columns typed, cells as given");
	sn.calls = 98;
	ok(hak_doc_each_records(d, log_records, &sn) == 7,
	    "records: fn's non-zero ends the walk");
	s = render(d, HAK_DOC_FMT_TEXT);
	ok(s && strstr(s, "is_new  yes\n"), "text: bool as yes");
	free(s);
	s = render(d, HAK_DOC_FMT_JSON);
	ok(s && strstr(s, "\"is_new\",\"value\":true"), "json: bool as true");
	free(s);
	hak_buf_release(&sn.log);
	hak_doc_free(d);
}

static void
test_misc(void)
{
	enum hak_doc_format f;
	struct hak_err err;

	ok(!hak_doc_format_parse("html", &f, &err) && f == HAK_DOC_FMT_HTML,
	    "format html");
	ok(!hak_doc_format_parse("table", &f, &err) && f == HAK_DOC_FMT_TEXT,
	    "format table means text");
	ok(hak_doc_format_parse("pdf", &f, &err) == HAK_EUSAGE,
	    "format pdf refused");
	hak_doc_free(NULL);
	ok(1, "hak_doc_free(NULL) is a no-op");
}

/* A table keyed by department only, and a chart of its figures. */
static void
test_csv_groups(void)
{
	struct hak_doc *d = hak_doc_new("t");
	const char *row[3] = { "EDU", "3", "0.5" };
	char *s;

	hak_doc_section(d, "summary", "Summary");
	hak_doc_table(d, "t", NULL);
	hak_doc_col(d, "department", HAK_DOC_CODE, -1);
	hak_doc_col(d, "received", HAK_DOC_INTEGER, -1);
	hak_doc_col(d, "sla_met", HAK_DOC_PERCENT, 1);
	hak_doc_row(d, row);
	hak_doc_bars(d, "received", "Received");
	hak_doc_illustrate(d);
	hak_doc_bar(d, "EDU", 3);
	hak_doc_bars(d, "other", "Other");
	hak_doc_bar(d, "x", 1);
	s = render(d, HAK_DOC_FMT_CSV);
	is_str(s, "section,department,group,metric,value\n"
	    "summary,EDU,,received,3\nsummary,EDU,,sla_met,0.5\n"
	    "summary,,x,other,1\n",
	    "csv: a table without a text column has no group; an "
	    "illustrating chart is left out, others stay");
	free(s);
	s = render(d, HAK_DOC_FMT_TEXT);
	ok(s && strstr(s, "Received") && strstr(s, "EDU  "),
	    "text: the illustrating chart is drawn");
	free(s);
	hak_doc_free(d);
}

int
main(void)
{
	test_csv_groups();
	test_text();
	test_md_html();
	test_csv();
	test_json();
	test_records();
	test_misc();
	return done_testing();
}
