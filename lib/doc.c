/* SPDX-License-Identifier: MIT */
/* Documents built in memory, rendered as text, md, html, csv, json. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hak/buf.h"
#include "hak/csvio.h"
#include "hak/doc.h"
#include "hak/out.h"
#include "hak/text.h"
#include "banned.h"

enum kind { PARA, KV, TABLE, BARS, LINES, DEFS };

struct col {
	char *name;
	enum hak_doc_type type;
	int decimals;
};

/*
 * Every block is a grid of string cells: PARA (text), KV (key, value,
 * with a type per row in rowtype), TABLE (its columns), BARS (label,
 * value), LINES (series, x, y), DEFS (term, definition).
 */
struct block {
	enum kind kind;
	char *key, *caption;
	struct col *cols;
	size_t ncols, acols;
	char **cells;
	size_t ncells, acells;
	struct col *rowtype;	/* KV: the value's type per row */
	size_t arowtype;
	bool illustrates;	/* a chart of figures given elsewhere */
};

struct section {
	char *key, *heading;
	struct block *blocks;
	size_t n, alloc;
};

struct hak_doc {
	char *title;
	struct section *sections;
	size_t n, alloc;
};

#define NROWS(b) ((b)->ncols ? (b)->ncells / (b)->ncols : 0)
#define CELL(b, r, c) ((b)->cells[(r) * (b)->ncols + (c)])

/* ---- Building ---- */

struct hak_doc *
hak_doc_new(const char *title)
{
	struct hak_doc *d = hak_xcalloc(1, sizeof(*d));

	d->title = hak_xstrdup(title ? title : "");
	return d;
}

static void
block_release(struct block *b)
{
	size_t i;

	for (i = 0; i < b->ncols; i++)
		free(b->cols[i].name);
	for (i = 0; i < b->ncells; i++)
		free(b->cells[i]);
	free(b->cols);
	free(b->cells);
	free(b->rowtype);
	free(b->key);
	free(b->caption);
}

void
hak_doc_free(struct hak_doc *d)
{
	size_t i, j;

	if (!d)
		return;
	for (i = 0; i < d->n; i++) {
		for (j = 0; j < d->sections[i].n; j++)
			block_release(&d->sections[i].blocks[j]);
		free(d->sections[i].blocks);
		free(d->sections[i].key);
		free(d->sections[i].heading);
	}
	free(d->sections);
	free(d->title);
	free(d);
}

int
hak_doc_format_parse(const char *s, enum hak_doc_format *fmt,
	struct hak_err *err)
{
	static const char *const names[] = { "text", "md", "html", "csv",
		"json" };
	size_t i;

	if (s && !strcmp(s, "table"))
		s = "text";
	for (i = 0; s && i < sizeof(names) / sizeof(*names); i++) {
		if (!strcmp(s, names[i])) {
			*fmt = (enum hak_doc_format)i;
			return HAK_OK;
		}
	}
	return hak_err_set(err, HAK_EUSAGE, "bad format '%s' (expected "
	    "text, md, html, csv or json)", s ? s : "");
}

void
hak_doc_section(struct hak_doc *d, const char *key, const char *heading)
{
	struct section *s;

	HAK_ALLOC_GROW(d->sections, d->n + 1, d->alloc);
	s = &d->sections[d->n++];
	memset(s, 0, sizeof(*s));
	s->key = hak_xstrdup(key ? key : "");
	s->heading = hak_xstrdup(heading);
}

static void
add_col(struct block *b, const char *name, enum hak_doc_type type,
	int decimals)
{
	HAK_ALLOC_GROW(b->cols, b->ncols + 1, b->acols);
	b->cols[b->ncols].name = hak_xstrdup(name ? name : "");
	b->cols[b->ncols].type = type;
	b->cols[b->ncols].decimals = decimals;
	b->ncols++;
}

/* The fixed columns of every kind of block but tables. */
static void
init_cols(struct block *b)
{
	static const struct {
		enum kind kind;
		const char *name;
		enum hak_doc_type type;
	} fixed[] = {
		{ PARA, "text", HAK_DOC_TEXT },
		{ KV, "key", HAK_DOC_TEXT }, { KV, "value", HAK_DOC_TEXT },
		{ BARS, "label", HAK_DOC_TEXT },
		{ BARS, "value", HAK_DOC_NUMBER },
		{ LINES, "series", HAK_DOC_TEXT },
		{ LINES, "x", HAK_DOC_NUMBER }, { LINES, "y", HAK_DOC_NUMBER },
		{ DEFS, "term", HAK_DOC_TEXT },
		{ DEFS, "definition", HAK_DOC_TEXT },
	};
	size_t i;

	for (i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
		if (fixed[i].kind == b->kind)
			add_col(b, fixed[i].name, fixed[i].type, -1);
}

static struct block *
add_block(struct hak_doc *d, enum kind kind, const char *key,
	const char *caption)
{
	struct section *s;
	struct block *b;

	if (!d->n)
		hak_doc_section(d, "", NULL);
	s = &d->sections[d->n - 1];
	HAK_ALLOC_GROW(s->blocks, s->n + 1, s->alloc);
	b = &s->blocks[s->n++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->key = hak_xstrdup(key ? key : "");
	b->caption = hak_xstrdup(caption);
	init_cols(b);
	return b;
}

/* The last block if it is of that kind, else a new one. */
static struct block *
last_block(struct hak_doc *d, enum kind kind)
{
	struct section *s = d->n ? &d->sections[d->n - 1] : NULL;

	if (s && s->n && s->blocks[s->n - 1].kind == kind)
		return &s->blocks[s->n - 1];
	return add_block(d, kind, NULL, NULL);
}

static void
add_cell(struct block *b, const char *s)
{
	HAK_ALLOC_GROW(b->cells, b->ncells + 1, b->acells);
	b->cells[b->ncells++] = hak_xstrdup(s);
}

static void
add_num(struct block *b, double v)
{
	char s[40];

	snprintf(s, sizeof(s), "%.17g", v);
	add_cell(b, s);
}

void
hak_doc_para(struct hak_doc *d, const char *text)
{
	add_cell(add_block(d, PARA, NULL, NULL), text);
}

void
hak_doc_kv(struct hak_doc *d, const char *key, const char *value,
	enum hak_doc_type type, int decimals)
{
	struct block *b = last_block(d, KV);
	size_t r;

	r = NROWS(b);
	HAK_ALLOC_GROW(b->rowtype, r + 1, b->arowtype);
	b->rowtype[r].name = NULL;
	b->rowtype[r].type = type;
	b->rowtype[r].decimals = decimals;
	add_cell(b, key);
	add_cell(b, value);
}

void
hak_doc_table(struct hak_doc *d, const char *key, const char *caption)
{
	add_block(d, TABLE, key, caption);
}

void
hak_doc_col(struct hak_doc *d, const char *name, enum hak_doc_type type,
	int decimals)
{
	add_col(last_block(d, TABLE), name, type, decimals);
}

void
hak_doc_row(struct hak_doc *d, const char *const *cells)
{
	struct block *b = last_block(d, TABLE);
	size_t i;

	for (i = 0; i < b->ncols; i++)
		add_cell(b, cells[i]);
}

void
hak_doc_bars(struct hak_doc *d, const char *key, const char *caption)
{
	add_block(d, BARS, key, caption);
}

void
hak_doc_bar(struct hak_doc *d, const char *label, double value)
{
	struct block *b = last_block(d, BARS);

	add_cell(b, label);
	add_num(b, value);
}

void
hak_doc_lines(struct hak_doc *d, const char *key, const char *caption)
{
	add_block(d, LINES, key, caption);
}

void
hak_doc_point(struct hak_doc *d, const char *series, double x, double y)
{
	struct block *b = last_block(d, LINES);

	add_cell(b, series);
	add_num(b, x);
	add_num(b, y);
}

void
hak_doc_illustrate(struct hak_doc *d)
{
	struct section *s = d->n ? &d->sections[d->n - 1] : NULL;

	if (s && s->n)
		s->blocks[s->n - 1].illustrates = true;
}

void
hak_doc_define(struct hak_doc *d, const char *term, const char *definition)
{
	struct block *b = last_block(d, DEFS);

	add_cell(b, term);
	add_cell(b, definition);
}

/* ---- Cells as people see them ---- */

#define BAR_CELLS	40

static const struct col *
col_of(const struct block *b, size_t r, size_t c)
{
	return b->kind == KV && c == 1 ? &b->rowtype[r] : &b->cols[c];
}

static bool
is_numeric(enum hak_doc_type t)
{
	return t == HAK_DOC_INTEGER || t == HAK_DOC_NUMBER ||
	    t == HAK_DOC_PERCENT;
}

static bool
parse_num(const char *s, double *v)
{
	char *end;

	if (!s || !*s)
		return false;
	errno = 0;
	*v = strtod(s, &end);
	return !*end && !errno && isfinite(*v);
}

/* The cell as shown in text, md and html.  Caller frees. */
static char *
display(const struct col *c, const char *s)
{
	double v;

	if (!s)
		return hak_xstrdup("");
	if (c->type == HAK_DOC_BOOL && (!strcmp(s, "1") || !strcmp(s, "0")))
		return hak_xstrdup(*s == '1' ? "yes" : "no");
	if (!is_numeric(c->type) || c->type == HAK_DOC_INTEGER ||
	    !parse_num(s, &v))
		return hak_xstrdup(s);
	if (c->type == HAK_DOC_PERCENT)
		return hak_xasprintf("%.*f%%", c->decimals < 0 ? 1 :
		    c->decimals, 100 * v);
	if (c->decimals < 0)
		return hak_xasprintf("%.10g", v);
	return hak_xasprintf("%.*f", c->decimals, v);
}

/* As display, safe for a terminal: control and bidi characters as '?'. */
static char *
display_safe(const struct col *c, const char *s)
{
	char *raw = display(c, s), *safe = hak_out_cell_fit(raw, SIZE_MAX);

	free(raw);
	return safe;
}

static double
bar_value(const struct block *b, size_t r)
{
	double v;

	return parse_num(CELL(b, r, 1), &v) && v > 0 ? v : 0;
}

static double
bar_max(const struct block *b)
{
	double m = 0;
	size_t r;

	for (r = 0; r < NROWS(b); r++)
		if (bar_value(b, r) > m)
			m = bar_value(b, r);
	return m;
}

/* ---- text ---- */

/* s (NULL = "") safe for a terminal, then end. */
static void
add_safe(struct hak_buf *o, const char *s, const char *end)
{
	char *safe = hak_out_cell_fit(s ? s : "", SIZE_MAX);

	hak_buf_adds(o, safe);
	hak_buf_adds(o, end);
	free(safe);
}

static void
pad(struct hak_buf *o, size_t n)
{
	while (n--)
		hak_buf_addch(o, ' ');
}

static void
underline(struct hak_buf *o, const char *s, int ch)
{
	char *safe = hak_out_cell_fit(s, SIZE_MAX);
	size_t w = hak_text_width(safe);

	hak_buf_addf(o, "%s\n", safe);
	while (w--)
		hak_buf_addch(o, ch);
	hak_buf_adds(o, "\n\n");
	free(safe);
}

/* A grid with aligned columns; numbers right-aligned in tables. */
static void
text_grid(struct hak_buf *o, const struct block *b, bool header)
{
	size_t nr = NROWS(b), nc = b->ncols, r, c, w;
	size_t *width = hak_xcalloc(nc ? nc : 1, sizeof(*width));
	char **disp = hak_xcalloc((nr + 1) * nc + 1, sizeof(*disp));
	bool right;

	for (c = 0; c < nc; c++)
		disp[c] = hak_out_cell_fit(b->cols[c].name, SIZE_MAX);
	for (r = 0; r < nr; r++)
		for (c = 0; c < nc; c++)
			disp[(r + 1) * nc + c] = display_safe(col_of(b, r, c),
			    CELL(b, r, c));
	for (r = header ? 0 : 1; r <= nr; r++)
		for (c = 0; c < nc; c++)
			if ((w = hak_text_width(disp[r * nc + c])) > width[c])
				width[c] = w;
	for (r = header ? 0 : 1; r <= nr; r++) {
		for (c = 0; c < nc; c++) {
			w = hak_text_width(disp[r * nc + c]);
			right = b->kind != KV && is_numeric(b->cols[c].type);
			if (c)
				hak_buf_adds(o, "  ");
			if (right)
				pad(o, width[c] - w);
			hak_buf_adds(o, disp[r * nc + c]);
			if (!right && c + 1 < nc)
				pad(o, width[c] - w);
		}
		/* an empty last cell leaves no trailing blanks */
		while (o->len && o->buf[o->len - 1] == ' ')
			hak_buf_setlen(o, o->len - 1);
		hak_buf_addch(o, '\n');
		for (c = 0; r == 0 && c < nc; c++) {
			hak_buf_adds(o, c ? "  " : "");
			for (w = 0; w < width[c]; w++)
				hak_buf_addch(o, '-');
			hak_buf_adds(o, c + 1 < nc ? "" : "\n");
		}
	}
	if (header && !nr)
		hak_buf_adds(o, "(none)\n");
	for (r = 0; r < (nr + 1) * nc; r++)
		free(disp[r]);
	free(disp);
	free(width);
}

/* Bars in block characters, eighths of a cell at the end. */
static void
text_bars(struct hak_buf *o, const struct block *b)
{
	static const char *const part[] = { "", "\xe2\x96\x8f",
		"\xe2\x96\x8e", "\xe2\x96\x8d", "\xe2\x96\x8c", "\xe2\x96\x8b",
		"\xe2\x96\x8a", "\xe2\x96\x89" };
	size_t r, w, lw = 0, eighths, i;
	double max = bar_max(b);
	char *label, *value;

	for (r = 0; r < NROWS(b); r++) {
		label = hak_out_cell_fit(CELL(b, r, 0), SIZE_MAX);
		if ((w = hak_text_width(label)) > lw)
			lw = w;
		free(label);
	}
	for (r = 0; r < NROWS(b); r++) {
		label = hak_out_cell_fit(CELL(b, r, 0), SIZE_MAX);
		value = display(&b->cols[1], CELL(b, r, 1));
		hak_buf_adds(o, label);
		pad(o, lw - hak_text_width(label) + 2);
		eighths = max > 0 ? (size_t)lround(bar_value(b, r) / max *
		    BAR_CELLS * 8) : 0;
		for (i = 0; i < eighths / 8; i++)
			hak_buf_adds(o, "\xe2\x96\x88");
		hak_buf_adds(o, part[eighths % 8]);
		hak_buf_addf(o, " %s\n", value);
		free(label);
		free(value);
	}
	if (!NROWS(b))
		hak_buf_adds(o, "(none)\n");
}

static void
text_block(struct hak_buf *o, const struct section *s,
	const struct block *b, size_t i)
{
	size_t r;

	(void)s;
	(void)i;
	if (b->kind == LINES && b->illustrates)
		return;		/* its table is given: no picture here */
	if (b->caption)
		underline(o, b->caption, '.');
	switch (b->kind) {
	case PARA:
		add_safe(o, CELL(b, 0, 0), "\n");
		break;
	case KV:
		text_grid(o, b, false);
		break;
	case TABLE:
	case LINES:
		text_grid(o, b, true);
		break;
	case BARS:
		text_bars(o, b);
		break;
	case DEFS:
		for (r = 0; r < NROWS(b); r++) {
			add_safe(o, CELL(b, r, 0), "\n    ");
			add_safe(o, CELL(b, r, 1), "\n");
		}
		break;
	}
	hak_buf_addch(o, '\n');
}

static void
text_begin(struct hak_buf *o, const struct hak_doc *d)
{
	underline(o, d->title, '=');
}

static void
text_section(struct hak_buf *o, const struct section *s, size_t i)
{
	(void)i;
	if (s->heading)
		underline(o, s->heading, '-');
}

/* ---- md ---- */

/* Text in markdown: HTML-special characters as entities, markdown ones
 * behind a backslash, line ends as spaces (a table cell is one line). */
static void
md_text(struct hak_buf *o, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '&')
			hak_buf_adds(o, "&amp;");
		else if (*s == '<')
			hak_buf_adds(o, "&lt;");
		else if (*s == '>')
			hak_buf_adds(o, "&gt;");
		else if (*s == '\n' || *s == '\r')
			hak_buf_addch(o, ' ');
		else if (strchr("\\|*_`[]#", *s)) {
			hak_buf_addch(o, '\\');
			hak_buf_addch(o, *s);
		} else
			hak_buf_addch(o, *s);
	}
}

static void
md_cell(struct hak_buf *o, const struct col *c, const char *s)
{
	char *v = display(c, s);

	md_text(o, v);
	free(v);
}

static void
md_table(struct hak_buf *o, const struct block *b)
{
	size_t r, c;

	for (c = 0; c < b->ncols; c++) {
		hak_buf_adds(o, "| ");
		md_text(o, b->cols[c].name);
		hak_buf_addch(o, ' ');
	}
	hak_buf_adds(o, "|\n");
	for (c = 0; c < b->ncols; c++)
		hak_buf_adds(o, is_numeric(b->cols[c].type) ? "| ---: " :
		    "| --- ");
	hak_buf_adds(o, "|\n");
	for (r = 0; r < NROWS(b); r++) {
		for (c = 0; c < b->ncols; c++) {
			hak_buf_adds(o, "| ");
			md_cell(o, col_of(b, r, c), CELL(b, r, c));
			hak_buf_addch(o, ' ');
		}
		hak_buf_adds(o, "|\n");
	}
}

/* A list of "**first**: second" items (key-value lists, definitions). */
static void
md_pairs(struct hak_buf *o, const struct block *b)
{
	size_t r;

	for (r = 0; r < NROWS(b); r++) {
		hak_buf_adds(o, "- **");
		md_text(o, CELL(b, r, 0));
		hak_buf_adds(o, "**:");
		if (CELL(b, r, 1) && *CELL(b, r, 1))
			hak_buf_addch(o, ' ');
		md_cell(o, col_of(b, r, 1), CELL(b, r, 1));
		hak_buf_addch(o, '\n');
	}
}

static void
md_begin(struct hak_buf *o, const struct hak_doc *d)
{
	hak_buf_adds(o, "# ");
	md_text(o, d->title);
	hak_buf_adds(o, "\n\n");
}

static void
md_section(struct hak_buf *o, const struct section *s, size_t i)
{
	(void)i;
	if (!s->heading)
		return;
	hak_buf_adds(o, "## ");
	md_text(o, s->heading);
	hak_buf_adds(o, "\n\n");
}

static void
md_block(struct hak_buf *o, const struct section *s, const struct block *b,
	size_t i)
{
	struct hak_buf bars = HAK_BUF_INIT;
	char *p;

	(void)s;
	(void)i;
	if (b->kind == LINES && b->illustrates)
		return;
	if (b->caption) {
		hak_buf_adds(o, "**");
		md_text(o, b->caption);
		hak_buf_adds(o, "**\n\n");
	}
	switch (b->kind) {
	case PARA:
		md_text(o, CELL(b, 0, 0));
		hak_buf_addch(o, '\n');
		break;
	case KV:
	case DEFS:
		md_pairs(o, b);
		break;
	case TABLE:
	case LINES:
		md_table(o, b);
		break;
	case BARS:
		/* A code block shows text as is: no escaping, and no fence
		 * can close early since labels are cut at line ends. */
		text_bars(&bars, b);
		for (p = bars.buf; *p; p++)
			if (*p == '`')
				*p = '\'';
		hak_buf_addf(o, "```text\n%s```\n", bars.buf);
		hak_buf_release(&bars);
		break;
	}
	hak_buf_addch(o, '\n');
}

/* ---- html ---- */

#define SVG_W		640
#define SVG_LABEL	200
#define SVG_ROW		22
#define SVG_H		260
#define SVG_PAD		40

static const char html_style[] =
	"body{font-family:sans-serif;margin:2em;color:#222}"
	"table{border-collapse:collapse;margin:0 0 1em}"
	"th,td{border:1px solid #bbb;padding:.2em .5em;text-align:left}"
	"td.num{text-align:right;font-variant-numeric:tabular-nums}"
	"caption{font-weight:bold;text-align:left}"
	"dt{font-weight:bold}svg text{font-size:12px}"
	".bar{fill:#4a78b0}.axis{fill:none;stroke:#888}"
	".s0{stroke:#4a78b0}.s1{stroke:#c0504d}.s2{stroke:#9bbb59}"
	".s3{stroke:#8064a2}polyline{fill:none;stroke-width:2}"
	".k0{fill:#4a78b0}.k1{fill:#c0504d}.k2{fill:#9bbb59}.k3{fill:#8064a2}"
	"@page{size:A4;margin:15mm}"
	"@media print{body{margin:0}section{break-inside:avoid}"
	"table,svg{break-inside:avoid}}";

static void
html_text(struct hak_buf *o, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			hak_buf_adds(o, "&amp;");
			break;
		case '<':
			hak_buf_adds(o, "&lt;");
			break;
		case '>':
			hak_buf_adds(o, "&gt;");
			break;
		case '"':
			hak_buf_adds(o, "&quot;");
			break;
		case '\'':
			hak_buf_adds(o, "&#39;");
			break;
		default:
			hak_buf_addch(o, *s);
		}
	}
}

/* <tag class>text</tag>, the text escaped; cls may be NULL. */
static void
html_elem(struct hak_buf *o, const char *tag, const char *cls,
	const char *text)
{
	hak_buf_addf(o, "<%s%s%s%s>", tag, cls ? " class=\"" : "",
	    cls ? cls : "", cls ? "\"" : "");
	html_text(o, text);
	hak_buf_addf(o, "</%s>", tag);
}

static void
html_cell(struct hak_buf *o, const struct col *c, const char *s)
{
	char *v = display(c, s);

	html_elem(o, "td", is_numeric(c->type) ? "num" : NULL, v);
	free(v);
}

static void
html_table(struct hak_buf *o, const struct block *b)
{
	size_t r, c;

	hak_buf_adds(o, "<table>");
	if (b->caption)
		html_elem(o, "caption", NULL, b->caption);
	hak_buf_adds(o, "<thead><tr>");
	for (c = 0; c < b->ncols; c++)
		html_elem(o, "th", NULL, b->cols[c].name);
	hak_buf_adds(o, "</tr></thead>\n<tbody>\n");
	for (r = 0; r < NROWS(b); r++) {
		hak_buf_adds(o, "<tr>");
		for (c = 0; c < b->ncols; c++)
			html_cell(o, col_of(b, r, c), CELL(b, r, c));
		hak_buf_adds(o, "</tr>\n");
	}
	if (!NROWS(b))
		hak_buf_addf(o, "<tr><td colspan=\"%zu\">(none)</td></tr>\n",
		    b->ncols ? b->ncols : 1);
	hak_buf_adds(o, "</tbody></table>\n");
}

static void
html_pairs(struct hak_buf *o, const struct block *b)
{
	char *v;
	size_t r;

	hak_buf_adds(o, "<dl>\n");
	for (r = 0; r < NROWS(b); r++) {
		v = display(col_of(b, r, 1), CELL(b, r, 1));
		html_elem(o, "dt", NULL, CELL(b, r, 0));
		html_elem(o, "dd", NULL, v);
		hak_buf_addch(o, '\n');
		free(v);
	}
	hak_buf_adds(o, "</dl>\n");
}

static void
svg_open(struct hak_buf *o, const struct block *b, int h)
{
	hak_buf_addf(o, "<figure><svg width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" role=\"img\">", SVG_W, h, SVG_W, h);
	if (b->caption)
		html_elem(o, "title", NULL, b->caption);
	hak_buf_addch(o, '\n');
}

static void
svg_close(struct hak_buf *o, const struct block *b)
{
	hak_buf_adds(o, "</svg>");
	if (b->caption)
		html_elem(o, "figcaption", NULL, b->caption);
	hak_buf_adds(o, "</figure>\n");
}

/* <text> at x, y (anchor "start" or "end"), the text escaped. */
static void
svg_text(struct hak_buf *o, double x, double y, const char *anchor,
	const char *s)
{
	hak_buf_addf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
	    x, y, anchor);
	html_text(o, s);
	hak_buf_adds(o, "</text>\n");
}

static void
html_bars(struct hak_buf *o, const struct block *b)
{
	int h = (int)NROWS(b) * SVG_ROW + SVG_ROW;
	double max = bar_max(b), w, y;
	char *v;
	size_t r;

	svg_open(o, b, h);
	for (r = 0; r < NROWS(b); r++) {
		y = (double)r * SVG_ROW + SVG_ROW / 2.0;
		w = max > 0 ? bar_value(b, r) / max *
		    (SVG_W - SVG_LABEL - 2 * SVG_PAD) : 0;
		svg_text(o, SVG_LABEL - 6, y + 10, "end", CELL(b, r, 0));
		hak_buf_addf(o, "<rect class=\"bar\" x=\"%d\" y=\"%.1f\" "
		    "width=\"%.1f\" height=\"%d\"/>\n", SVG_LABEL, y, w,
		    SVG_ROW - 6);
		v = display(&b->cols[1], CELL(b, r, 1));
		svg_text(o, SVG_LABEL + w + 4, y + 10, "start", v);
		free(v);
	}
	svg_close(o, b);
}

struct range {
	double x0, x1, y0, y1;
};

static struct range
line_range(const struct block *b)
{
	struct range g = { 0, 1, 0, 1 };
	double x, y;
	size_t r;

	for (r = 0; r < NROWS(b); r++) {
		if (!parse_num(CELL(b, r, 1), &x) ||
		    !parse_num(CELL(b, r, 2), &y))
			continue;
		if (!r || x < g.x0)
			g.x0 = x;
		if (!r || x > g.x1)
			g.x1 = x;
		if (y < g.y0)
			g.y0 = y;
		if (y > g.y1)
			g.y1 = y;
	}
	if (g.x1 <= g.x0)
		g.x1 = g.x0 + 1;
	return g;
}

static void
html_lines(struct hak_buf *o, const struct block *b)
{
	struct range g = line_range(b);
	double x, y, pw = SVG_W - 2 * SVG_PAD, ph = SVG_H - 2 * SVG_PAD;
	char lab[40];
	size_t r, series = 0;

	svg_open(o, b, SVG_H);
	hak_buf_addf(o, "<path class=\"axis\" d=\"M%d %d V%d H%d\"/>\n",
	    SVG_PAD, SVG_PAD, SVG_H - SVG_PAD, SVG_W - SVG_PAD);
	snprintf(lab, sizeof(lab), "%g", g.y1);
	svg_text(o, SVG_PAD - 4, SVG_PAD + 4, "end", lab);
	snprintf(lab, sizeof(lab), "%g", g.y0);
	svg_text(o, SVG_PAD - 4, SVG_H - SVG_PAD, "end", lab);
	for (r = 0; r < NROWS(b); r++) {
		if (!r || strcmp(CELL(b, r, 0) ? CELL(b, r, 0) : "",
		    CELL(b, r - 1, 0) ? CELL(b, r - 1, 0) : "")) {
			if (r)
				hak_buf_adds(o, "\"/>\n");
			/* the legend: the series' name in its colour */
			hak_buf_addf(o, "<text class=\"k%zu\" x=\"%d\" "
			    "y=\"%.1f\" text-anchor=\"end\">", series % 4,
			    SVG_W - SVG_PAD, SVG_PAD / 2.0 - 8 + 14.0 *
			    (double)series);
			html_text(o, CELL(b, r, 0));
			hak_buf_adds(o, "</text>\n");
			hak_buf_addf(o, "<polyline class=\"s%zu\" points=\"",
			    series++ % 4);
		}
		if (parse_num(CELL(b, r, 1), &x) &&
		    parse_num(CELL(b, r, 2), &y))
			hak_buf_addf(o, "%.1f,%.1f ", SVG_PAD + (x - g.x0) /
			    (g.x1 - g.x0) * pw, SVG_H - SVG_PAD - (y - g.y0) /
			    (g.y1 - g.y0) * ph);
	}
	if (NROWS(b))
		hak_buf_adds(o, "\"/>\n");
	svg_close(o, b);
}

static void
html_begin(struct hak_buf *o, const struct hak_doc *d)
{
	hak_buf_adds(o, "<!DOCTYPE html>\n<html>\n<head>\n"
	    "<meta charset=\"utf-8\">\n");
	html_elem(o, "title", NULL, d->title);
	hak_buf_addf(o, "\n<style>%s</style>\n</head>\n<body>\n",
	    html_style);
	html_elem(o, "h1", NULL, d->title);
	hak_buf_addch(o, '\n');
}

static void
html_section(struct hak_buf *o, const struct section *s, size_t i)
{
	if (i)
		hak_buf_adds(o, "</section>\n");
	hak_buf_adds(o, "<section>\n");
	if (s->heading) {
		html_elem(o, "h2", NULL, s->heading);
		hak_buf_addch(o, '\n');
	}
}

static void
html_block(struct hak_buf *o, const struct section *s,
	const struct block *b, size_t i)
{
	(void)s;
	(void)i;
	switch (b->kind) {
	case PARA:
		html_elem(o, "p", NULL, CELL(b, 0, 0));
		hak_buf_addch(o, '\n');
		break;
	case KV:
	case DEFS:
		if (b->caption)
			html_elem(o, "h3", NULL, b->caption);
		html_pairs(o, b);
		break;
	case TABLE:
	case LINES:
		if (b->kind == LINES)
			html_lines(o, b);
		/* a chart of a table shown elsewhere needs not its points */
		if (b->kind == TABLE || !b->illustrates)
			html_table(o, b);
		break;
	case BARS:
		html_bars(o, b);
		break;
	}
}

static void
html_end(struct hak_buf *o, const struct hak_doc *d)
{
	hak_buf_adds(o, d->n ? "</section>\n</body>\n</html>\n" :
	    "</body>\n</html>\n");
}

/* ---- csv ---- */

static void
csv_row(struct hak_buf *o, const char *const f[5])
{
	size_t i;

	for (i = 0; i < 5; i++) {
		if (i)
			hak_buf_addch(o, ',');
		hak_csv_quote(o, f[i] && *f[i] ? f[i] : NULL, false);
	}
	hak_buf_addch(o, '\n');
}

static void
csv_begin(struct hak_buf *o, const struct hak_doc *d)
{
	static const char *const head[5] = { "section", "department",
		"group", "metric", "value" };

	(void)d;
	csv_row(o, head);
}

static size_t
find_col(const struct block *b, const char *name)
{
	size_t c;

	for (c = 0; c < b->ncols && strcmp(b->cols[c].name, name); c++)
		;
	return c;
}

/* The column whose cells are the groups of a table's csv rows: the first
 * text, code or bool column but department; ncols when none. */
static size_t
key_col(const struct block *b, size_t dept)
{
	size_t c;

	for (c = 0; c < b->ncols; c++)
		if (c != dept && !is_numeric(b->cols[c].type))
			return c;
	return b->ncols;
}

static void
csv_table(struct hak_buf *o, const struct section *s, const struct block *b)
{
	size_t dept = find_col(b, "department"), key = key_col(b, dept);
	const char *f[5];
	size_t r, c;

	f[0] = s->key;
	for (r = 0; r < NROWS(b); r++) {
		f[1] = dept < b->ncols ? CELL(b, r, dept) : NULL;
		f[2] = key < b->ncols ? CELL(b, r, key) : NULL;
		for (c = 0; c < b->ncols; c++) {
			if (c == dept || c == key)
				continue;
			f[3] = b->cols[c].name;
			f[4] = CELL(b, r, c);
			csv_row(o, f);
		}
	}
}

static void
csv_block(struct hak_buf *o, const struct section *s, const struct block *b,
	size_t i)
{
	const char *f[5];
	char *metric;
	double x;
	size_t r;

	(void)i;
	if (b->illustrates)
		return;
	f[0] = s->key;
	f[1] = NULL;
	for (r = 0; r < NROWS(b); r++) {
		if (b->kind == KV) {
			f[2] = NULL;
			f[3] = CELL(b, r, 0);
			f[4] = CELL(b, r, 1);
		} else if (b->kind == BARS) {
			f[2] = CELL(b, r, 0);
			f[3] = b->key;
			f[4] = CELL(b, r, 1);
		} else if (b->kind == LINES) {
			parse_num(CELL(b, r, 1), &x);
			metric = hak_xasprintf("%s@%g", b->key, x);
			f[2] = CELL(b, r, 0);
			f[3] = metric;
			f[4] = CELL(b, r, 2);
			csv_row(o, f);
			free(metric);
			continue;
		} else {
			break;
		}
		csv_row(o, f);
	}
	if (b->kind == TABLE)
		csv_table(o, s, b);
}

/* ---- json ---- */

static const char *const kind_names[] = { "paragraph", "values", "table",
	"bars", "lines", "definitions" };
static const char *const type_names[] = { "text", "code", "integer",
	"number", "percent", "bool" };

static void
json_str(struct hak_buf *o, const char *s)
{
	if (s)
		hak_out_json_string(o, s);
	else
		hak_buf_adds(o, "null");
}

static void
json_value(struct hak_buf *o, const struct col *c, const char *s)
{
	double v;

	if (!s || !*s)
		hak_buf_adds(o, "null");
	else if (c->type == HAK_DOC_BOOL && (!strcmp(s, "1") ||
	    !strcmp(s, "0")))
		hak_buf_adds(o, *s == '1' ? "true" : "false");
	else if (is_numeric(c->type) && hak_out_json_number(s))
		hak_buf_adds(o, s);
	else if (is_numeric(c->type) && parse_num(s, &v))
		hak_buf_addf(o, "%.17g", v);
	else
		hak_out_json_string(o, s);
}

static void
json_columns(struct hak_buf *o, const struct block *b)
{
	size_t c;

	hak_buf_adds(o, ",\"columns\":[");
	for (c = 0; c < b->ncols; c++) {
		hak_buf_adds(o, c ? ",{\"name\":" : "{\"name\":");
		json_str(o, b->cols[c].name);
		hak_buf_addf(o, ",\"type\":\"%s\"}",
		    type_names[b->cols[c].type]);
	}
	hak_buf_addch(o, ']');
}

static void
json_begin(struct hak_buf *o, const struct hak_doc *d)
{
	hak_buf_adds(o, "{\"title\":");
	json_str(o, d->title);
	hak_buf_adds(o, ",\"sections\":[");
}

static void
json_section(struct hak_buf *o, const struct section *s, size_t i)
{
	hak_buf_adds(o, i ? "]},\n{\"key\":" : "\n{\"key\":");
	json_str(o, s->key);
	hak_buf_adds(o, ",\"heading\":");
	json_str(o, s->heading);
	hak_buf_adds(o, ",\"blocks\":[");
}

/* {"type", "key", "caption", ["columns",] "rows": [{COLUMN: value}]} */
static void
json_block(struct hak_buf *o, const struct section *s, const struct block *b,
	size_t i)
{
	size_t r, c;

	(void)s;
	hak_buf_addf(o, "%s\n{\"type\":\"%s\",\"key\":", i ? "," : "",
	    kind_names[b->kind]);
	json_str(o, b->key);
	hak_buf_adds(o, ",\"caption\":");
	json_str(o, b->caption);
	if (b->kind == TABLE)
		json_columns(o, b);
	hak_buf_adds(o, ",\"rows\":[");
	for (r = 0; r < NROWS(b); r++) {
		hak_buf_adds(o, r ? ",{" : "{");
		for (c = 0; c < b->ncols; c++) {
			if (c)
				hak_buf_addch(o, ',');
			json_str(o, b->cols[c].name);
			hak_buf_addch(o, ':');
			json_value(o, col_of(b, r, c), CELL(b, r, c));
		}
		hak_buf_addch(o, '}');
	}
	hak_buf_adds(o, "]}");
}

static void
json_end(struct hak_buf *o, const struct hak_doc *d)
{
	hak_buf_adds(o, d->n ? "]}\n]}\n" : "]}\n");
}

/* ---- Rendering ---- */

struct renderer {
	void (*begin)(struct hak_buf *, const struct hak_doc *);
	void (*section)(struct hak_buf *, const struct section *, size_t);
	void (*block)(struct hak_buf *, const struct section *,
	    const struct block *, size_t);
	void (*end)(struct hak_buf *, const struct hak_doc *);
};

static const struct renderer renderers[] = {
	[HAK_DOC_FMT_TEXT] = { text_begin, text_section, text_block, NULL },
	[HAK_DOC_FMT_MD] = { md_begin, md_section, md_block, NULL },
	[HAK_DOC_FMT_HTML] = { html_begin, html_section, html_block,
		html_end },
	[HAK_DOC_FMT_CSV] = { csv_begin, NULL, csv_block, NULL },
	[HAK_DOC_FMT_JSON] = { json_begin, json_section, json_block,
		json_end },
};

int
hak_doc_render(const struct hak_doc *d, enum hak_doc_format fmt, FILE *fp,
	struct hak_err *err)
{
	const struct renderer *f = &renderers[fmt];
	struct hak_buf o = HAK_BUF_INIT;
	const struct section *s;
	size_t i, j;
	int rc = HAK_OK;

	f->begin(&o, d);
	for (i = 0; i < d->n; i++) {
		s = &d->sections[i];
		if (f->section)
			f->section(&o, s, i);
		for (j = 0; j < s->n; j++)
			f->block(&o, s, &s->blocks[j], j);
	}
	if (f->end)
		f->end(&o, d);
	if (fwrite(o.buf, 1, o.len, fp) != o.len || fflush(fp))
		rc = hak_err_set(err, HAK_EIO, "cannot write the document: "
		    "%s", strerror(errno));
	hak_buf_release(&o);
	return rc;
}

/* ---- Records ---- */

static enum hak_coltype
coltype(enum hak_doc_type t)
{
	if (t == HAK_DOC_BOOL)
		return HAK_COL_BOOL;
	return is_numeric(t) ? HAK_COL_NUM : HAK_COL_TEXT;
}

/* One table or key-value list b as records for fn. */
static int
block_records(const struct section *s, const struct block *b,
	int (*fn)(void *, const struct hak_doc_records *), void *ctx)
{
	const bool kv = b->kind == KV;
	struct hak_doc_records r;
	struct hak_col *cols;
	const char **vals = NULL;
	size_t c;
	int rc;

	r.section = s->key;
	r.key = b->key;
	r.ncols = kv ? NROWS(b) : b->ncols;
	r.nrows = kv ? 1 : NROWS(b);
	cols = hak_xcalloc(r.ncols ? r.ncols : 1, sizeof(*cols));
	if (kv)
		vals = hak_xcalloc(r.ncols ? r.ncols : 1, sizeof(*vals));
	for (c = 0; c < r.ncols; c++) {
		cols[c].name = kv ? CELL(b, c, 0) : b->cols[c].name;
		cols[c].type = coltype(kv ? b->rowtype[c].type :
		    b->cols[c].type);
		if (kv)
			vals[c] = CELL(b, c, 1);
	}
	r.cols = cols;
	r.cells = kv ? vals : (const char *const *)b->cells;
	rc = fn(ctx, &r);
	free(cols);
	free(vals);
	return rc;
}

int
hak_doc_each_records(const struct hak_doc *d,
	int (*fn)(void *ctx, const struct hak_doc_records *r), void *ctx)
{
	const struct section *s;
	size_t i, j;
	int rc;

	for (i = 0; i < d->n; i++) {
		s = &d->sections[i];
		for (j = 0; j < s->n; j++) {
			if (s->blocks[j].kind != TABLE &&
			    s->blocks[j].kind != KV)
				continue;
			if ((rc = block_records(s, &s->blocks[j], fn, ctx)))
				return rc;
		}
	}
	return HAK_OK;
}
