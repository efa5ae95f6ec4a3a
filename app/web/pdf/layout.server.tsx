/**
 * The pieces every PDF document of the ward is made of: an A4 page with the ward's header and page
 * numbers, a title, a table of keys and values, a table of rows, headed sections of text and a
 * block for signatures or approval seals. Each document (proposal.server.tsx …) is these pieces
 * filled with its data; the wording comes from the documents' catalog (ja-documents.ts).
 */
import { createRequire } from "node:module";
import { Document, Font, Page, StyleSheet, Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import type { Locale, Translate } from "~/i18n";
import { formatEraDate, formatWesternDate } from "~/utils/japan-time";

const FAMILY = "NotoSansJP";
const require = createRequire(import.meta.url);
// The glyphs a document uses are subset from these files into the PDF, so the Japanese text is
// embedded (any viewer shows it) and can be copied and searched.
Font.register({
  family: FAMILY,
  fonts: [
    { src: require.resolve("@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf"), fontWeight: 400 },
    { src: require.resolve("@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf"), fontWeight: 700 },
  ],
});

const JAPANESE = /[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]/;
// Japanese is written without spaces: a line may break between any two characters, and never with
// a hyphen. Words of other scripts are kept whole (no hyphenation at all).
Font.registerHyphenationCallback((word) =>
  word.length > 1 && JAPANESE.test(word) ? Array.from(word).flatMap((char) => [char, ""]) : [word],
);

const INK = "#000";
const RULE = "#555";
const SHADE = "#eee";

const styles = StyleSheet.create({
  // No lineHeight anywhere: Noto Sans JP's own spacing (about 1.45) reads well, react-pdf 4.9 scales a
  // given lineHeight oddly, and with one on the page it loses the fixed footer's page numbers.
  page: {
    fontFamily: FAMILY,
    fontSize: 9.5,
    paddingTop: 56,
    paddingBottom: 56,
    paddingHorizontal: 48,
    color: INK,
  },
  header: {
    position: "absolute",
    top: 24,
    left: 48,
    right: 48,
    flexDirection: "row",
    justifyContent: "space-between",
    borderBottomWidth: 0.5,
    borderBottomColor: RULE,
    paddingBottom: 3,
    fontSize: 8,
  },
  footer: {
    position: "absolute",
    bottom: 24,
    left: 48,
    right: 48,
    flexDirection: "row",
    justifyContent: "space-between",
    fontSize: 8,
  },
  title: { fontSize: 16, fontWeight: 700, textAlign: "center", marginTop: 6, marginBottom: 14 },
  heading: {
    fontSize: 11,
    fontWeight: 700,
    marginTop: 12,
    marginBottom: 5,
    paddingLeft: 5,
    borderLeftWidth: 3,
    borderLeftColor: INK,
  },
  paragraph: { marginBottom: 6 },
  table: { borderTopWidth: 0.5, borderLeftWidth: 0.5, borderColor: RULE, marginBottom: 8 },
  row: { flexDirection: "row" },
  cell: {
    borderRightWidth: 0.5,
    borderBottomWidth: 0.5,
    borderColor: RULE,
    paddingVertical: 3,
    paddingHorizontal: 4,
  },
  smallCell: { fontSize: 8, paddingVertical: 2 },
  keyCell: { width: "26%", backgroundColor: SHADE, fontWeight: 700 },
  valueCell: { width: "74%" },
  headCell: { backgroundColor: SHADE, fontWeight: 700 },
  blocks: { flexDirection: "row", justifyContent: "flex-end", marginTop: 16 },
  block: { width: 90, borderWidth: 0.5, borderColor: RULE, marginLeft: -0.5 },
  blockLabel: {
    textAlign: "center",
    borderBottomWidth: 0.5,
    borderColor: RULE,
    backgroundColor: SHADE,
    paddingVertical: 2,
  },
  blockSpace: { height: 54, paddingHorizontal: 4, paddingTop: 4 },
});

/** What each document is written for: its reader's language and wording. */
export interface DocumentContext {
  t: Translate;
  locale: Locale;
}

/** A date as the ward's documents give it: 令和8年12月1日（2026年12月1日）, or the English way with the era. */
export function documentDate(ctx: DocumentContext, date: Date | string): string {
  return ctx.t("doc.bothCalendars", { era: formatEraDate(date), western: formatWesternDate(date, ctx.locale) });
}

/** An amount in yen, with the thousands marked: 250,000円 (¥250,000 in English). */
export function documentYen(ctx: DocumentContext, amount: number): string {
  return ctx.t("doc.yen", { amount: amount.toLocaleString("ja-JP") });
}

/**
 * A document of A4 pages, each with the ward's header and the page number. `title` is the document's
 * own title, also written into its metadata (Title): it must say nothing a reader of the file may not
 * know (an anonymised score sheet's title names no applicant). Author, Creator and Producer are the
 * ward and the site, never a person.
 */
export function WardDocument({
  ctx,
  title,
  issuedAt,
  landscape,
  children,
  pages,
}: {
  ctx: DocumentContext;
  title: string;
  issuedAt: Date;
  /** Wide tables (the results list) go across the page. */
  landscape?: boolean;
  /** What the document says, flowing from page to page as it needs. */
  children?: ReactNode;
  /** Or its contents already packed into pages that each fit (packPages in paging.server.tsx). */
  pages?: ReactNode[];
}) {
  const { t } = ctx;
  return (
    <Document
      title={title}
      author={t("doc.ward")}
      creator={t("doc.site")}
      producer={t("doc.site")}
      language={ctx.locale}
    >
      {(pages ?? [children]).map((content, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the pages of a document never move
        <Page key={i} size="A4" orientation={landscape ? "landscape" : "portrait"} style={styles.page}>
          <View style={styles.header} fixed>
            <Text>
              {t("doc.ward")}　{t("doc.site")}
            </Text>
            <Text>{title}</Text>
          </View>
          {content}
          <View style={styles.footer} fixed>
            <Text>{t("doc.createdOn", { date: documentDate(ctx, issuedAt) })}</Text>
            {pages ? (
              // Packed pages (paging.server.tsx) are numbered as made: a counted footer would make
              // react-pdf lay out every page twice.
              <Text>{t("doc.page", { page: i + 1, pages: pages.length })}</Text>
            ) : (
              <Text render={({ pageNumber, totalPages }) => t("doc.page", { page: pageNumber, pages: totalPages })} />
            )}
          </View>
        </Page>
      ))}
    </Document>
  );
}

export function Title({ children }: { children: ReactNode }) {
  return <Text style={styles.title}>{children}</Text>;
}

export function Heading({ children }: { children: ReactNode }) {
  return (
    <Text style={styles.heading} minPresenceAhead={40}>
      {children}
    </Text>
  );
}

/** Running text: kept as written, line breaks included; an empty text shows as a dash. */
export function Paragraph({ children, align }: { children: string; align?: "left" | "right" | "center" }) {
  return <Text style={[styles.paragraph, { textAlign: align ?? "left" }]}>{children.trim() ? children : "—"}</Text>;
}

/** Rows of a key and its value, the key shaded: the form-like part of a document. */
export function KeyValueTable({ rows }: { rows: [string, string][] }) {
  return (
    <View style={styles.table}>
      {rows.map(([key, value]) => (
        <View key={key} style={styles.row} wrap={false}>
          <Text style={[styles.cell, styles.keyCell]}>{key}</Text>
          <Text style={[styles.cell, styles.valueCell]}>{value.trim() ? value : "—"}</Text>
        </View>
      ))}
    </View>
  );
}

export interface Column {
  header: string;
  /** A share of the width, in per cent. */
  width: number;
  align?: "left" | "right" | "center";
}

/**
 * A table with a shaded header row, repeated at the top of every page the table runs onto; a row
 * never breaks across pages.
 */
export function Table({ columns, rows, small }: { columns: Column[]; rows: string[][]; small?: boolean }) {
  // One text per cell, its own box: a results list of a thousand rows is laid out text by text, and
  // a view around each would double the work.
  const cell = (c: Column, head = false) => [
    styles.cell,
    small ? styles.smallCell : {},
    head ? styles.headCell : {},
    { width: `${c.width}%`, textAlign: c.align ?? "left" },
  ];
  return (
    <View style={styles.table}>
      <View style={styles.row} fixed>
        {columns.map((c) => (
          <Text key={c.header} style={cell(c, true)}>
            {c.header}
          </Text>
        ))}
      </View>
      {rows.map((row, r) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the rows of a printed table never move
        <View key={r} style={styles.row} wrap={false}>
          {columns.map((c, i) => (
            <Text key={c.header} style={cell(c)}>
              {row[i] ?? ""}
            </Text>
          ))}
        </View>
      ))}
    </View>
  );
}

/**
 * Boxes for handwriting at the foot of a document, each a label over an empty space: a signature
 * and its date, or the approvers' seals of a 決裁. `filled` puts text in a box (a name already known).
 */
export function SignatureBlock({ boxes }: { boxes: { label: string; filled?: string }[] }) {
  return (
    <View style={styles.blocks} wrap={false}>
      {boxes.map((box) => (
        <View key={box.label} style={[styles.block, boxes.length < 3 ? { width: 160 } : {}]}>
          <Text style={styles.blockLabel}>{box.label}</Text>
          <Text style={styles.blockSpace}>{box.filled ?? ""}</Text>
        </View>
      ))}
    </View>
  );
}

/** A line of text set to the right: a date, a document number, the sender. */
export function RightLine({ children, bold }: { children: ReactNode; bold?: boolean }) {
  return <Text style={{ textAlign: "right", fontWeight: bold ? 700 : 400, marginBottom: 2 }}>{children}</Text>;
}

/** A line of text set to the left, with space after it when `gap`. */
export function Line({ children, bold, gap }: { children: ReactNode; bold?: boolean; gap?: boolean }) {
  return <Text style={{ fontWeight: bold ? 700 : 400, marginBottom: gap ? 10 : 2 }}>{children}</Text>;
}
