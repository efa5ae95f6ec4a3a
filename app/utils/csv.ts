/**
 * RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled; CRLF line ends.
 * Text that a spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading ' so
 * Excel shows it as typed.
 */
export function csvField(value: string | number | null | undefined): string {
  const raw = value === null || value === undefined ? "" : String(value);
  const text = typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return `${[header, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}
