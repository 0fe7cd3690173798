"""A streamed .xlsx writer: one worksheet of typed cells, in constant memory, with no dependency.

Accountants open exports in Excel or LibreOffice. A CSV there depends on the reader's locale (an
Ecuadorian Windows splits columns on ";" and reads "1,234.50" as text), while an .xlsx carries
numbers as numbers and dates as dates, shown with the formats below whatever the locale.

An .xlsx file is a zip of a few XML parts (ECMA-376 / ISO/IEC 29500, "SpreadsheetML"). The sheet is
written row by row into a zip member, and the zip into an unseekable sink whose bytes are handed
on as they come, so a million rows never sit in memory. Strings are written inline
(``t="inlineStr"``), which needs no shared-string table, and an inline string is never a formula.
"""

import datetime as dt
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

# Excel's own limit; rows past it could not be opened.
MAX_ROWS = 1_048_576

# Style indexes into CELL_FORMATS below.
TEXT, MONEY, QUANTITY, DATE, DATETIME = 0, 1, 2, 3, 4

# The separators shown are the reader's; the pattern only says where they go.
_NUMBER_FORMATS = {
    164: '"$"#,##0.00;-"$"#,##0.00',
    165: "#,##0.####",
    166: "dd/mm/yyyy",
    167: "dd/mm/yyyy hh:mm",
}
_CELL_FORMATS = (0, 164, 165, 166, 167)
HEADER = len(_CELL_FORMATS)  # the bold style after them

# Characters XML 1.0 cannot carry at all (a payload may hold them; the mirror keeps them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_EPOCH = dt.datetime(1899, 12, 30)  # day 0 of Excel's 1900 date system, as every reader counts it

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _workbook(sheet_name):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        f'<sheet name="{_attribute(sheet_name[:31])}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _styles():
    formats = "".join(
        f'<numFmt numFmtId="{number}" formatCode="{_attribute(code)}"/>'
        for number, code in _NUMBER_FORMATS.items()
    )
    cells = "".join(
        f'<xf numFmtId="{number}" fontId="0" fillId="0" borderId="0" xfId="0"'
        f'{" applyNumberFormat=" + chr(34) + "1" + chr(34) if number else ""}/>'
        for number in _CELL_FORMATS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<styleSheet xmlns="{_MAIN}"><numFmts count="{len(_NUMBER_FORMATS)}">{formats}</numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(_CELL_FORMATS) + 1}">{cells}'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _attribute(text):
    return escape(_NOT_XML.sub("", text), {'"': "&quot;"})


def _column_name(index):
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def _cell(value, style):
    if value is None or value == "":
        return "<c/>"
    if isinstance(value, dt.datetime):
        serial = (value.replace(tzinfo=None) - _EPOCH).total_seconds() / 86400
        return f'<c s="{DATETIME}"><v>{serial!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c s="{DATE}"><v>{(value - _EPOCH.date()).days}</v></c>'
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):  # a bool is text
        return f'<c s="{style}"><v>{value}</v></c>'
    return f'<c t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>'


def _text(value):
    return escape(_NOT_XML.sub("", str(value)))


class _Sink:
    """An unseekable file that keeps what is written until ``drain`` hands it on."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def drain(self):
        data, self.parts = b"".join(self.parts), []
        return data


def stream(headers, rows, styles, *, sheet_name="Hoja1", rows_per_chunk=500):
    """Yield the bytes of an .xlsx file: a bold, frozen, filterable header row, then ``rows``.

    ``styles`` gives each column's style (``TEXT``, ``MONEY``, ``QUANTITY``; dates and date-times
    are recognised by type). Rows past Excel's limit are left out.
    """
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _workbook(sheet_name))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _styles())
        yield sink.drain()
        last_column = _column_name(max(len(headers) - 1, 0))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                (
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
                    '<sheetViews><sheetView workbookViewId="0">'
                    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                    "</sheetView></sheetViews>"
                    f'<cols><col min="1" max="{max(len(headers), 1)}" width="18" customWidth="1"/></cols>'
                    "<sheetData><row>"
                    + "".join(
                        f'<c t="inlineStr" s="{HEADER}"><is><t>{_text(h)}</t></is></c>' for h in headers
                    )
                    + "</row>"
                ).encode()
            )
            written = 1
            chunk = []
            for row in rows:
                if written >= MAX_ROWS:
                    break
                cells = "".join(_cell(value, style) for value, style in zip(row, styles, strict=True))
                chunk.append(f"<row>{cells}</row>")
                written += 1
                if len(chunk) >= rows_per_chunk:
                    sheet.write("".join(chunk).encode())
                    chunk = []
                    yield sink.drain()
            sheet.write("".join(chunk).encode())
            sheet.write(f'</sheetData><autoFilter ref="A1:{last_column}{written}"/></worksheet>'.encode())
    yield sink.drain()
