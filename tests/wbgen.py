#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write test workbooks (.xlsx) with the standard library alone.

    wbgen.py SHAPE IN.csv OUT.xlsx [options]   a CSV twin as a workbook
    wbgen.py hostile KIND OUT.xlsx             a hostile workbook
    wbgen.py hostile-all DIR                   each of them, as DIR/KIND.xlsx

SHAPE is how a real producer writes the file:
  excel    Excel: shared strings, dates as serial numbers under built-in
           date styles (14 a date, 22 a date and time), numbers as numbers
  google   Google Sheets: inline strings, custom date formats, cells and
           rows without their r reference
  naver    Naver Form: shared strings, a title row above the header
  excel1904  as excel, in the 1904 date system (old Mac workbooks)

Options:
  --dates COL,...    columns whose cells (YYYY-MM-DD[ HH:MM[:SS]]) are
                     written as date serials
  --numbers COL,...  columns whose plain integers (no leading zero) are
                     written as numbers
  --title TEXT       a title row above the header (naver)
  --gap N            N empty rows between the title and the header
  --sheet NAME       the data sheet's name (default Sheet1)
  --before NAME      an empty sheet named NAME before the data sheet

The hostile KINDs are listed in HOSTILE below.
"""
import csv
import datetime
import io
import sys
import zipfile
from xml.sax.saxutils import escape

NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
PKG = 'http://schemas.openxmlformats.org/package/2006/relationships'
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def col_name(i):
    s = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def serial(text, d1904):
    """An ISO date or date and time as an Excel serial number."""
    text = text.strip()
    fmts = ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d']
    for f in fmts:
        try:
            t = datetime.datetime.strptime(text, f)
            break
        except ValueError:
            continue
    else:
        return None, False
    base = datetime.datetime(1904, 1, 1) if d1904 else \
        datetime.datetime(1899, 12, 30)
    d = t - base
    if d.days < 0:
        # before the system's first day: a spreadsheet keeps it as text
        return None, False
    return d.days + d.seconds / 86400.0, ' ' in text


class Book:
    def __init__(self, shape):
        self.shape = shape
        self.sst = []
        self.sst_index = {}
        self.d1904 = shape == 'excel1904'

    def string_cell(self, ref, text):
        if self.shape == 'google':
            return '<c%s t="inlineStr"><is><t xml:space="preserve">%s'\
                '</t></is></c>' % (ref, escape(text))
        if text not in self.sst_index:
            self.sst_index[text] = len(self.sst)
            self.sst.append(text)
        return '<c%s t="s"><v>%d</v></c>' % (ref, self.sst_index[text])

    def sheet_xml(self, rows, dates, numbers, header_row):
        out = [HEAD, '<worksheet xmlns="%s" xmlns:r="%s"><sheetData>'
               % (NS, RNS)]
        header = rows[header_row - 1] if len(rows) >= header_row else []
        for ri, row in enumerate(rows, 1):
            cells = []
            for ci, v in enumerate(row):
                if v == '':
                    continue
                name = header[ci] if ri > header_row and \
                    ci < len(header) else None
                google = self.shape == 'google'
                # Google Sheets' cells here leave out their r reference
                # (allowed: a cell follows the one before)
                ref = '' if google and all(row[:ci]) else \
                    ' r="%s%d"' % (col_name(ci), ri)
                if name in dates:
                    x, has_time = serial(v, self.d1904)
                    if x is not None:
                        style = 2 if has_time else 1
                        cells.append('<c%s s="%d"><v>%r</v></c>'
                                     % (ref, style, x))
                        continue
                if name in numbers and v.isdigit() and \
                        (v == '0' or v[0] != '0'):
                    cells.append('<c%s><v>%s</v></c>' % (ref, v))
                    continue
                cells.append(self.string_cell(ref, v))
            rref = '' if self.shape == 'google' and ri > 1 and \
                rows[ri - 2] != [] else ' r="%d"' % ri
            if cells:
                out.append('<row%s>%s</row>' % (rref, ''.join(cells)))
        out.append('</sheetData></worksheet>')
        return ''.join(out)

    def styles_xml(self):
        if self.shape == 'google':
            fmts = ('<numFmts count="2"><numFmt numFmtId="164" '
                    'formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" '
                    'formatCode="yyyy&quot;. &quot;m&quot;. &quot;d '
                    'h:mm:ss"/></numFmts>')
            ids = (164, 165)
        else:
            fmts = ''
            ids = (14, 22)
        return (HEAD + '<styleSheet xmlns="%s">%s<cellStyleXfs count="1">'
                '<xf numFmtId="0"/></cellStyleXfs><cellXfs count="3">'
                '<xf numFmtId="0"/><xf numFmtId="%d" applyNumberFormat="1"/>'
                '<xf numFmtId="%d" applyNumberFormat="1"/></cellXfs>'
                '</styleSheet>' % (NS, fmts, ids[0], ids[1]))

    def sst_xml(self):
        items = ''.join('<si><t xml:space="preserve">%s</t></si>'
                        % escape(s) for s in self.sst)
        return HEAD + '<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>'\
            % (NS, len(self.sst), len(self.sst), items)


def package(path, sheets, styles=None, sst=None, d1904=False,
            compression=zipfile.ZIP_DEFLATED):
    """Write an .xlsx of sheets [(name, xml)], styles and sst xml."""
    ct = [HEAD, '<Types xmlns="http://schemas.openxmlformats.org/package/'
          '2006/content-types"><Default Extension="rels" ContentType='
          '"application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '</Types>']
    rels = (HEAD + '<Relationships xmlns="%s"><Relationship Id="rId1" '
            'Type="%s/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>' % (PKG, RNS))
    book = [HEAD, '<workbook xmlns="%s" xmlns:r="%s">' % (NS, RNS)]
    if d1904:
        book.append('<workbookPr date1904="1"/>')
    book.append('<sheets>')
    brels = [HEAD, '<Relationships xmlns="%s">' % PKG]
    for i, (name, _) in enumerate(sheets, 1):
        book.append('<sheet name="%s" sheetId="%d" r:id="rId%d"/>'
                    % (escape(name, {'"': '&quot;'}), i, i))
        brels.append('<Relationship Id="rId%d" Type="%s/worksheet" '
                     'Target="worksheets/sheet%d.xml"/>' % (i, RNS, i))
    n = len(sheets)
    if styles is not None:
        brels.append('<Relationship Id="rId%d" Type="%s/styles" '
                     'Target="styles.xml"/>' % (n + 1, RNS))
    if sst is not None:
        brels.append('<Relationship Id="rId%d" Type="%s/sharedStrings" '
                     'Target="sharedStrings.xml"/>' % (n + 2, RNS))
    book.append('</sheets></workbook>')
    brels.append('</Relationships>')
    with zipfile.ZipFile(path, 'w', compression) as z:
        z.writestr('[Content_Types].xml', ''.join(ct))
        z.writestr('_rels/.rels', rels)
        z.writestr('xl/workbook.xml', ''.join(book))
        z.writestr('xl/_rels/workbook.xml.rels', ''.join(brels))
        if styles is not None:
            z.writestr('xl/styles.xml', styles)
        if sst is not None:
            z.writestr('xl/sharedStrings.xml', sst)
        for i, (_, xml) in enumerate(sheets, 1):
            z.writestr('xl/worksheets/sheet%d.xml' % i, xml)


def twin(argv):
    shape, src, dst = argv[:3]
    opts = {'--dates': '', '--numbers': '', '--title': None,
            '--sheet': 'Sheet1', '--before': None, '--gap': '0'}
    rest = argv[3:]
    while rest:
        opts[rest[0]] = rest[1]
        rest = rest[2:]
    with open(src, encoding='utf-8-sig', newline='') as f:
        rows = list(csv.reader(f))
    header_row = 1
    if opts['--title'] is not None:
        gap = int(opts['--gap'])
        rows[0:0] = [[opts['--title']]] + [[] for _ in range(gap)]
        header_row = 2 + gap
    b = Book(shape)
    dates = set(filter(None, opts['--dates'].split(',')))
    numbers = set(filter(None, opts['--numbers'].split(',')))
    sheets = []
    if opts['--before']:
        sheets.append((opts['--before'], HEAD + '<worksheet xmlns="%s">'
                       '<sheetData/></worksheet>' % NS))
    sheets.append((opts['--sheet'],
                   b.sheet_xml(rows, dates, numbers, header_row)))
    package(dst, sheets, b.styles_xml(),
            None if shape == 'google' else b.sst_xml(), b.d1904)


def sheet(rows_xml):
    return HEAD + '<worksheet xmlns="%s"><sheetData>%s</sheetData>'\
        '</worksheet>' % (NS, rows_xml)


HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c></row>'


def hostile(kind, dst):
    if kind == 'bomb':
        # 64 MiB of blanks inside the sheet: about 64 KiB deflated
        big = b" " * (64 << 20)
        xml = sheet(HEADER).encode()
        at = xml.index(b'<sheetData>')
        with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as z:
            package_parts(z)
            z.writestr('xl/worksheets/sheet1.xml',
                       xml[:at] + big + xml[at:])
    elif kind == 'lying-size':
        # the directory says the sheet is small; it inflates to 64 MiB
        package(dst, [('Sheet1', sheet(HEADER + '<!--' + ' ' * (64 << 20)
                                       + '-->'))])
        data = bytearray(open(dst, 'rb').read())
        name = b'xl/worksheets/sheet1.xml'
        for sig, off in ((b'PK\x03\x04', 22), (b'PK\x01\x02', 24)):
            at = 0
            while True:
                at = data.find(sig, at)
                if at < 0:
                    break
                nlen_at = 26 if sig == b'PK\x03\x04' else 28
                nlen = int.from_bytes(data[at + nlen_at:at + nlen_at + 2],
                                      'little')
                hdr = 30 if sig == b'PK\x03\x04' else 46
                if data[at + hdr:at + hdr + nlen] == name:
                    data[at + off:at + off + 4] = (1000).to_bytes(4,
                                                                'little')
                at += 4
        open(dst, 'wb').write(bytes(data))
    elif kind == 'laughs':
        ents = '<!ENTITY a0 "lol">' + ''.join(
            '<!ENTITY a%d "%s">' % (i, ('&a%d;' % (i - 1)) * 10)
            for i in range(1, 10))
        xml = ('<?xml version="1.0"?><!DOCTYPE w [%s]><worksheet xmlns="%s">'
               '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a9;'
               '</t></is></c></row></sheetData></worksheet>' % (ents, NS))
        package(dst, [('Sheet1', xml)])
    elif kind == 'external':
        xml = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM '
               '"file:///etc/passwd">]><worksheet xmlns="%s"><sheetData>'
               '<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c>'
               '</row></sheetData></worksheet>' % NS)
        package(dst, [('Sheet1', xml)])
    elif kind == 'sst-bytes':
        # 30 strings of 1 MiB, each different: past the shared-string cap
        items = ''.join('<si><t>%s</t></si>' % (chr(97 + i % 26) *
                                                 ((1 << 20) - 100) + str(i))
                        for i in range(30))
        sst = HEAD + '<sst xmlns="%s">%s</sst>' % (NS, items)
        # stored: the string cap must catch it, not the ratio's
        package(dst, [('Sheet1', sheet(HEADER))], sst=sst,
                compression=zipfile.ZIP_STORED)
    elif kind == 'sst-count':
        items = '<si><t>x</t></si>' * ((1 << 20) + 1)
        sst = HEAD + '<sst xmlns="%s">%s</sst>' % (NS, items)
        package(dst, [('Sheet1', sheet(HEADER))], sst=sst,
                compression=zipfile.ZIP_STORED)
    elif kind == 'cell-order':
        package(dst, [('Sheet1', sheet(
            HEADER + '<row r="2"><c r="B2"><v>1</v></c><c r="A2"><v>2</v>'
            '</c></row>'))])
    elif kind == 'row-order':
        package(dst, [('Sheet1', sheet(
            HEADER + '<row r="3"><c r="A3"><v>1</v></c></row><row r="2">'
            '<c r="A2"><v>2</v></c></row>'))])
    elif kind == 'past-xfd':
        package(dst, [('Sheet1', sheet(
            HEADER + '<row r="2"><c r="XFE2"><v>1</v></c></row>'))])
    elif kind == 'past-last-row':
        package(dst, [('Sheet1', sheet(
            HEADER + '<row r="1048577"><c r="A1048577"><v>1</v></c></row>'))])
    elif kind == 'bad-sst-index':
        package(dst, [('Sheet1', sheet(
            HEADER + '<row r="2"><c r="A2" t="s"><v>7</v></c></row>'))],
            sst=HEAD + '<sst xmlns="%s"><si><t>a</t></si></sst>' % NS)
    elif kind == 'cell-1mib':
        package(dst, [('Sheet1', sheet(
            HEADER + '<row r="2"><c r="A2" t="inlineStr"><is><t>%s</t></is>'
            '</c></row>' % ('x' * ((1 << 20) + 1))))],
            compression=zipfile.ZIP_STORED)
    else:
        sys.exit('wbgen.py: unknown hostile kind ' + kind)


def package_parts(z):
    """The parts of a one-sheet workbook but its sheet."""
    tmp = io.BytesIO()
    package(tmp, [('Sheet1', '')])
    with zipfile.ZipFile(tmp) as src:
        for n in src.namelist():
            if n != 'xl/worksheets/sheet1.xml':
                z.writestr(n, src.read(n))


HOSTILE = ['bomb', 'lying-size', 'laughs', 'external', 'sst-bytes',
           'sst-count', 'cell-order', 'row-order', 'past-xfd',
           'past-last-row', 'bad-sst-index', 'cell-1mib']

if __name__ == '__main__':
    if len(sys.argv) >= 4 and sys.argv[1] == 'hostile':
        hostile(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4:
        twin(sys.argv[1:])
    elif len(sys.argv) == 3 and sys.argv[1] == 'hostile-all':
        for k in HOSTILE:
            hostile(k, '%s/%s.xlsx' % (sys.argv[2], k))
    elif len(sys.argv) == 2 and sys.argv[1] == '--hostile-kinds':
        print(' '.join(HOSTILE))
    else:
        sys.exit(__doc__)
