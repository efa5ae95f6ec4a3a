import { renderToBuffer } from "@react-pdf/renderer";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { translator } from "~/i18n";
import { estimatedLines } from "~/web/pdf/paging.server";
import { ResultsPdf } from "~/web/pdf/results.server";

describe("estimated lines", () => {
  it("counts a full-width character as one em, any other as 0.6 em, and each of the text's own lines", () => {
    // 10 pt characters in a 100 pt box: 9 full-width ones fit on a line (90% of it).
    expect(estimatedLines("あ".repeat(9), 100, 10)).toBe(1);
    expect(estimatedLines("あ".repeat(10), 100, 10)).toBe(2);
    expect(estimatedLines("a".repeat(15), 100, 10)).toBe(1);
    expect(estimatedLines("一行目\n二行目\n", 100, 10)).toBe(3);
  });
});

describe("a long results list packed into pages", () => {
  it("keeps every row on the page it was packed for: the pages are as many as their numbers say", async () => {
    const rows = 60;
    // Titles and organisations of every length, some wrapping over several lines.
    const ranking = Array.from({ length: rows }, (_, i) => ({
      rank: i + 1,
      id: `p${i}`,
      title: `見守りの輪をひろげる提案${"とても長い題名".repeat(i % 7)}・${i + 1}`,
      receipt_number: `2026-コラボ-${String(i + 1).padStart(4, "0")}`,
      organizations: Array.from({ length: 1 + (i % 4) }, (_, k) => `NPO法人 ねりま子ども応援団 第${k + 1}支部`).join(
        "、",
      ),
      standing: { count: 3, mean: 70.5, standardDeviation: 8.2, min: 55, max: 88, disagreement: i % 5 === 0 },
      due: 3,
      decision: { decision: i < 3 ? "funded" : "not_funded", amount: i < 3 ? 250_000 : 0 },
    }));
    const board = {
      theme: { title: "見守りの輪", awards_planned: 3, grant_cap_per_year: 300_000, grant_cap_total: 300_000 },
      reviewers: [{ id: "r", name: "審査 一郎", email: "", due: rows, done: rows }],
      excluded: Array.from({ length: 40 }, (_, i) => ({
        proposalId: `p${i}`,
        receipt: `2026-コラボ-${String(i + 1).padStart(4, "0")}`,
        reviewerId: "r",
        reason: `本人が申告した理由 ${"長い説明".repeat(i % 9)}`,
        declared: true,
      })),
      ranking,
    } as unknown as Parameters<typeof ResultsPdf>[0]["board"];
    const pdf = await getDocumentProxy(
      new Uint8Array(
        await renderToBuffer(
          <ResultsPdf ctx={{ t: translator("ja"), locale: "ja" }} board={board} stage={1} issuedAt={new Date()} />,
        ),
      ),
    );
    const { text } = await extractText(pdf);
    const pages = (text as string[]).map((page) => page.replace(/\s+/g, ""));
    expect(pages.length).toBeGreaterThan(5);
    pages.forEach((page, i) => {
      expect(page, `page ${i + 1}`).toContain(`${i + 1}/${pages.length}`);
    });
    const all = pages.join("");
    for (const row of ranking) expect(all).toContain(row.receipt_number);
    expect(pages[pages.length - 1]).toContain("決裁欄");
  });
});
