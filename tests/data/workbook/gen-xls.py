#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Write the .xls fixtures of tests/cli/6000-workbook-import.t (python3-xlwt,
needed only to write them again; the tests read the committed files):

  schools.xls   the schools of the test's schools.csv as Excel 97-2003
                writes them: codes as text (one with leading zeros),
                counts as numbers, opening dates as date cells, a first
                sheet "안내" before the data sheet "학교"
"""
import datetime
import os
import xlwt

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS = [
    ['code', 'name', 'aliases', 'level', 'district', 'students', 'teachers',
     'classes', 'opened'],
    ['7010001', '한빛초등학교', '한빛초;Hanbit Elementary', '초등학교', '강남',
     1200, 60, 40, datetime.date(1990, 3, 2)],
    ['7010002', '한빛중학교', '', 'middle', '강남', 800, 45, 24,
     datetime.date(1995, 3, 1)],
    ['0012345', '=SUM(1,2) 유치원', '', 'kindergarten', '서초', 50, 5, 3,
     datetime.date(1900, 3, 1)],
    ['A1', '중앙초등학교', '중앙', 'elementary', '종로', 300, 20, 12,
     datetime.date(2024, 2, 29)],
]

book = xlwt.Workbook(encoding='utf-8')
book.add_sheet('안내').write(0, 0, '학교 명단은 다음 시트에 있습니다')
sheet = book.add_sheet('학교')
date = xlwt.easyxf(num_format_str='YYYY-MM-DD')
for r, row in enumerate(ROWS):
    for c, v in enumerate(row):
        if v == '':
            continue
        if isinstance(v, datetime.date):
            sheet.write(r, c, v, date)
        else:
            sheet.write(r, c, v)
book.save(os.path.join(HERE, 'schools.xls'))
