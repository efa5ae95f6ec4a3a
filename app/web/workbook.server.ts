import ExcelJS from "exceljs";
import { tokyoWallClock } from "~/utils/japan-time";

/** A column of a staff spreadsheet: its Japanese heading, width, kind of value and how a row gives it. */
export interface SheetColumn<Row> {
  header: string;
  width: number;
  kind?: "text" | "yen" | "count" | "time" | "score" | "percent";
  value: (row: Row) => string | number | Date | null;
}

// A score to one decimal as the ranking shows it; a percentage is written as a fraction (0.333 → 33.3%).
const FORMATS = {
  yen: '#,##0"円"',
  count: "#,##0",
  time: "yyyy/mm/dd hh:mm",
  text: "@",
  score: "0.0",
  percent: "0.0%",
} as const;

/**
 * One sheet as an Excel file (exceljs) for staff to sort, filter and attach to a 決裁: the header
 * row frozen and filterable, amounts in yen, times in Japan time (Excel has no time zones, so the
 * wall clock in Tokyo is what is written).
 */
export async function workbookResponse<Row>(
  filename: string,
  sheetName: string,
  columns: SheetColumn<Row>[],
  rows: Row[],
): Promise<Response> {
  const book = new ExcelJS.Workbook();
  book.creator = "ねりま協働ラボ";
  const sheet = book.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({
    key: String(i),
    header: c.header,
    width: c.width,
    style: { numFmt: FORMATS[c.kind ?? "text"] },
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow(
      columns.map((c) => {
        const value = c.value(row);
        return value instanceof Date ? tokyoWallClock(value) : value;
      }),
    );
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const body = await book.xlsx.writeBuffer();
  return new Response(new Uint8Array(body as ArrayBuffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
