/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the workbook reader (lib/workbook.c): workbooks made here
 * with libzip, read back cell by cell; expected values worked out by hand
 * (Excel's date serials: 1 is 1900-01-01, 60 the false 1900-02-29, 61
 * 1900-03-01; in the 1904 system 0 is 1904-01-01).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "hak/buf.h"
#include "hak/csvio.h"
#include "hak/workbook.h"
#include "tap.h"

/* The fuzz harness, to replay its corpus (test_corpus). */
#include "../fuzz/workbook.c"

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""

static char tmpl[] = "/tmp/hak-wb-unit.XXXXXX";
static char path[64];

static void
add(zip_t *z, const char *name, const char *text)
{
	zip_source_t *s = zip_source_buffer(z, text, strlen(text), 0);

	if (!s || zip_file_add(z, name, s, ZIP_FL_OVERWRITE) < 0) {
		fprintf(stderr, "zip: %s\n", zip_strerror(z));
		exit(70);
	}
}

/* A workbook of one or two sheets (sheet2 may be NULL), styles and
 * shared strings (either NULL: none); the file is path. */
static void
book(const char *sheet1, const char *sheet2, const char *styles,
	const char *sst, bool d1904)
{
	static char wbxml[1024], rels[1024];
	int err;
	zip_t *z;

	unlink(path);
	if (!(z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err)))
		exit(70);
	add(z, "_rels/.rels", "<Relationships><Relationship Id=\"rId1\" "
		"Type=\"http://x/officeDocument\" Target=\"xl/workbook.xml\"/>"
		"</Relationships>");
	snprintf(wbxml, sizeof(wbxml), "<workbook " NS " xmlns:r=\"r\">%s"
		"<sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/>%s"
		"</sheets></workbook>", d1904 ? "<workbookPr date1904=\"true\"/>"
		: "", sheet2 ? "<sheet name=\"둘째\" sheetId=\"2\" "
		"r:id=\"rId2\"/>" : "");
	add(z, "xl/workbook.xml", wbxml);
	snprintf(rels, sizeof(rels), "<Relationships>"
		"<Relationship Id=\"rId1\" Type=\"http://x/worksheet\" "
		"Target=\"worksheets/sheet1.xml\"/>"
		"<Relationship Id=\"rId2\" Type=\"http://x/worksheet\" "
		"Target=\"/xl/worksheets/../worksheets/sheet2.xml\"/>"
		"<Relationship Id=\"rId3\" Type=\"http://x/styles\" "
		"Target=\"styles.xml\"/>"
		"<Relationship Id=\"rId4\" Type=\"http://x/sharedStrings\" "
		"Target=\"./sharedStrings.xml\"/></Relationships>");
	add(z, "xl/_rels/workbook.xml.rels", rels);
	add(z, "xl/worksheets/sheet1.xml", sheet1);
	if (sheet2)
		add(z, "xl/worksheets/sheet2.xml", sheet2);
	if (styles)
		add(z, "xl/styles.xml", styles);
	if (sst)
		add(z, "xl/sharedStrings.xml", sst);
	if (zip_close(z) < 0)
		exit(70);
}

/* Read path's sheet into "ROW:A|B|C\n" lines; the code. */
static int
dump(const char *sheet, struct hak_buf *out, struct hak_err *err)
{
	const struct hak_wb_row *row;
	struct hak_wb *wb;
	size_t i;
	int fd, rc;

	hak_buf_reset(out);
	hak_err_clear(err);
	if ((fd = open(path, O_RDONLY)) < 0)
		exit(70);
	rc = hak_wb_open(fd, HAK_WB_XLSX, "t.xlsx", sheet, &wb, err);
	close(fd);
	if (rc)
		return rc;
	while ((rc = hak_wb_read(wb, &row, err)) == HAK_OK && row) {
		hak_buf_addf(out, "%ld:", row->row);
		for (i = 0; i < row->n; i++)
			hak_buf_addf(out, "%s%s", i ? "|" : "", row->f[i]);
		hak_buf_addch(out, '\n');
	}
	hak_wb_close(wb);
	return rc;
}

static const char styles[] = "<styleSheet " NS "><numFmts>"
	"<numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\"/>"
	"<numFmt numFmtId=\"165\" formatCode=\"[h]:mm\"/>"
	"<numFmt numFmtId=\"166\" formatCode=\"&quot;day&quot; 0\"/>"
	"<numFmt numFmtId=\"167\" formatCode=\"[Red]#,##0.00\"/>"
	"<numFmt numFmtId=\"168\" formatCode=\"yyyy&quot;년&quot; m&quot;월&quot; d&quot;일&quot; h:mm\"/>"
	"<numFmt numFmtId=\"14\" formatCode=\"0.0\"/>"
	"</numFmts><cellStyleXfs><xf numFmtId=\"22\"/></cellStyleXfs>"
	"<cellXfs>"
	"<xf numFmtId=\"0\"/>"		/* 0 general */
	"<xf numFmtId=\"15\"/>"		/* 1 built-in date */
	"<xf numFmtId=\"22\"/>"		/* 2 built-in date and time */
	"<xf numFmtId=\"20\"/>"		/* 3 built-in time */
	"<xf numFmtId=\"164\"/>"	/* 4 custom date */
	"<xf numFmtId=\"165\"/>"	/* 5 elapsed time */
	"<xf numFmtId=\"166\"/>"	/* 6 "day" in quotes: a number */
	"<xf numFmtId=\"167\"/>"	/* 7 a colour: a number */
	"<xf numFmtId=\"168\"/>"	/* 8 Korean date and time */
	"<xf numFmtId=\"14\"/>"		/* 9 14 redefined as a number */
	"<xf numFmtId=\"31\"/>"		/* 10 Korean built-in date */
	"</cellXfs></styleSheet>";

static void
test_cells(void)
{
	struct hak_buf out = HAK_BUF_INIT;
	struct hak_err err;
	int rc;

	book("<worksheet " NS "><sheetData>"
		"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
		"<c r=\"C1\" t=\"s\"><v>1</v></c>"
		"<c r=\"D1\" t=\"inlineStr\"><is><t>in</t><r><t>line</t></r>"
		"</is></c></row>"
		"<row r=\"3\"><c r=\"A3\"><v>1</v></c><c r=\"B3\"><v>2.5</v></c>"
		"<c r=\"C3\"><v>1E+15</v></c><c r=\"D3\"><v>0.30000000000000004</v>"
		"</c><c r=\"E3\"><v>-0</v></c><c r=\"F3\"><v>123456789012</v></c>"
		"</row>"
		"<row r=\"4\"><c r=\"A4\" t=\"b\"><v>1</v></c>"
		"<c r=\"B4\" t=\"b\"><v>0</v></c>"
		"<c r=\"C4\" t=\"str\"><f>A1&amp;\"x\"</f><v>cached</v></c>"
		"<c r=\"D4\"><f>1+1</f><v>2</v></c>"
		"<c r=\"E4\" t=\"e\"><v>#N/A</v></c>"
		"<c r=\"F4\" t=\"s\"><v>2</v></c></row>"
		"<row r=\"5\"><c r=\"A5\" t=\"s\"/><c r=\"B5\"/></row>"
		"<row><c t=\"s\"><v>3</v></c><c><v>7</v></c></row>"
		"</sheetData></worksheet>", NULL, NULL,
		"<sst " NS "><si><t>007</t></si><si><t xml:space=\"preserve\">"
		" a, \"b\" </t></si><si><r><t>漢字</t></r><rPh><t>かんじ</t>"
		"</rPh></si><si><t>x_x000D_y_x005F_x0041_</t></si></sst>", false);
	rc = dump(NULL, &out, &err);
	ok(rc == HAK_OK, "cells: read");
	is_str(out.buf, "1:007|| a, \"b\" |inline\n"
		"3:1|2.5|1000000000000000|0.3|0|123456789012\n"
		"4:TRUE|FALSE|cached|2|#N/A|漢字\n"
		"6:x\ry_x0041_|7\n",
		"shared, inline and rich strings; numbers; booleans; cached "
		"formula values; phonetic text left out; _xHHHH_ escapes; "
		"empty rows skipped; rows and cells without r follow on");
	hak_buf_release(&out);
}

static void
test_dates(void)
{
	struct hak_buf out = HAK_BUF_INIT;
	struct hak_err err;

	book("<worksheet " NS "><sheetData><row r=\"1\">"
		"<c r=\"A1\" s=\"1\"><v>1</v></c>"
		"<c r=\"B1\" s=\"1\"><v>59</v></c>"
		"<c r=\"C1\" s=\"1\"><v>60</v></c>"
		"<c r=\"D1\" s=\"1\"><v>61</v></c>"
		"<c r=\"E1\" s=\"2\"><v>46346.65355324074</v></c>"
		"<c r=\"F1\" s=\"3\"><v>0.75</v></c>"
		"<c r=\"G1\" s=\"4\"><v>45351</v></c>"
		"<c r=\"H1\" s=\"5\"><v>1.5</v></c>"
		"<c r=\"I1\" s=\"6\"><v>45351</v></c>"
		"<c r=\"J1\" s=\"7\"><v>45351</v></c>"
		"<c r=\"K1\" s=\"8\"><v>46346.99999999</v></c>"
		"<c r=\"L1\" s=\"9\"><v>45351</v></c>"
		"<c r=\"M1\" s=\"10\"><v>45351</v></c>"
		"<c r=\"N1\" s=\"1\"><v>-3</v></c>"
		"<c r=\"O1\" s=\"99\"><v>45351</v></c>"
		"</row></sheetData></worksheet>", NULL, styles, NULL, false);
	ok(dump(NULL, &out, &err) == HAK_OK, "dates: read");
	is_str(out.buf, "1:1900-01-01|1900-02-28|1900-02-29|1900-03-01|"
		"2026-11-20 15:41:07|18:00:00|2024-02-29|36:00:00|45351|45351|"
		"2026-11-21 00:00:00|45351|2024-02-29|-3|45351\n",
		"1900 system: the false leap day, date, date and time, time, "
		"custom and Korean formats; quoted letters and colours are "
		"not dates; a redefined built-in id; no date before day 0; an "
		"unknown style is a number");
	book("<worksheet " NS "><sheetData><row r=\"2\">"
		"<c r=\"B2\" s=\"1\"><v>0</v></c>"
		"<c r=\"C2\" s=\"1\"><v>44227</v></c>"
		"<c r=\"D2\" s=\"2\"><v>44227.5</v></c>"
		"</row></sheetData></worksheet>", NULL, styles, NULL, true);
	ok(dump(NULL, &out, &err) == HAK_OK, "1904: read");
	is_str(out.buf, "2:|1904-01-01|2025-02-01|2025-02-01 12:00:00\n",
		"1904 system: day 0 is 1904-01-01, 44227 is 2025-02-01");
	hak_buf_release(&out);
}

static void
test_sheets(void)
{
	struct hak_buf out = HAK_BUF_INIT;
	struct hak_err err;
	int rc;

	book("<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" "
		"t=\"inlineStr\"><is><t>one</t></is></c></row></sheetData>"
		"</worksheet>", "<x:worksheet xmlns:x=\"urn:x\"><x:sheetData>"
		"<x:row r=\"2\"><x:c r=\"B2\" t=\"inlineStr\"><x:is><x:t>two"
		"</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>",
		NULL, NULL, false);
	ok(dump(NULL, &out, &err) == HAK_OK && !strcmp(out.buf, "1:one\n"),
		"the first sheet by default");
	ok(dump("둘째", &out, &err) == HAK_OK && !strcmp(out.buf, "2:|two\n"),
		"a sheet by name (its part found through ../, prefixed XML)");
	ok(dump("data", &out, &err) == HAK_OK && !strcmp(out.buf, "1:one\n"),
		"a sheet's name matches case-insensitively");
	ok(dump("2", &out, &err) == HAK_OK && !strcmp(out.buf, "2:|two\n"),
		"a sheet by number");
	rc = dump("3", &out, &err);
	ok(rc == HAK_EDATA && !strcmp(err.where, "t.xlsx") &&
		strstr(err.msg, "no sheet '3' (the sheets: 'Data', '둘째'"),
		"an unknown sheet lists the sheets");
	hak_buf_release(&out);
}

/* A sheet of one bad row: the code, and err's where and msg. */
static void
refused(const char *rows, const char *sst, const char *where,
	const char *msg, const char *name)
{
	struct hak_buf out = HAK_BUF_INIT, xml = HAK_BUF_INIT;
	struct hak_err err;
	int rc;

	hak_buf_addf(&xml, "<worksheet " NS "><sheetData>%s</sheetData>"
		"</worksheet>", rows);
	book(xml.buf, NULL, NULL, sst, false);
	rc = dump(NULL, &out, &err);
	ok(rc == HAK_EDATA && !strcmp(err.where, where) &&
		strstr(err.msg, msg), name);
	if (rc != HAK_EDATA || strcmp(err.where, where) ||
		!strstr(err.msg, msg))
		printf("#   %d %s: %s\n", rc, err.where, err.msg);
	hak_buf_release(&out);
	hak_buf_release(&xml);
}

static void
test_refused(void)
{
	refused("<row r=\"2\"><c r=\"B2\"><v>1</v></c><c r=\"A2\"><v>1</v>"
		"</c></row>", NULL, "t.xlsx:Data!A2", "out of order",
		"a cell before the one before it");
	refused("<row r=\"3\"><c r=\"A3\"><v>1</v></c></row><row r=\"2\">"
		"<c r=\"A2\"><v>1</v></c></row>", NULL, "t.xlsx:Data!2",
		"comes after a later row", "a row before the one before it");
	refused("<row r=\"2\"><c r=\"A3\"><v>1</v></c></row>", NULL,
		"t.xlsx:Data!A2", "cell A3 is out of order",
		"a cell of another row");
	refused("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>", NULL,
		"t.xlsx:Data!1", "bad cell reference 'XFE1'", "past column XFD");
	refused("<row r=\"1048577\"/>", NULL, "t.xlsx",
		"bad row number '1048577'", "past row 1048576");
	refused("<row r=\"4\"><c r=\"C4\" t=\"s\"><v>1</v></c></row>",
		"<sst><si><t>a</t></si></sst>", "t.xlsx:Data!C4",
		"shared string 1 does not exist", "a shared string not there");
	refused("<row r=\"4\"><c r=\"C4\"><v>12abc</v></c></row>", NULL,
		"t.xlsx:Data!C4", "'12abc' is not a number", "not a number");
	refused("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><!DOCTYPE x>",
		NULL, "t.xlsx", "bad XML", "a DOCTYPE after the root: bad XML");
}

static void
test_xml_refused(void)
{
	struct hak_buf out = HAK_BUF_INIT;
	struct hak_err err;

	book("<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"lol\">]>"
		"<worksheet " NS "/>", NULL, NULL, NULL, false);
	ok(dump(NULL, &out, &err) == HAK_EDATA && strstr(err.msg, "DOCTYPE"),
		"a DOCTYPE is refused");
	book("<worksheet " NS "/>", NULL, NULL, "<sst uniqueCount=\"1048577\">"
		"<si><t>a</t></si></sst>", false);
	ok(dump(NULL, &out, &err) == HAK_EDATA &&
		strstr(err.msg, "shared strings past the limits"),
		"shared strings that say they are too many: refused at once");
	book("<worksheet " NS "><sheetData><row><c t=\"inlineStr\"><is><t>"
		"&xxe;</t></is></c></row></sheetData></worksheet>", NULL, NULL,
		NULL, false);
	ok(dump(NULL, &out, &err) == HAK_EDATA && strstr(err.msg, "bad XML"),
		"an undeclared entity is bad XML");
	hak_buf_release(&out);
}

static void
test_csv(void)
{
	const struct hak_csv_rec *rec;
	struct hak_csv *r;
	struct hak_err err;
	int rc;

	book("<worksheet " NS "><sheetData><row r=\"2\"><c r=\"B2\" "
		"t=\"inlineStr\"><is><t>e\xcc\x81</t></is></c></row>"
		"</sheetData></worksheet>", NULL, NULL, NULL, false);
	rc = hak_csv_open(path, HAK_ENC_AUTO, 0, &r, &err);
	ok(rc == HAK_OK && !strcmp(hak_csv_sheet(r), "Data"),
		"the CSV reader opens a workbook by its content");
	if (rc)
		return;
	rc = hak_csv_read(r, &rec, &err);
	ok(rc == HAK_OK && rec && rec->row == 2 && rec->n == 2 &&
		!strcmp(rec->f[0], "") && !strcmp(rec->f[1], "\xc3\xa9"),
		"a record: cells by column, the sheet's row, NFC");
	hak_csv_where(r, &err, 2, 1);
	ok(strstr(err.where, ":Data!B2") != NULL, "where: FILE:SHEET!B2");
	ok(hak_csv_read(r, &rec, &err) == HAK_OK && !rec, "the end");
	hak_csv_close(r);
}

static void
test_names(void)
{
	char c[8];
	struct hak_err e;

	hak_wb_colname(0, c);
	is_str(c, "A", "column 0 is A");
	hak_wb_colname(25, c);
	is_str(c, "Z", "column 25 is Z");
	hak_wb_colname(26, c);
	is_str(c, "AA", "column 26 is AA");
	hak_wb_colname(16383, c);
	is_str(c, "XFD", "column 16383 is XFD");
	hak_wb_where(&e, "a.xlsx", "Sheet1", 2, 7);
	is_str(e.where, "a.xlsx:Sheet1!C7", "where of a cell");
	hak_wb_where(&e, "a.xlsx", "Sheet1", -1, 7);
	is_str(e.where, "a.xlsx:Sheet1!7", "where of a row");
	is_int(hak_wb_sniff("PK\3\4", 4), HAK_WB_XLSX, "ZIP: xlsx");
	is_int(hak_wb_sniff("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8),
		HAK_WB_XLS, "OLE2: xls");
	is_int(hak_wb_sniff("code,name", 9), HAK_WB_NONE, "CSV: none");
}

/* Every input of the fuzz corpus, the regressions it found included,
 * read through the harness: none may crash or leak (check-asan). */
static void
test_corpus(void)
{
	const char *top = getenv("HAK_TOP");
	struct hak_buf dir = HAK_BUF_INIT, file = HAK_BUF_INIT, data =
		HAK_BUF_INIT;
	struct dirent *de;
	char buf[4096];
	size_t n, count = 0;
	FILE *fp;
	DIR *d;

	if (!top) {
		printf("ok %d - fuzz corpus replayed # SKIP no $HAK_TOP\n",
			++tap_n);
		return;
	}
	hak_buf_addf(&dir, "%s/tests/fuzz/corpus/workbook", top);
	if (!(d = opendir(dir.buf))) {
		ok(0, "the fuzz corpus is there");
		return;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		hak_buf_reset(&file);
		hak_buf_addf(&file, "%s/%s", dir.buf, de->d_name);
		if (!(fp = fopen(file.buf, "rb")))
			continue;
		hak_buf_reset(&data);
		while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
			hak_buf_add(&data, buf, n);
		fclose(fp);
		LLVMFuzzerTestOneInput((const uint8_t *)data.buf, data.len);
		count++;
	}
	closedir(d);
	ok(count >= 5, "fuzz corpus replayed through the harness");
	unlink(fuzz_path);
	hak_buf_release(&dir);
	hak_buf_release(&file);
	hak_buf_release(&data);
}

int
main(void)
{
	int fd = mkstemp(tmpl);

	if (fd < 0)
		return 70;
	close(fd);
	snprintf(path, sizeof(path), "%s.xlsx", tmpl);
	unlink(tmpl);
	test_cells();
	test_dates();
	test_sheets();
	test_refused();
	test_xml_refused();
	test_csv();
	test_names();
	test_corpus();
	unlink(path);
	return done_testing();
}
