import { describe, expect, it } from "vitest";
import { formatDateTime, formatPlainDate, readableDates, tokyoSpreadsheetTime } from "~/utils/japan-time";

describe("readableDates", () => {
  it("writes a calendar day and an instant in Japanese style, in Japan time", () => {
    const out = readableDates({ due: "2026-11-20", when: "2027-02-10T05:00:00.000Z", title: "見守りの輪" }, "ja");
    expect(out.due).toBe("2026年11月20日(金)");
    expect(out.when).toBe(formatDateTime("2027-02-10T05:00:00.000Z", "ja"));
    expect(out.when).toContain("14:00");
    expect(out.title).toBe("見守りの輪");
  });

  it("writes them the English way for an English reader", () => {
    expect(readableDates({ due: "2026-11-20" }, "en").due).toBe(formatPlainDate("2026-11-20", "en"));
    expect(readableDates({ due: "2026-11-20" }, "en").due).not.toBe("2026-11-20");
  });

  it("leaves numbers and text that only contain a date alone", () => {
    const params = { count: 3, note: "2026-11-20 に集合", receipt: "2026-0012" };
    expect(readableDates(params, "ja")).toEqual(params);
  });
});

describe("tokyoSpreadsheetTime", () => {
  it("writes an instant as the wall-clock time in Tokyo, across midnight", () => {
    expect(tokyoSpreadsheetTime(new Date("2026-03-31T15:30:05Z"))).toBe("2026-04-01 00:30:05");
  });
});
