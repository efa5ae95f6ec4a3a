import { daysLeft } from "~/utils/japan-time";
/**
 * The theme's lifecycle, written once: the stored status says what staff decided (draft,
 * published, results released, archived); whether a published theme is upcoming, open or closed
 * follows from its window and the clock, to the second, so no scheduled job is needed.
 */
export type ThemePhase = "draft" | "upcoming" | "open" | "closed" | "results_released" | "archived";

export interface ThemeWindow {
  status: "draft" | "published" | "results_released" | "archived";
  opens_at: Date;
  closes_at: Date;
}

/** A window closing at 23:59:59 is open throughout that second and closed at 00:00:00. */
export function themePhase(theme: ThemeWindow, now: Date): ThemePhase {
  if (theme.status !== "published") return theme.status;
  if (now < theme.opens_at) return "upcoming";
  if (now.getTime() < theme.closes_at.getTime() + 1000) return "open";
  return "closed";
}

/** A theme as the public lists show it (/themes, the home page): its phase and days left worked out. */
export function themeCard(
  theme: ThemeWindow & {
    id: string;
    title: string;
    summary: string;
    course_name_ja: string;
    course_name_en: string;
    grant_cap_per_year: number;
  },
  now: Date,
) {
  return {
    id: theme.id,
    title: theme.title,
    summary: theme.summary,
    course: { ja: theme.course_name_ja, en: theme.course_name_en },
    phase: themePhase(theme, now),
    opensAt: theme.opens_at.toISOString(),
    closesAt: theme.closes_at.toISOString(),
    daysLeft: daysLeft(theme.closes_at, now),
    capPerYear: theme.grant_cap_per_year,
  };
}

export type ThemeCard = ReturnType<typeof themeCard>;

export function isAcceptingProposals(theme: ThemeWindow, now: Date): boolean {
  return themePhase(theme, now) === "open";
}

export interface CriterionRow {
  name?: string;
  description?: string;
  weight?: number;
  maxScore?: number;
}

export interface CriterionInput {
  name: string;
  description: string;
  weight: number;
  maxScore: number;
}

export const MAX_CRITERIA = 8;

/**
 * Rows left wholly empty are ignored (the form offers spare rows so it works without JavaScript);
 * any other row needs a name, a weight of 1–100 and a maximum score of 1–100. At least one criterion.
 */
export function checkCriteria(rows: CriterionRow[]): { criteria: CriterionInput[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const criteria: CriterionInput[] = [];
  const names = new Set<string>();
  rows.forEach((row, i) => {
    const empty = !row.name && !row.description && row.weight === undefined && row.maxScore === undefined;
    if (empty) return;
    const name = row.name?.trim() ?? "";
    if (!name) errors[`criteria[${i}].name`] = "validation.criterion.name";
    else if (names.has(name)) errors[`criteria[${i}].name`] = "validation.criterion.duplicate";
    names.add(name);
    if (row.weight === undefined || !Number.isInteger(row.weight) || row.weight < 1 || row.weight > 100) {
      errors[`criteria[${i}].weight`] = "validation.criterion.weight";
    }
    if (row.maxScore === undefined || !Number.isInteger(row.maxScore) || row.maxScore < 1 || row.maxScore > 100) {
      errors[`criteria[${i}].maxScore`] = "validation.criterion.maxScore";
    }
    criteria.push({
      name,
      description: row.description?.trim() ?? "",
      weight: row.weight ?? 0,
      maxScore: row.maxScore ?? 0,
    });
  });
  if (criteria.length === 0) errors.criteria = "validation.criterion.none";
  return { criteria, errors };
}

/** A theme's description as the ward wrote it: the same words on its public page and in the edit form. */
export function themeDescription(theme: {
  summary: string;
  background: string;
  expectations: string;
  department: string;
  contact: string;
  fields: string[];
}) {
  const { summary, background, expectations, department, contact, fields } = theme;
  return { summary, background, expectations, department, contact, fields };
}
