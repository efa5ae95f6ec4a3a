/**
 * Long documents cut into pages before react-pdf lays them out. react-pdf lays out what remains
 * again at every page break it finds, and again each page whose footer counts the pages, so a
 * results list of a thousand proposals laid out as one flow takes minutes; packed here into pages
 * that each fit, with the page numbers known in advance, it takes seconds (README, Performance).
 *
 * The heights are estimates from the styles of layout.server.tsx, measured on react-pdf 4.9 with
 * Noto Sans JP (a line is 1.45 em), and kept on the safe side: a page is filled to 92% at most, a
 * character other than a full-width one counts as 0.6 em, and the usable width of a line as 90%.
 * tests/unit/pdf-paging.test.tsx checks that a long list keeps to its pages.
 */
import { Fragment, type ReactNode } from "react";
import { type Column, Table } from "./layout.server";

const LINE = 1.45;
const BODY = 9.5;
const SMALL = 8;
/** A4 less the page's padding (48 at the sides, 56 above and below), in points. */
const AREA = {
  portrait: { width: 595.28 - 96, height: 841.89 - 112 },
  landscape: { width: 841.89 - 96, height: 595.28 - 112 },
};
const FILL = 0.92;

export type Orientation = keyof typeof AREA;

/** Heights of the fixed pieces of layout.server.tsx, in points. */
export const HEIGHT = {
  title: 16 * LINE + 6 + 14,
  heading: 11 * LINE + 12 + 5,
  signatureBlock: 16 + BODY * LINE + 4.5 + 54 + 1,
};

/** Roughly how many lines `text` takes in a box `width` points wide: each of its own lines at least one. */
export function estimatedLines(text: string, width: number, fontSize: number): number {
  const room = Math.max(width * 0.9, fontSize);
  return text.split("\n").reduce((lines, line) => {
    let used = 0;
    for (const char of line) used += (char.codePointAt(0) ?? 0) >= 0x1100 ? fontSize : fontSize * 0.6;
    return lines + Math.max(1, Math.ceil(used / room));
  }, 0);
}

/** A table row's height: its tallest cell, with the cell's padding and border. */
function rowHeight(cells: string[], columns: Column[], pageWidth: number, small: boolean): number {
  const size = small ? SMALL : BODY;
  const lines = Math.max(
    1,
    ...columns.map((c, i) => estimatedLines(cells[i] ?? "", (pageWidth * c.width) / 100 - 8.5, size)),
  );
  return lines * size * LINE + (small ? 4 : 6) + 0.5;
}

/** A KeyValueTable's height (keys 26% of the width, values 74%). */
export function keyValueHeight(rows: [string, string][], orientation: Orientation): number {
  const columns = [
    { header: "", width: 26 },
    { header: "", width: 74 },
  ];
  return rows.reduce((sum, row) => sum + rowHeight(row, columns, AREA[orientation].width, false), 8.5);
}

/** A Paragraph's height. */
export function paragraphHeight(text: string, orientation: Orientation): number {
  return estimatedLines(text, AREA[orientation].width, BODY) * BODY * LINE + 6;
}

/**
 * What a document is made of, in order: blocks of a known height, kept whole (a block that must not
 * end a page, such as a heading, is `keepWithNext`), and tables, which may be cut between rows, their
 * header repeated at the top of each page.
 */
export type Part =
  | { kind: "block"; height: number; node: ReactNode; keepWithNext?: boolean }
  | { kind: "table"; columns: Column[]; rows: string[][]; small?: boolean };

/** The parts packed into pages (for WardDocument's `pages`), each page filled as far as it safely holds. */
export function packPages(parts: Part[], orientation: Orientation): ReactNode[] {
  const { width } = AREA[orientation];
  const room = AREA[orientation].height * FILL;
  const pages: ReactNode[][] = [[]];
  let used = 0;
  let key = 0;
  const place = (node: ReactNode, height: number) => {
    pages[pages.length - 1].push(<Fragment key={key++}>{node}</Fragment>);
    used += height;
  };
  const breakPage = () => {
    pages.push([]);
    used = 0;
  };
  const tableStart = (part: Part & { kind: "table" }) =>
    part.rows.length
      ? rowHeight(
          part.columns.map((c) => c.header),
          part.columns,
          width,
          part.small ?? false,
        ) +
        rowHeight(part.rows[0], part.columns, width, part.small ?? false) +
        8.5
      : 0;
  parts.forEach((part, i) => {
    if (part.kind === "block") {
      const next = parts[i + 1];
      const after = !part.keepWithNext || !next ? 0 : next.kind === "block" ? next.height : tableStart(next);
      if (used > 0 && used + part.height + after > room) breakPage();
      place(part.node, part.height);
      return;
    }
    const small = part.small ?? false;
    const header =
      rowHeight(
        part.columns.map((c) => c.header),
        part.columns,
        width,
        small,
      ) + 8.5;
    let rows: string[][] = [];
    const flush = () => {
      if (rows.length) place(<Table small={small} columns={part.columns} rows={rows} />, 0);
      rows = [];
    };
    for (const row of part.rows) {
      const height = rowHeight(row, part.columns, width, small) + (rows.length ? 0 : header);
      if (used > 0 && used + height > room) {
        flush();
        breakPage();
        used += header;
        used += rowHeight(row, part.columns, width, small);
      } else {
        used += height;
      }
      rows.push(row);
    }
    flush();
  });
  return pages;
}
