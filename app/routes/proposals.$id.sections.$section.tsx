import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireProposal } from "~/auth/proposal-access.server";
import { ProblemList, sectionLabel } from "~/components/proposal-problems";
import { ProposalProgress } from "~/components/proposal-progress";
import { ProposalSectionForm } from "~/components/proposal-section-form";
import { useLocale, useT } from "~/i18n/react";
import { can } from "~/models/proposal-policy";
import {
  budgetTotals,
  completeSections,
  EMPTY_SECTIONS,
  nextSection,
  SECTIONS,
  type SectionContent,
  type SectionKey,
  sectionProblems,
} from "~/models/proposal-rules";
import { parseSection } from "~/models/proposal-schemas";
import { saveSection } from "~/models/proposals.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { notFound } from "~/utils/http.server";
import { formatDateTime } from "~/utils/japan-time";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "proposal.title");

const ROWS: Partial<Record<SectionKey, number>> = { outcomes: 5, schedule: 6, budget: 10 };

function sectionKey(value: string | undefined): SectionKey {
  if (!v.is(v.picklist(SECTIONS), value)) throw notFound();
  return value;
}

/** The saved content as form values: strings, with spare empty rows so it works without JavaScript. */
function formValues(key: SectionKey, content: SectionContent[SectionKey]): Record<string, unknown> {
  const pad = <T,>(rows: T[], blank: T) => [
    ...rows,
    ...Array.from({ length: Math.max(0, (ROWS[key] ?? 0) - rows.length) }, () => blank),
  ];
  switch (key) {
    case "outcomes": {
      const c = content as SectionContent["outcomes"];
      return { text: c.text, indicators: pad(c.indicators, { name: "", target: "" }) };
    }
    case "schedule":
      return {
        milestones: pad((content as SectionContent["schedule"]).milestones, { title: "", date: "", deliverable: "" }),
      };
    case "budget": {
      const c = content as SectionContent["budget"];
      return {
        lines: pad(
          c.lines.map((l) => ({ ...l, amount: String(l.amount) })),
          { item: "", category: "", amount: "", note: "" },
        ),
        ownFunds: String(c.ownFunds),
        requested: String(c.requested),
      };
    }
    case "declaration":
      return { accepted: (content as SectionContent["declaration"]).accepted ? "on" : "" };
    default:
      return content as unknown as Record<string, unknown>;
  }
}

/** A section named in the query (`?saved=basics`), or null. */
function sectionParam(value: string | null): SectionKey | null {
  return v.is(v.picklist(SECTIONS), value) ? value : null;
}

// Read: the team and staff. Write: the team, while the proposal is a draft. `?check=1` (the problem
// list's links, a save with gaps) shows what this section lacks at each field; `?saved=<section>`
// (save and go on) says what the section just saved still lacks.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const key = sectionKey(params.section);
  const { access, loaded } = await requireProposal(request, params.id ?? "", "readContent");
  const { proposal, content, versions, partners, rules } = loaded;
  const editable = can(access.access, "edit") && proposal.status === "draft";
  const team = partners.filter((p) => p.status === "accepted").map((p) => ({ id: p.organizationId, name: p.name }));
  const teamIds = team.map((p) => p.id);
  const search = new URL(request.url).searchParams;
  const saved = sectionParam(search.get("saved"));
  return {
    id: proposal.id,
    key,
    next: nextSection(key),
    editable,
    version: versions[key]?.version ?? 1,
    values: formValues(key, content[key]),
    partners: team,
    declaration: proposal.declaration,
    totals: budgetTotals(content.budget, rules),
    rate: rules.subsidyRatePercent,
    // Reviewers of this theme see letters, not names: the text must not give the names away.
    anonymousReview: proposal.hide_names,
    complete: completeSections(content, teamIds, rules).length,
    checks: editable && search.get("check") === "1" ? sectionProblems(key, content, teamIds, rules) : [],
    savedMissing:
      editable && saved && saved !== key
        ? { section: saved, problems: sectionProblems(saved, content, teamIds, rules) }
        : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const key = sectionKey(params.section);
  const proposalId = params.id ?? "";
  const { user, loaded, access } = await requireProposal(request, proposalId, "edit");
  if (loaded.proposal.status !== "draft") throw redirect(`/proposals/${proposalId}`);
  const formData = await request.formData();
  const version = Number(formData.get("version"));
  const parsed = parseSection(key, formData);
  if (!parsed.ok) return data({ result: parsed.reply, conflict: null, version: null }, { status: 400 });
  const saved = await saveSection(services().db, {
    proposalId,
    section: key,
    content: parsed.content,
    expectedVersion: Number.isInteger(version) ? version : -1,
    userId: user.id,
    asHelper: access.access === "helper",
    now: new Date(),
    mail: { publicUrl: services().config.publicUrl, locale: await getLocale(request), now: new Date() },
  });
  if (!saved.ok && saved.problem === "locked") throw redirect(`/proposals/${proposalId}`);
  if (!saved.ok && saved.problem === "conflict") {
    // Nothing of what was typed is lost: it comes back in the form, beside the saved version.
    return data(
      {
        result: parsed.submission.reply({ formErrors: ["proposal.conflict"] }),
        conflict: {
          values: formValues(key, saved.current.content as SectionContent[SectionKey]),
          updatedBy: saved.current.updatedBy ?? "",
          updatedAt: saved.current.updatedAt.toISOString(),
        },
        version: saved.current.version,
      },
      { status: 409 },
    );
  }
  // Unfinished work is saved all the same; the next page says what is still missing.
  const teamIds = loaded.partners.filter((p) => p.status === "accepted").map((p) => p.organizationId);
  const stored = { ...loaded.content, [key]: { ...EMPTY_SECTIONS[key], ...parsed.content } };
  const missing = sectionProblems(key, stored, teamIds, loaded.rules).length;
  const back = `/proposals/${proposalId}`;
  if (formData.get("intent") === "next") {
    const next = nextSection(key);
    const to = next ? `${back}/sections/${next}${missing ? `?saved=${key}` : ""}` : `${back}/confirm`;
    return redirectWithFlash(to, missing ? "proposal.savedMissing" : next ? "proposal.savedNext" : "proposal.saved");
  }
  if (missing) return redirectWithFlash(`${back}/sections/${key}?check=1`, "proposal.savedMissing");
  return redirectWithFlash(back, "proposal.saved");
}

function SavedVersion({ values, section }: { values: Record<string, unknown>; section: SectionKey }) {
  // A plain read-only rendering of the other person's saved content.
  const lines: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string" && value.trim()) lines.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(values);
  return (
    <div className="message" data-section={section}>
      {lines.join("\n")}
    </div>
  );
}

export default function ProposalSection() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={`/proposals/${d.id}`}>{t("proposal.back")}</Link>
      </p>
      <h1>{t(sectionLabel(d.key))}</h1>
      <ProposalProgress complete={d.complete} total={SECTIONS.length} />
      <p>{t("proposal.position", { n: SECTIONS.indexOf(d.key) + 1, total: SECTIONS.length })}</p>
      {!d.editable ? <p className="notice">{t("proposal.locked")}</p> : null}
      {d.editable && d.anonymousReview && d.key !== "basics" ? (
        <p className="notice">{t("proposal.anonymousReviewHint")}</p>
      ) : null}
      {d.savedMissing?.problems.length ? (
        <section aria-labelledby="saved-missing-heading" className="notice">
          <h2 id="saved-missing-heading">
            {t("proposal.missing.saved", {
              section: t(sectionLabel(d.savedMissing.section)),
              count: d.savedMissing.problems.length,
            })}
          </h2>
          <ProblemList proposalId={d.id} problems={d.savedMissing.problems} organizations={d.partners} />
        </section>
      ) : null}
      {d.checks.length && !actionData ? (
        <section aria-labelledby="missing-heading" className="error-summary">
          <h2 id="missing-heading">{t("proposal.missing.here", { count: d.checks.length })}</h2>
          <ProblemList proposalId={d.id} problems={d.checks} organizations={d.partners} here={d.key} />
        </section>
      ) : null}
      {actionData?.conflict ? (
        <section aria-labelledby="theirs-heading" className="notice">
          <h2 id="theirs-heading">
            {t("proposal.conflict.theirs", {
              name: actionData.conflict.updatedBy,
              date: formatDateTime(actionData.conflict.updatedAt, locale),
            })}
          </h2>
          <SavedVersion values={actionData.conflict.values} section={d.key} />
        </section>
      ) : null}
      {/* A new section, or the same one saved again, starts a fresh form from what is stored. */}
      <ProposalSectionForm
        key={`${d.key}-${d.version}-${d.checks.length}`}
        d={d}
        result={actionData?.result}
        version={actionData?.version ?? null}
        checks={actionData ? [] : d.checks}
      />
    </>
  );
}
