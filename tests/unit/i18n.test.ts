import { describe, expect, it } from "vitest";
import { translator } from "~/i18n";
import { en } from "~/i18n/en";
import { enDocuments } from "~/i18n/en-documents";
import { enMail } from "~/i18n/en-mail";
import { enStaff } from "~/i18n/en-staff";
import { ja } from "~/i18n/ja";
import { jaDocuments } from "~/i18n/ja-documents";
import { jaMail } from "~/i18n/ja-mail";
import { jaStaff } from "~/i18n/ja-staff";
import { safeRedirectPath } from "~/utils/http.server";
import { formatDate, formatDateTime } from "../../app/utils/japan-time";

describe("message catalogs", () => {
  it("give every key a non-empty text in both languages, with the same placeholders", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [jaCatalog, enCatalog] of [
      [ja, en],
      [jaStaff, enStaff],
      [jaMail, enMail],
      [jaDocuments, enDocuments],
    ] as [Record<string, string>, Record<string, string>][]) {
      for (const key of Object.keys(jaCatalog)) {
        expect(jaCatalog[key].trim(), key).not.toBe("");
        expect(enCatalog[key]?.trim(), key).toBeTruthy();
        expect(placeholders(enCatalog[key]), key).toEqual(placeholders(jaCatalog[key]));
      }
    }
  });

  it("keep the e-mails' wording out of the browser's catalog, and every word of both on the server", () => {
    expect(Object.keys(ja).filter((key) => key.startsWith("mail.") && key !== "mail.limited")).toEqual([]);
    expect(Object.keys(jaMail).length).toBeGreaterThan(50);
    expect(translator("ja")("mail.verify.subject")).toBe(jaMail["mail.verify.subject"]);
    expect(translator("en")("mail.verify.subject")).toBe(enMail["mail.verify.subject"]);
  });

  it("keep the PDF documents' wording out of the browser's catalog, and on the server", () => {
    expect(Object.keys(ja).filter((key) => key.startsWith("doc."))).toEqual([]);
    expect(Object.keys(jaDocuments).every((key) => key.startsWith("doc."))).toBe(true);
    expect(translator("ja")("doc.notice.titleFunded")).toBe(jaDocuments["doc.notice.titleFunded"]);
    expect(translator("en")("doc.notice.titleFunded")).toBe(enDocuments["doc.notice.titleFunded"]);
  });

  it("keep staff's wording out of residents' catalog, one home per key, and all of it on the server", () => {
    expect(Object.keys(jaStaff).length).toBeGreaterThan(300);
    expect(Object.keys(jaStaff).filter((key) => key in ja)).toEqual([]);
    expect(Object.keys(ja).filter((key) => key.startsWith("staffReview."))).toEqual([]);
    expect(translator("ja")("staffReview.release")).toBe(jaStaff["staffReview.release"]);
    expect(translator("en")("staffReview.release")).toBe(enStaff["staffReview.release"]);
  });

  it("fill placeholders", () => {
    expect(translator("ja")("login.throttled", { minutes: 15 })).toContain("15分ほど");
    expect(translator("en")("pagination.status", { page: 2, pages: 5 })).toBe("Page 2 of 5");
  });
});

describe("dates", () => {
  it("are written the Japanese way in Japan time, whatever the server's zone", () => {
    // 15:30 UTC on 30 November is 00:30 on 1 December in Tokyo.
    const instant = new Date("2026-11-30T15:30:00Z");
    expect(formatDate(instant, "ja")).toBe("2026年12月1日(火)");
    expect(formatDateTime(instant, "ja")).toBe("2026年12月1日(火) 00:30");
  });
});

describe("redirect targets", () => {
  it("stay on this site", () => {
    expect(safeRedirectPath("/me?tab=1")).toBe("/me?tab=1");
    expect(safeRedirectPath("//evil.example/")).toBe("/me");
    expect(safeRedirectPath("https://evil.example/")).toBe("/me");
    expect(safeRedirectPath("/\\evil.example")).toBe("/me");
    expect(safeRedirectPath(null, "/")).toBe("/");
  });
});
