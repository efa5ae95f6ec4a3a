import { Link } from "@remix-run/react";
import type { MessageKey, Translate } from "~/i18n";
import { useT } from "~/i18n/react";
import type { Problem, SectionKey } from "~/models/proposal-rules";
import { kindLabel } from "~/models/reference-data";

export const sectionLabel = (key: SectionKey) => `proposal.section.${key}` as MessageKey;

export function problemText(t: Translate, problem: Problem): string {
  const params: Record<string, string | number> = { ...problem.params };
  if (problem.section !== "partners" && problem.section !== "window" && problem.section !== "lead") {
    params.section = t(sectionLabel(problem.section));
  }
  if (typeof params.kind === "string") params.kind = t(kindLabel(params.kind));
  for (const key of ["max", "cap", "total", "sum"]) {
    if (typeof params[key] === "number") params[key] = (params[key] as number).toLocaleString("ja-JP");
  }
  return t(problem.message as MessageKey, params);
}

/** Each reason a proposal cannot be submitted, linked to the field that needs attention. */
export function ProblemList({ proposalId, problems }: { proposalId: string; problems: Problem[] }) {
  const t = useT();
  return (
    <ul>
      {problems.map((problem, i) => {
        const text = problemText(t, problem);
        const isSection = problem.section !== "partners" && problem.section !== "window" && problem.section !== "lead";
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is rebuilt whole on every load
          <li key={i}>
            {isSection ? (
              <Link
                to={`/proposals/${proposalId}/sections/${problem.section}${problem.field ? `#field-${problem.field}` : ""}`}
              >
                {text}
              </Link>
            ) : problem.section === "partners" ? (
              <a href="#partners">{text}</a>
            ) : (
              text
            )}
          </li>
        );
      })}
    </ul>
  );
}
