/**
 * The rules of a joint proposal, written once as plain functions: which sections there are, when
 * each is complete, the budget arithmetic, and everything submission checks. The server enforces
 * them; the pages read the same functions to show progress.
 */
import type { OrganizationKind } from "../../db/schema";
import { tokyoYear } from "../utils/japan-time";

export const SECTIONS = [
  "basics",
  "problem",
  "activities",
  "roles",
  "outcomes",
  "schedule",
  "budget",
  "declaration",
] as const;
export type SectionKey = (typeof SECTIONS)[number];

export const BUDGET_CATEGORIES = [
  "honoraria",
  "travel",
  "supplies",
  "printing",
  "communication",
  "rental",
  "outsourcing",
  "other",
] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

export interface Basics {
  title: string;
  summary: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
}
export interface TextSection {
  text: string;
}
export interface Roles {
  roles: Record<string, string>;
}
export interface Indicator {
  name: string;
  target: string;
}
export interface Outcomes {
  text: string;
  indicators: Indicator[];
}
export interface PlannedMilestone {
  title: string;
  date: string;
  deliverable: string;
}
export interface Schedule {
  milestones: PlannedMilestone[];
}
export interface BudgetLine {
  item: string;
  category: BudgetCategory;
  amount: number;
  note: string;
}
export interface Budget {
  lines: BudgetLine[];
  ownFunds: number;
  requested: number;
}
export interface Declaration {
  accepted: boolean;
}

export interface SectionContent {
  basics: Basics;
  problem: TextSection;
  activities: TextSection;
  roles: Roles;
  outcomes: Outcomes;
  schedule: Schedule;
  budget: Budget;
  declaration: Declaration;
}

export const EMPTY_SECTIONS: SectionContent = {
  basics: { title: "", summary: "", contactName: "", contactEmail: "", contactPhone: "" },
  problem: { text: "" },
  activities: { text: "" },
  roles: { roles: {} },
  outcomes: { text: "", indicators: [] },
  schedule: { milestones: [] },
  budget: { lines: [], ownFunds: 0, requested: 0 },
  declaration: { accepted: false },
};

export interface BudgetTotals {
  total: number;
  ownFunds: number;
  requested: number;
  /** The most the grant may be: the subsidy rate's share of the costs, capped by the theme. */
  maxGrant: number;
}

export interface GrantRules {
  subsidyRatePercent: number;
  grantCapPerYear: number;
  grantCapTotal: number;
  durationYears: number;
}

/** Integer yen throughout: the rate's share is rounded down, as grant rules require. */
export function budgetTotals(budget: Budget, rules: GrantRules): BudgetTotals {
  const total = budget.lines.reduce((sum, line) => sum + line.amount, 0);
  const byRate = Math.floor((total * rules.subsidyRatePercent) / 100);
  const byCap = Math.min(rules.grantCapTotal, rules.grantCapPerYear * rules.durationYears);
  return { total, ownFunds: budget.ownFunds, requested: budget.requested, maxGrant: Math.min(byRate, byCap) };
}

export interface Problem {
  section: SectionKey | "partners" | "window" | "lead" | "approvals";
  /** The form field to link to, when there is one. */
  field?: string;
  message: string;
  params?: Record<string, string | number>;
}

export function budgetProblems(budget: Budget, rules: GrantRules): Problem[] {
  const totals = budgetTotals(budget, rules);
  const problems: Problem[] = [];
  if (budget.lines.length === 0)
    problems.push({ section: "budget", field: "lines[0].item", message: "proposal.problem.budgetEmpty" });
  if (totals.requested <= 0)
    problems.push({ section: "budget", field: "requested", message: "proposal.problem.requestedMissing" });
  if (totals.requested + totals.ownFunds !== totals.total) {
    problems.push({
      section: "budget",
      field: "ownFunds",
      message: "proposal.problem.budgetUnbalanced",
      params: { total: totals.total, sum: totals.requested + totals.ownFunds },
    });
  }
  const byRate = Math.floor((totals.total * rules.subsidyRatePercent) / 100);
  if (totals.requested > byRate) {
    problems.push({
      section: "budget",
      field: "requested",
      message: "proposal.problem.overRate",
      params: { rate: rules.subsidyRatePercent, max: byRate },
    });
  }
  const cap = Math.min(rules.grantCapTotal, rules.grantCapPerYear * rules.durationYears);
  if (totals.requested > cap) {
    problems.push({ section: "budget", field: "requested", message: "proposal.problem.overCap", params: { cap } });
  }
  return problems;
}

export function sectionProblems(
  key: SectionKey,
  content: SectionContent,
  partnerIds: string[],
  rules: GrantRules,
): Problem[] {
  const missing = (field: string, message = "proposal.problem.required"): Problem => ({ section: key, field, message });
  switch (key) {
    case "basics": {
      const b = content.basics;
      return (["title", "summary", "contactName", "contactEmail"] as const)
        .filter((f) => !b[f].trim())
        .map((f) => missing(f));
    }
    case "problem":
    case "activities":
      return content[key].text.trim() ? [] : [missing("text")];
    case "roles":
      return partnerIds
        .filter((id) => !content.roles.roles[id]?.trim())
        .map((id) => missing(`roles.${id}`, "proposal.problem.roleMissing"));
    case "outcomes":
      return [
        ...(content.outcomes.text.trim() ? [] : [missing("text")]),
        ...(content.outcomes.indicators.length
          ? []
          : [missing("indicators[0].name", "proposal.problem.indicatorMissing")]),
      ];
    case "schedule":
      return content.schedule.milestones.length
        ? []
        : [missing("milestones[0].title", "proposal.problem.milestoneMissing")];
    case "budget":
      return budgetProblems(content.budget, rules);
    case "declaration":
      return content.declaration.accepted ? [] : [missing("accepted", "proposal.problem.declaration")];
  }
}

/** The section after this one; after the last comes the confirmation page (null). */
export function nextSection(key: SectionKey): SectionKey | null {
  return SECTIONS[SECTIONS.indexOf(key) + 1] ?? null;
}

/** The sections with nothing missing: the progress shown while the team writes. */
export function completeSections(content: SectionContent, partnerIds: string[], rules: GrantRules): SectionKey[] {
  return SECTIONS.filter((key) => sectionProblems(key, content, partnerIds, rules).length === 0);
}

export interface PartnerState {
  organizationId: string;
  name: string;
  kind: OrganizationKind;
  status: "invited" | "accepted" | "declined" | "removed";
}

/** An organisation of a proposal as submission sees it: its role, and whether it approved the text as it is. */
export interface TeamMember extends PartnerState {
  role: "lead" | "partner";
  /** When its representative approved the current text; null before, or since the text changed. */
  approvedAt: Date | null;
}

export interface SubmissionContext {
  phase: "draft" | "upcoming" | "open" | "closed" | "results_released" | "archived";
  closesAt: Date;
  rules: GrantRules & { requiredKinds: string[]; minOrganizations: number };
  leadVerified: boolean;
  partners: TeamMember[];
  content: SectionContent;
}

/**
 * Which version of every section the text is made of ("3.1.2…"): what the confirmation page
 * carries, so what is submitted is what the person read there, and what a partner approves.
 */
export function textVersionOf(versions: Partial<Record<SectionKey, { version: number }>>): string {
  return SECTIONS.map((key) => versions[key]?.version ?? 0).join(".");
}

/** Every reason the proposal cannot be submitted now, in the order a person would fix them. */
export function submissionProblems(ctx: SubmissionContext): Problem[] {
  const problems: Problem[] = [];
  if (ctx.phase !== "open")
    problems.push({
      section: "window",
      message: ctx.phase === "upcoming" ? "proposal.problem.notYetOpen" : "proposal.problem.closed",
    });
  if (!ctx.leadVerified) problems.push({ section: "lead", message: "proposal.problem.leadUnverified" });
  const accepted = ctx.partners.filter((p) => p.status === "accepted");
  for (const pending of ctx.partners.filter((p) => p.status === "invited")) {
    problems.push({ section: "partners", message: "proposal.problem.partnerPending", params: { name: pending.name } });
  }
  if (accepted.length < ctx.rules.minOrganizations) {
    problems.push({
      section: "partners",
      message: "proposal.problem.tooFewOrganizations",
      params: { min: ctx.rules.minOrganizations },
    });
  }
  for (const kind of ctx.rules.requiredKinds) {
    if (!accepted.some((p) => p.kind === kind))
      problems.push({ section: "partners", message: "proposal.problem.kindMissing", params: { kind } });
  }
  const partnerIds = accepted.map((p) => p.organizationId);
  for (const key of SECTIONS) problems.push(...sectionProblems(key, ctx.content, partnerIds, ctx.rules));
  // Last: approving is for the finished text.
  for (const partner of accepted.filter((p) => p.role === "partner" && p.approvedAt === null)) {
    problems.push({
      section: "approvals",
      message: "proposal.problem.approvalMissing",
      params: { name: partner.name },
    });
  }
  return problems;
}

/** `2026-コラボ-0007`: the year in Japan, the course's short name, a number per year and course. */
export function receiptPrefix(submittedAt: Date, courseShortName: string): string {
  return `${tokyoYear(submittedAt)}-${courseShortName}`;
}

export function receiptNumber(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(4, "0")}`;
}
