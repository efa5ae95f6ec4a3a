import { Link } from "@remix-run/react";
import type { MessageKey, Translate } from "~/i18n";
import { useT } from "~/i18n/react";
import type { Problem, SectionKey } from "~/models/proposal-rules";
import { kindLabel } from "~/models/reference-data";

export const sectionLabel = (key: SectionKey) => `proposal.section.${key}` as MessageKey;

/** An organisation of the team, to name the field of its role. */
export interface NamedOrganization {
  id: string;
  name: string;
}

const isSectionProblem = (problem: Problem): problem is Problem & { section: SectionKey } =>
  problem.section !== "partners" &&
  problem.section !== "window" &&
  problem.section !== "lead" &&
  problem.section !== "approvals";

// The label each problem's field carries on its section's form; a list's problem points at its
// first row, which the form labels by the list's name.
const FIELD_LABELS: Record<string, MessageKey> = {
  title: "proposal.field.title",
  summary: "proposal.field.summary",
  contactName: "proposal.field.contactName",
  contactEmail: "proposal.field.contactEmail",
  contactPhone: "proposal.field.contactPhone",
  "indicators[0].name": "proposal.field.indicatorName",
  "milestones[0].title": "proposal.field.milestones",
  "lines[0].item": "proposal.field.budgetLines",
  requested: "proposal.field.requested",
  ownFunds: "proposal.field.ownFunds",
  accepted: "proposal.field.accepted",
};

/** The field's label as the form shows it, or null when the problem has no field of its own. */
export function fieldLabel(t: Translate, problem: Problem, organizations: NamedOrganization[]): string | null {
  const field = problem.field;
  if (!field || !isSectionProblem(problem)) return null;
  if (field === "text") return t(`proposal.field.${problem.section}` as MessageKey);
  if (field.startsWith("roles.")) {
    const name = organizations.find((o) => `roles.${o.id}` === field)?.name;
    return name ? t("proposal.field.role", { name }) : null;
  }
  return FIELD_LABELS[field] ? t(FIELD_LABELS[field]) : null;
}

/** What is wrong, without where: the message shown beside the field itself. */
export function problemMessage(t: Translate, problem: Problem): string {
  if (problem.message === "proposal.problem.required" || problem.message === "proposal.problem.roleMissing")
    return t("proposal.problem.notEntered");
  const params: Record<string, string | number> = { ...problem.params };
  if (isSectionProblem(problem)) params.section = t(sectionLabel(problem.section));
  if (typeof params.kind === "string") params.kind = t(kindLabel(params.kind));
  for (const key of ["max", "cap", "total", "sum"]) {
    if (typeof params[key] === "number") params[key] = (params[key] as number).toLocaleString("ja-JP");
  }
  return t(problem.message as MessageKey, params);
}

/** The problem in a list: which section and which field, then what is wrong. */
export function problemText(t: Translate, problem: Problem, organizations: NamedOrganization[] = []): string {
  const message = problemMessage(t, problem);
  if (!isSectionProblem(problem)) return message;
  const section = t(sectionLabel(problem.section));
  const field = fieldLabel(t, problem, organizations);
  const place =
    field && field !== section
      ? t("proposal.problem.place", { section, field })
      : t("proposal.problem.placeSection", { section });
  return t("proposal.problem.line", { place, message });
}

/** Where on the page `here` a problem's link goes: its field, checked (`?check=1`); null for none. */
export function problemHref(
  proposalId: string,
  problem: Problem,
  here?: SectionKey | "overview" | "confirm",
): string | null {
  const overview = `/proposals/${proposalId}`;
  const anchor = problem.field ? `#field-${problem.field}` : "";
  if (isSectionProblem(problem))
    return here === problem.section ? anchor || null : `${overview}/sections/${problem.section}?check=1${anchor}`;
  if (problem.section === "partners") return here === "overview" ? "#partners" : `${overview}#partners`;
  if (problem.section === "approvals") return here === "confirm" ? "#approvals" : `${overview}/confirm#approvals`;
  return null;
}

/**
 * Each reason a proposal cannot be submitted, naming its section and field and linked to that
 * field, which the section page then marks (`?check=1`). `here` is the page the list is on: links
 * to it stay on the page.
 */
export function ProblemList({
  proposalId,
  problems,
  organizations = [],
  here,
}: {
  proposalId: string;
  problems: Problem[];
  organizations?: NamedOrganization[];
  here?: SectionKey | "overview" | "confirm";
}) {
  const t = useT();
  return (
    <ul className="problem-list">
      {problems.map((problem, i) => {
        const text = problemText(t, problem, organizations);
        const link = problemHref(proposalId, problem, here);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is rebuilt whole on every load
          <li key={i}>
            {link === null ? text : link.startsWith("#") ? <a href={link}>{text}</a> : <Link to={link}>{text}</Link>}
          </li>
        );
      })}
    </ul>
  );
}
