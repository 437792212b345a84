/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the workbook reader (SPEC 7, issue 11).  Two
 * kinds of input:
 *   - 'P' then the parts of an .xlsx separated by NUL bytes: the sheet,
 *     the shared strings, the styles, the workbook (any may be missing):
 *     the harness packs them into a ZIP with libzip, so that mutations
 *     reach the XML handlers instead of failing the ZIP's checksums;
 *   - anything else: the bytes are the file, read as what its first
 *     bytes say (an .xlsx ZIP, an .xls compound file, read by libfreexl
 *     in its child process) or, when they say nothing, as an .xlsx.
 * Every row of the first sheet is read, then of the sheet named "2".
 * tests/unit/workbook.c replays the corpus (tests/fuzz/corpus/workbook)
 * through this function in every make check.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "hak/err.h"
#include "hak/workbook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char fuzz_path[64];

static const char fuzz_rels[] = "<Relationships><Relationship Id=\"rId1\" "
	"Type=\"x/officeDocument\" Target=\"xl/workbook.xml\"/>"
	"</Relationships>";
static const char fuzz_book[] = "<workbook><sheets><sheet name=\"A\" "
	"r:id=\"rId1\"/><sheet name=\"2\" r:id=\"rId1\"/></sheets>"
	"</workbook>";
static const char fuzz_book_rels[] = "<Relationships>"
	"<Relationship Id=\"rId1\" Type=\"x/worksheet\" "
	"Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" "
	"Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"styles.xml\"/>"
	"</Relationships>";

/* The name of the temporary file every input is written to (made once;
 * libzip replaces the file when it writes one, so it is opened by name). */
static void
fuzz_file(void)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	if (fuzz_path[0])
		return;
	snprintf(fuzz_path, sizeof(fuzz_path), "%s/hak-fuzz-wb.XXXXXX",
		dir && strlen(dir) < 32 ? dir : "/tmp");
	if ((fd = mkstemp(fuzz_path)) < 0)
		abort();
	close(fd);
}

static void
fuzz_add(zip_t *z, const char *name, const void *p, size_t n)
{
	zip_source_t *s = zip_source_buffer(z, p, n, 0);

	if (!s || zip_file_add(z, name, s, ZIP_FL_OVERWRITE) < 0)
		zip_source_free(s);
}

/* Pack the NUL-separated parts at data into the file as a ZIP. */
static void
fuzz_pack(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
		"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
		"xl/styles.xml", "xl/workbook.xml"
	};
	const uint8_t *end = data + size, *p = data, *nul;
	bool book = false;
	size_t i;
	zip_t *z;
	int e;

	if (!(z = zip_open(fuzz_path, ZIP_TRUNCATE | ZIP_CREATE, &e)))
		return;
	fuzz_add(z, "_rels/.rels", fuzz_rels, sizeof(fuzz_rels) - 1);
	fuzz_add(z, "xl/_rels/workbook.xml.rels", fuzz_book_rels,
		sizeof(fuzz_book_rels) - 1);
	for (i = 0; i < 4 && p <= end; i++) {
		nul = memchr(p, 0, (size_t)(end - p));
		if (!nul)
			nul = end;
		fuzz_add(z, names[i], p, (size_t)(nul - p));
		book = book || i == 3;
		p = nul + 1;
	}
	if (!book)
		fuzz_add(z, "xl/workbook.xml", fuzz_book, sizeof(fuzz_book) - 1);
	/* stored, not deflated: the bytes are the fuzzer's */
	for (i = 0; i < (size_t)zip_get_num_entries(z, 0); i++)
		zip_set_file_compression(z, i, ZIP_CM_STORE, 0);
	if (zip_close(z) < 0)
		zip_discard(z);
}

static void
fuzz_read(int fd, enum hak_wb_kind kind, const char *sheet)
{
	const struct hak_wb_row *row;
	struct hak_wb *wb;
	struct hak_err err;
	size_t i, total = 0;

	hak_err_clear(&err);
	if (hak_wb_open(fd, kind, "fuzz", sheet, &wb, &err) != HAK_OK)
		return;
	(void)hak_wb_sheet(wb);
	while (hak_wb_read(wb, &row, &err) == HAK_OK && row)
		for (i = 0; i < row->n; i++)
			total += row->len[i] + (row->f[i][0] != 0);
	hak_wb_close(wb);
	(void)total;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum hak_wb_kind kind = HAK_WB_XLSX;
	int fd;

	fuzz_file();
	if (size > 0 && data[0] == 'P') {
		fuzz_pack(data + 1, size - 1);
	} else {
		if ((fd = open(fuzz_path, O_WRONLY | O_TRUNC)) < 0)
			return 0;
		if (write(fd, data, size) != (ssize_t)size) {
			close(fd);
			return 0;
		}
		close(fd);
		if (hak_wb_sniff(data, size) == HAK_WB_XLS)
			kind = HAK_WB_XLS;
	}
	if ((fd = open(fuzz_path, O_RDONLY)) < 0)
		return 0;
	fuzz_read(fd, kind, NULL);
	fuzz_read(fd, kind, "2");
	close(fd);
	return 0;
}
