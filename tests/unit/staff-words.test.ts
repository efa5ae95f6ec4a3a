/**
 * Staff's wording (app/i18n/ja-staff.ts) reaches only the browsers of staff, reviewers and admins.
 * A page residents can open must therefore never use one of its keys, or they would see the key
 * itself. This reads the code as the bundler does: the staff-only routes (staff.*, admin.*,
 * reviews*, dev.*), the PDFs (drawn on the server, which holds every word), and whatever only
 * those import; every other file, server modules included (they hand keys to pages: flashes,
 * errors), must name no staff key, literally or as the start of a template or a joined string.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jaStaff } from "~/i18n/ja-staff";

const APP = path.resolve("app");
const EXTENSIONS = [".ts", ".tsx"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "i18n" ? [] : sourceFiles(full);
    return EXTENSIONS.includes(path.extname(entry.name)) ? [full] : [];
  });
}

const files = sourceFiles(APP);
const source = new Map(files.map((f) => [f, readFileSync(f, "utf8")]));

function resolveImport(from: string, spec: string): string | null {
  const base = spec.startsWith("~/")
    ? path.join(APP, spec.slice(2))
    : spec.startsWith(".")
      ? path.resolve(path.dirname(from), spec)
      : null;
  if (!base) return null;
  for (const candidate of [base, ...EXTENSIONS.map((e) => base + e), path.join(base, "index.ts")])
    if (source.has(candidate)) return candidate;
  return null;
}

const importers = new Map<string, Set<string>>(files.map((f) => [f, new Set()]));
for (const [file, text] of source)
  for (const [, spec] of text.matchAll(/from "([^"]+)"/g)) {
    const target = resolveImport(file, spec);
    if (target) importers.get(target)?.add(file);
  }

const isStaffRoute = (f: string) =>
  f.startsWith(path.join(APP, "routes")) && /^(staff|admin|reviews|dev)[._]/.test(path.basename(f));
// PDFs are drawn on the server, which holds every word.
const isServerDrawn = (f: string) => f.includes(`${path.sep}pdf${path.sep}`);
const staffOnly = new Set(files.filter((f) => isStaffRoute(f) || isServerDrawn(f)));
for (let grew = true; grew; ) {
  grew = false;
  for (const f of files) {
    const by = importers.get(f) ?? new Set();
    if (staffOnly.has(f) || f.includes(`${path.sep}routes${path.sep}`) || by.size === 0) continue;
    if ([...by].every((i) => staffOnly.has(i))) {
      staffOnly.add(f);
      grew = true;
    }
  }
}

/**
 * Files residents' pages import for other things, whose staff keys only staff ever see; each is
 * read again when a key is added to it (the test lists the keys it allows).
 */
const SEEN_BY_STAFF_ONLY: Record<string, string[]> = {
  // The score sheet's problems (reviewers) and the ranking's funding warnings (staff).
  "models/review-rules.ts": [
    "review.problem.score",
    "review.problem.recommendation",
    "staffReview.warnBudget",
    "staffReview.warnAwards",
    "staffReview.warnReserved",
    "staffReview.warnShort",
  ],
  // An audit action's name that happens to be a key too: histories show `audit.<action>`.
  "models/reviews.server.ts": ["review.submitted"],
};

describe("staff's wording", () => {
  const staffKeys = Object.keys(jaStaff);

  it("is never used on a page residents can open", () => {
    const misuses: string[] = [];
    for (const [file, text] of source) {
      if (staffOnly.has(file)) continue;
      const allowed = SEEN_BY_STAFF_ONLY[path.relative(APP, file)] ?? [];
      for (const key of staffKeys)
        if (text.includes(`"${key}"`) && !allowed.includes(key)) misuses.push(`${path.relative(APP, file)}: ${key}`);
      for (const [, start] of [...text.matchAll(/`([\w]+\.[\w.]*)\$\{/g), ...text.matchAll(/"([\w]+\.[\w.]*\.)"/g)])
        if (staffKeys.some((key) => key.startsWith(start))) misuses.push(`${path.relative(APP, file)}: ${start}…`);
    }
    expect(misuses).toEqual([]);
  });

  it("is read as the bundler reads the code (the reading finds staff's own pages)", () => {
    expect(staffOnly.has(path.join(APP, "routes", "staff.themes.$id.review.tsx"))).toBe(true);
    expect(staffOnly.has(path.join(APP, "components", "review-ranking.tsx"))).toBe(true);
    expect(staffOnly.has(path.join(APP, "routes", "proposals.$id._index.tsx"))).toBe(false);
    expect(staffOnly.has(path.join(APP, "components", "proposal-attachments.tsx"))).toBe(false);
  });
});
