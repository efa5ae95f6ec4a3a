import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CriterionRow,
  checkCriteria,
  isAcceptingProposals,
  type ThemeWindow,
  themePhase,
} from "~/models/theme-rules";
import { daysLeft, parseTokyoDateTime, toTokyoDateTimeInput } from "../../app/utils/japan-time";

const at = (iso: string) => new Date(iso);
const SECOND = 1000;
const DAY = 24 * 3600_000;

/** 1 Dec 2026 00:00:00 to 24 Dec 2026 23:59:59, Japan time. */
const christmasEve: ThemeWindow = {
  status: "published",
  opens_at: at("2026-11-30T15:00:00.000Z"),
  closes_at: at("2026-12-24T14:59:59.000Z"),
};

/** The calendar date in Japan, "YYYY-MM-DD", from Intl: an oracle independent of the module's arithmetic. */
const tokyoDay = (date: Date) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit" })
    .format(date)
    .slice(0, 10);
const dayNumber = (ymd: string) =>
  Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(5, 7)) - 1, Number(ymd.slice(8, 10))) / DAY;

describe("themePhase", () => {
  it("keeps a window closing at 23:59:59 open throughout that second and closes it at 00:00:00", () => {
    expect(themePhase(christmasEve, at("2026-12-24T14:59:58.999Z"))).toBe("open");
    expect(themePhase(christmasEve, at("2026-12-24T14:59:59.000Z"))).toBe("open");
    expect(themePhase(christmasEve, at("2026-12-24T14:59:59.500Z"))).toBe("open");
    expect(themePhase(christmasEve, at("2026-12-24T14:59:59.999Z"))).toBe("open");
    expect(themePhase(christmasEve, at("2026-12-24T15:00:00.000Z"))).toBe("closed");
    expect(themePhase(christmasEve, at("2027-03-01T00:00:00.000Z"))).toBe("closed");
  });

  it("shows a window opening at 00:00:00 as upcoming at 23:59:59.999 the day before and open from 00:00:00", () => {
    expect(themePhase(christmasEve, at("2026-11-01T00:00:00.000Z"))).toBe("upcoming");
    expect(themePhase(christmasEve, at("2026-11-30T14:59:59.999Z"))).toBe("upcoming");
    expect(themePhase(christmasEve, at("2026-11-30T15:00:00.000Z"))).toBe("open");
    expect(themePhase(christmasEve, at("2026-12-10T03:00:00.000Z"))).toBe("open");
  });

  it("passes the statuses staff decide through, whatever the clock says", () => {
    for (const status of ["draft", "results_released", "archived"] as const) {
      const theme = { ...christmasEve, status };
      expect(themePhase(theme, at("2026-11-01T00:00:00Z"))).toBe(status);
      expect(themePhase(theme, at("2026-12-10T00:00:00Z"))).toBe(status);
      expect(themePhase(theme, at("2027-01-10T00:00:00Z"))).toBe(status);
    }
  });

  it("accepts proposals only while the phase is open", () => {
    expect(isAcceptingProposals(christmasEve, at("2026-12-24T14:59:59.999Z"))).toBe(true);
    expect(isAcceptingProposals(christmasEve, at("2026-12-24T15:00:00.000Z"))).toBe(false);
    expect(isAcceptingProposals(christmasEve, at("2026-11-30T14:59:59.999Z"))).toBe(false);
    expect(isAcceptingProposals({ ...christmasEve, status: "draft" }, at("2026-12-10T00:00:00Z"))).toBe(false);
  });

  it("property: a published theme closing on a whole second is open for each of its 1000 ms and closed after", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }),
        fc.integer({ min: 1, max: 400 * 86_400 }),
        fc.integer({ min: 0, max: 999 }),
        (closeSecond, length, ms) => {
          const closes = new Date(closeSecond * SECOND);
          const theme: ThemeWindow = {
            status: "published",
            opens_at: new Date(closes.getTime() - length * SECOND),
            closes_at: closes,
          };
          expect(themePhase(theme, new Date(closes.getTime() + ms))).toBe("open");
          expect(themePhase(theme, new Date(closes.getTime() + SECOND + ms))).toBe("closed");
          expect(themePhase(theme, new Date(theme.opens_at.getTime() - 1 - ms))).toBe("upcoming");
          expect(themePhase(theme, theme.opens_at)).toBe("open");
        },
      ),
    );
  });

  it("property: as time passes a published theme only moves forward, upcoming → open → closed", () => {
    const order = { upcoming: 0, open: 1, closed: 2 } as Record<string, number>;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 * DAY }),
        fc.integer({ min: 1, max: 10 * DAY }),
        fc.array(fc.integer({ min: -DAY, max: 22 * DAY }), { minLength: 2, maxLength: 20 }),
        (openOffset, length, offsets) => {
          const base = Date.UTC(2027, 0, 1);
          const theme: ThemeWindow = {
            status: "published",
            opens_at: new Date(base + openOffset),
            closes_at: new Date(base + openOffset + length),
          };
          const phases = [...offsets].sort((a, b) => a - b).map((o) => order[themePhase(theme, new Date(base + o))]);
          for (let i = 1; i < phases.length; i++) expect(phases[i]).toBeGreaterThanOrEqual(phases[i - 1]);
        },
      ),
    );
  });
});

describe("daysLeft", () => {
  const closes = at("2026-12-24T14:59:59.000Z"); // 24 Dec 23:59:59 in Japan

  it("is 0 all through the closing day in Japan, from 00:00 to the deadline", () => {
    expect(daysLeft(closes, at("2026-12-23T15:00:00.000Z"))).toBe(0); // 24 Dec 00:00 JST
    expect(daysLeft(closes, at("2026-12-24T14:59:59.000Z"))).toBe(0);
  });

  it("counts Japan calendar days, not 24-hour periods or UTC days", () => {
    // 23 Dec 23:59:59 JST: one second before the closing day starts, still one day left.
    expect(daysLeft(closes, at("2026-12-23T14:59:59.999Z"))).toBe(1);
    // 23 Dec 09:00 JST is 23 Dec 00:00 UTC; in UTC the deadline is still "on the 24th", one day later.
    expect(daysLeft(closes, at("2026-12-23T00:00:00.000Z"))).toBe(1);
    // 22 Dec 23:30 UTC is already 23 Dec 08:30 in Japan: one day, though UTC calendars would say two.
    expect(daysLeft(closes, at("2026-12-22T23:30:00.000Z"))).toBe(1);
    // 1 Dec 00:00 JST: 23 days to the 24th.
    expect(daysLeft(closes, at("2026-11-30T15:00:00.000Z"))).toBe(23);
  });

  it("counts a deadline early in the Japan morning on its own Japan day", () => {
    // 10 Jan 08:00 JST is 9 Jan 23:00 UTC.
    const early = at("2027-01-09T23:00:00.000Z");
    expect(daysLeft(early, at("2027-01-09T15:00:00.000Z"))).toBe(0); // 10 Jan 00:00 JST
    expect(daysLeft(early, at("2027-01-09T14:59:59.000Z"))).toBe(1); // 9 Jan 23:59:59 JST
  });

  it("never goes below 0 once the deadline has passed", () => {
    expect(daysLeft(closes, at("2026-12-24T15:00:00.000Z"))).toBe(0);
    expect(daysLeft(closes, at("2027-06-01T00:00:00.000Z"))).toBe(0);
  });

  it("property: equals the difference of the Japan calendar dates, never negative", () => {
    const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }).map((t) => new Date(t));
    fc.assert(
      fc.property(instant, instant, (closesAt, now) => {
        const expected = Math.max(0, dayNumber(tokyoDay(closesAt)) - dayNumber(tokyoDay(now)));
        expect(daysLeft(closesAt, now)).toBe(expected);
      }),
    );
  });
});

describe("parseTokyoDateTime", () => {
  it("reads the value as Japan time (UTC+9), with or without seconds", () => {
    expect(parseTokyoDateTime("2026-12-24T23:59:59")?.toISOString()).toBe("2026-12-24T14:59:59.000Z");
    expect(parseTokyoDateTime("2026-12-24T23:59")?.toISOString()).toBe("2026-12-24T14:59:00.000Z");
    expect(parseTokyoDateTime("2027-01-01T00:00")?.toISOString()).toBe("2026-12-31T15:00:00.000Z");
    expect(parseTokyoDateTime("2027-01-29T17:00")?.toISOString()).toBe("2027-01-29T08:00:00.000Z");
  });

  it("rejects dates that do not exist instead of rolling them over", () => {
    expect(parseTokyoDateTime("2027-02-30T10:00")).toBeNull();
    expect(parseTokyoDateTime("2027-02-29T10:00")).toBeNull(); // 2027 is not a leap year
    expect(parseTokyoDateTime("2027-04-31T10:00")).toBeNull();
    expect(parseTokyoDateTime("2027-13-01T10:00")).toBeNull();
    expect(parseTokyoDateTime("2027-00-10T10:00")).toBeNull();
    expect(parseTokyoDateTime("2027-01-00T10:00")).toBeNull();
    expect(parseTokyoDateTime("2027-01-10T24:00")).toBeNull();
    expect(parseTokyoDateTime("2028-02-29T10:00")?.toISOString()).toBe("2028-02-29T01:00:00.000Z");
  });

  it("rejects anything that is not YYYY-MM-DDTHH:MM[:SS]", () => {
    for (const value of [
      "",
      "2027-01-29",
      "2027/01/29T17:00",
      "2027-1-29T17:00",
      "2027-01-29T17",
      "2027-01-29T17:00:00Z",
      "2027-01-29T17:00:00+09:00",
      "2027-01-29T17:00:00.000",
      " 2027-01-29T17:00",
      "令和9年1月29日",
    ]) {
      expect(parseTokyoDateTime(value), value).toBeNull();
    }
  });

  it("rejects times that do not exist: 10:75, 24:00 or 10:00:99", () => {
    for (const value of ["2027-01-10T10:75", "2027-01-10T24:00", "2027-01-10T10:00:99"]) {
      expect(parseTokyoDateTime(value), value).toBeNull();
    }
  });

  it("accepts '2027-01-29 17:00', the form that the validation.theme.datetime message asks for", () => {
    expect(parseTokyoDateTime("2027-01-29 17:00")?.toISOString()).toBe("2027-01-29T08:00:00.000Z");
  });

  it("property: agrees with Intl's Japan-time reading for every real date and time", () => {
    const pad = (n: number, width = 2) => String(n).padStart(width, "0");
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        (y, mo, d, h, mi, s) => {
          const value = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}`;
          const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
          const parsed = parseTokyoDateTime(value);
          if (d > daysInMonth) {
            expect(parsed).toBeNull();
            return;
          }
          expect(parsed).not.toBeNull();
          const shown = new Intl.DateTimeFormat("sv-SE", {
            timeZone: "Asia/Tokyo",
            year: "numeric",
            month: "2-digit",
            day: "2-digit",
            hour: "2-digit",
            minute: "2-digit",
            second: "2-digit",
            hourCycle: "h23",
          }).format(parsed!);
          expect(shown.replace(" ", "T")).toBe(value);
        },
      ),
    );
  });
});

describe("toTokyoDateTimeInput", () => {
  it("gives the datetime-local value in Japan time", () => {
    expect(toTokyoDateTimeInput(at("2026-12-24T14:59:00.000Z"))).toBe("2026-12-24T23:59");
    expect(toTokyoDateTimeInput(at("2026-12-31T15:00:00.000Z"))).toBe("2027-01-01T00:00");
    expect(toTokyoDateTimeInput(at("2027-01-29T08:00:00.000Z"))).toBe("2027-01-29T17:00");
  });

  it("round-trips with parseTokyoDateTime", () => {
    for (const value of ["2026-12-24T23:59", "2027-01-01T00:00", "2028-02-29T12:34"]) {
      const parsed = parseTokyoDateTime(value);
      expect(parsed).not.toBeNull();
      expect(toTokyoDateTimeInput(parsed!)).toBe(value);
    }
  });

  it("property: any minute in Japan time survives the form and back", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1971, 0, 1) / 60_000, max: Date.UTC(2100, 0, 1) / 60_000 }), (minute) => {
        const date = new Date(minute * 60_000);
        const input = toTokyoDateTimeInput(date);
        expect(input).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
        expect(parseTokyoDateTime(input)?.getTime()).toBe(date.getTime());
      }),
    );
  });

  it("keeps the seconds of a deadline like 23:59:59, so re-saving the theme does not move it", () => {
    const deadline = parseTokyoDateTime("2026-12-24T23:59:59")!;
    expect(toTokyoDateTimeInput(deadline)).toBe("2026-12-24T23:59:59");
    expect(parseTokyoDateTime(toTokyoDateTimeInput(deadline))?.getTime()).toBe(deadline.getTime());
  });
});

describe("checkCriteria", () => {
  const row = (name: string, weight = 25, maxScore = 5, description = ""): CriterionRow => ({
    name,
    description,
    weight,
    maxScore,
  });

  it("returns the filled rows, trimmed, in order, and ignores rows left wholly empty", () => {
    const result = checkCriteria([
      {},
      row("  地域課題の理解 ", 30, 5, " 具体的か "),
      { name: "", description: "" },
      row("協働の体制", 70, 10),
      {},
    ]);
    expect(result.errors).toEqual({});
    expect(result.criteria).toEqual([
      { name: "地域課題の理解", description: "具体的か", weight: 30, maxScore: 5 },
      { name: "協働の体制", description: "", weight: 70, maxScore: 10 },
    ]);
  });

  it("needs at least one criterion", () => {
    expect(checkCriteria([]).errors).toEqual({ criteria: "validation.criterion.none" });
    expect(checkCriteria([{}, {}, { name: "", description: "" }]).errors).toEqual({
      criteria: "validation.criterion.none",
    });
  });

  it("needs a name on any row that is not empty, keyed by the row's own index", () => {
    const result = checkCriteria([row("実現可能性"), {}, { description: "名前のない項目", weight: 10, maxScore: 5 }]);
    expect(result.errors).toEqual({ "criteria[2].name": "validation.criterion.name" });
    const blank = checkCriteria([{ name: "   ", weight: 10, maxScore: 5 }]);
    expect(blank.errors).toEqual({ "criteria[0].name": "validation.criterion.name" });
  });

  it("refuses a second criterion with the same name (after trimming) at the later row", () => {
    const result = checkCriteria([row("新規性"), row("成果指標"), row(" 新規性 ")]);
    expect(result.errors).toEqual({ "criteria[2].name": "validation.criterion.duplicate" });
  });

  it("accepts weight and maximum score from 1 to 100 inclusive", () => {
    expect(checkCriteria([row("下限", 1, 1), row("上限", 100, 100)]).errors).toEqual({});
  });

  it("refuses weights and maximum scores that are missing, out of 1–100 or not whole numbers", () => {
    const result = checkCriteria([
      row("a", 0, 5),
      row("b", 101, 5),
      row("c", 2.5, 5),
      { name: "d", maxScore: 5 },
      row("e", 10, 0),
      row("f", 10, 101),
      row("g", 10, 1.5),
      { name: "h", weight: 10 },
      row("i", Number.NaN, -1),
    ]);
    expect(result.errors).toEqual({
      "criteria[0].weight": "validation.criterion.weight",
      "criteria[1].weight": "validation.criterion.weight",
      "criteria[2].weight": "validation.criterion.weight",
      "criteria[3].weight": "validation.criterion.weight",
      "criteria[4].maxScore": "validation.criterion.maxScore",
      "criteria[5].maxScore": "validation.criterion.maxScore",
      "criteria[6].maxScore": "validation.criterion.maxScore",
      "criteria[7].maxScore": "validation.criterion.maxScore",
      "criteria[8].weight": "validation.criterion.weight",
      "criteria[8].maxScore": "validation.criterion.maxScore",
    });
  });

  it("reports every problem of a row at once", () => {
    const result = checkCriteria([row("ok"), {}, { description: "説明だけ" }]);
    expect(result.errors).toEqual({
      "criteria[2].name": "validation.criterion.name",
      "criteria[2].weight": "validation.criterion.weight",
      "criteria[2].maxScore": "validation.criterion.maxScore",
    });
  });

  it("property: valid rows with distinct names, mixed with empty rows, give no error and keep their order", () => {
    const validRow = fc.record({
      weight: fc.integer({ min: 1, max: 100 }),
      maxScore: fc.integer({ min: 1, max: 100 }),
      description: fc.string({ maxLength: 20 }),
    });
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            validRow.map((r) => ({ ...r, kind: "valid" as const })),
            fc.constant({ kind: "empty" as const }),
          ),
          {
            maxLength: 12,
          },
        ),
        (rows) => {
          let n = 0;
          const input: CriterionRow[] = rows.map((r) => {
            if (r.kind === "empty") return {};
            n += 1;
            return { name: `項目${n}`, description: r.description, weight: r.weight, maxScore: r.maxScore };
          });
          const result = checkCriteria(input);
          const filled = input.filter((r) => r.name !== undefined);
          if (filled.length === 0) {
            expect(result.errors).toEqual({ criteria: "validation.criterion.none" });
          } else {
            expect(result.errors).toEqual({});
          }
          expect(result.criteria.map((c) => c.name)).toEqual(filled.map((r) => r.name));
          expect(result.criteria.map((c) => c.weight)).toEqual(filled.map((r) => r.weight));
        },
      ),
    );
  });
});
