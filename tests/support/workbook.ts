import ExcelJS from "exceljs";
import { expect } from "vitest";

/** The first sheet of the Excel file a download answered with (and that it says it is one). */
export async function firstSheet(response: Response): Promise<ExcelJS.Worksheet> {
  expect(response.headers.get("Content-Type")).toBe(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  );
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await response.arrayBuffer());
  return book.worksheets[0];
}
