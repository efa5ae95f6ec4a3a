import { toTokyoDateTimeInput } from "~/utils/japan-time";
import type { Criterion, Theme } from "../../db/schema";
import { MAX_CRITERIA, themeDescription } from "./theme-rules";
import type { ThemeFormValues } from "./theme-schemas";

const blankRows = (count: number) =>
  Array.from({ length: count }, () => ({ name: "", description: "", weight: "", maxScore: "" }));

/** Rows for the criteria: the saved ones plus spare empty rows, up to the maximum. */
export function criteriaRows(criteria: Pick<Criterion, "name" | "description" | "weight" | "max_score">[]) {
  const saved = criteria.map((c) => ({
    name: c.name,
    description: c.description,
    weight: String(c.weight),
    maxScore: String(c.max_score),
  }));
  return [...saved, ...blankRows(Math.max(0, Math.min(MAX_CRITERIA, Math.max(saved.length + 2, 4)) - saved.length))];
}

export function themeFormValues(theme: Theme & { criteria: Criterion[] }): ThemeFormValues {
  return {
    courseId: theme.course_id,
    title: theme.title,
    ...themeDescription(theme),
    grantCapPerYear: String(theme.grant_cap_per_year),
    grantCapTotal: String(theme.grant_cap_total),
    subsidyRatePercent: String(theme.subsidy_rate_percent),
    durationYears: String(theme.duration_years),
    awardsPlanned: String(theme.awards_planned),
    reservedSlots: String(theme.reserved_slots),
    reservedForKind: theme.reserved_for_kind ?? "",
    requiredKinds: theme.required_kinds,
    minOrganizations: String(theme.min_organizations),
    declaration: theme.declaration,
    opensAt: toTokyoDateTimeInput(theme.opens_at),
    closesAt: toTokyoDateTimeInput(theme.closes_at),
    criteria: criteriaRows(theme.criteria),
    reviewStages: String(theme.review_stages),
    hideNames: theme.hide_names ? "on" : "",
    minReviewers: String(theme.min_reviewers),
  };
}

/** Sensible starting values for a new theme: a collabo-style call, one year, 10/10. */
export function newThemeValues(): ThemeFormValues {
  return {
    subsidyRatePercent: "100",
    durationYears: "1",
    awardsPlanned: "1",
    reservedSlots: "0",
    minOrganizations: "1",
    minReviewers: "2",
    declaration: "政治活動・宗教活動・選挙活動を目的とする団体ではありません。反社会的勢力とは関係ありません。",
    criteria: criteriaRows([]),
  };
}
