import { describe, expect, it } from "vitest";
import {
  endOfTokyoDay,
  fiscalYear,
  fiscalYearRange,
  formatDate,
  formatEraDate,
  formatPlainDate,
  formatWesternDate,
  startOfTokyoDay,
  tokyoDate,
  tokyoYear,
} from "~/utils/japan-time";

describe("japan-time: calendar days and years are Japan's", () => {
  it("starts and ends a day at Japan's midnight", () => {
    expect(startOfTokyoDay("2027-01-01").toISOString()).toBe("2026-12-31T15:00:00.000Z");
    expect(endOfTokyoDay("2027-01-01").toISOString()).toBe("2027-01-01T14:59:59.000Z");
  });

  it("counts New Year's Eve at 15:00 UTC as the new year in Japan", () => {
    expect(tokyoYear(new Date("2026-12-31T14:59:59Z"))).toBe(2026);
    expect(tokyoYear(new Date("2026-12-31T15:00:00Z"))).toBe(2027);
    expect(tokyoDate(new Date("2026-12-31T15:00:00Z"))).toBe("2027-01-01");
  });

  it("writes a stored calendar day as the same day, in either language", () => {
    expect(formatPlainDate("2027-03-31", "ja")).toBe("2027年3月31日(水)");
    expect(formatPlainDate("2027-03-31", "ja")).toBe(formatDate("2027-03-31T00:00:00+09:00", "ja"));
    expect(formatPlainDate("2027-03-31", "en")).toContain("31 March 2027");
  });

  it("puts 31 March in the fiscal year before and 1 April in the next, at Japan's midnight", () => {
    expect(fiscalYear(new Date("2027-03-31T14:59:59Z"))).toBe(2026);
    expect(fiscalYear(new Date("2027-03-31T15:00:00Z"))).toBe(2027);
    expect(fiscalYear(new Date("2027-01-15T00:00:00Z"))).toBe(2026);
    expect(fiscalYear(new Date("2026-12-31T23:00:00Z"))).toBe(2026);
    const { from, until } = fiscalYearRange(2026);
    expect(from.toISOString()).toBe("2026-03-31T15:00:00.000Z");
    expect(until.toISOString()).toBe("2027-03-31T15:00:00.000Z");
    expect(fiscalYear(from)).toBe(2026);
    expect(fiscalYear(new Date(until.getTime() - 1))).toBe(2026);
    expect(fiscalYear(until)).toBe(2027);
  });

  it("dates the ward's documents in the Japanese era and the Western calendar, on Japan's day", () => {
    // 15:30 UTC on 30 November is 1 December in Tokyo.
    expect(formatEraDate(new Date("2026-11-30T15:30:00Z"))).toBe("令和8年12月1日");
    expect(formatEraDate(new Date("2019-05-01T03:00:00Z"))).toBe("令和元年5月1日");
    expect(formatEraDate(new Date("2019-04-30T03:00:00Z"))).toBe("平成31年4月30日");
    expect(formatWesternDate(new Date("2026-11-30T15:30:00Z"), "ja")).toBe("2026年12月1日");
    expect(formatWesternDate(new Date("2026-11-30T15:30:00Z"), "en")).toBe("1 December 2026");
  });
});
