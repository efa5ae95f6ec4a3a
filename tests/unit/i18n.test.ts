import { describe, expect, it } from "vitest";
import { translator } from "~/i18n";
import { en } from "~/i18n/en";
import { ja } from "~/i18n/ja";
import { safeRedirectPath } from "~/utils/http.server";
import { formatDate, formatDateTime } from "../../app/utils/japan-time";

describe("message catalogs", () => {
  it("give every key a non-empty text in both languages, with the same placeholders", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(ja) as (keyof typeof ja)[]) {
      expect(ja[key].trim(), key).not.toBe("");
      expect(en[key]?.trim(), key).toBeTruthy();
      expect(placeholders(en[key]), key).toEqual(placeholders(ja[key]));
    }
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
