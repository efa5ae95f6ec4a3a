import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireProject } from "~/auth/project-access.server";
import { ContinuationSection, FinalReportSection } from "~/components/final-report";
import { MilestoneSection } from "~/components/milestone-report";
import { type MessageKey, translateMessage } from "~/i18n";
import { useT } from "~/i18n/react";
import { prepareUpload, storeFile } from "~/models/files.server";
import { decideFinalReport, submitFinalReport } from "~/models/project-final-report.server";
import { adjustMilestone, recordContinuation } from "~/models/project-oversight.server";
import { can } from "~/models/project-policy";
import { decideReport, projectWork, submitReport } from "~/models/project-reports.server";
import {
  continuationSchema,
  finalReportSchema,
  issueField,
  milestoneAdjustSchema,
  milestoneReportSchema,
  reportDecisionSchema,
} from "~/models/project-schemas";
import { milestoneOfProject, milestonePhase } from "~/models/projects.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, forbidden, notFound } from "~/utils/http.server";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";
import { readUploadForm } from "~/web/attachments.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "manage.link");

/** Takes files: server.js allows this route 32 MB, and the body is read here, after the access check. */
export const handle = { uploads: true };

// Read: the project's team and staff (404 for anyone else). Write: the team reports; staff approve
// or return (models/project-policy.ts).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { access } = await requireProject(request, params.id ?? "");
  const work = await projectWork(services().db, params.id ?? "");
  if (!work) throw notFound();
  const now = new Date();
  return {
    id: work.project.id,
    title: work.project.title,
    access,
    status: work.project.status,
    durationYears: work.project.duration_years,
    final: {
      status: work.project.final_status,
      comment: work.project.final_comment,
      report: work.project.final_report,
      open: work.milestones.every((m) => m.status === "approved"),
    },
    indicators: work.indicators,
    budgetLines: work.budgetLines.map((l) => ({ item: l.item, amount: l.amount })),
    continuations: work.continuations.map((c) => ({ year: c.year, decision: c.decision, note: c.note })),
    milestones: work.milestones.map((m) => ({
      id: m.id,
      title: m.title,
      dueOn: m.due_on,
      deliverable: m.deliverable,
      status: m.status,
      phase: milestonePhase(m, now),
      reports: work.reports
        .filter((r) => r.milestone_id === m.id)
        .map((r) => ({
          id: r.id,
          body: r.body,
          excerpt: r.public_excerpt,
          spent: r.spent,
          status: r.status,
          comment: r.staff_comment,
          at: r.submitted_at.toISOString(),
          by: r.submitted_by_name ?? "",
          files: work.photos
            .filter((f) => f.report_id === r.id)
            .map((f) => ({
              id: f.id,
              label: f.label,
              isPublic: f.is_public,
              isImage: f.content_type.startsWith("image/"),
              description: f.description ?? "",
            })),
        })),
    })),
  };
}

/** What the person typed, to give it back with an error (files cannot be given back). */
function textFields(form: FormData): [string, string][] {
  return [...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const projectId = params.id ?? "";
  const { user, access } = await requireProject(request, projectId);
  const { db, config } = services();
  const ctx = { publicUrl: config.publicUrl, locale: await getLocale(request), now: new Date() };
  const back = `/projects/${projectId}/manage`;
  // `field` names the input the message belongs to: it is shown at the top and again at that input.
  const fail = (milestoneId: string, message: MessageKey | string, status = 400, field = "") =>
    data({ milestoneId, error: message, field, values: Object.fromEntries(textFields(form)) }, { status });
  let form: FormData;
  try {
    form = await readUploadForm(request);
  } catch {
    return data({ milestoneId: "", error: "validation.file.tooLarge", field: "", values: {} }, { status: 413 });
  }
  const intent = form.get("intent");
  if (intent === "final") {
    if (!can(access, "report")) throw forbidden();
    const work = await projectWork(db, projectId);
    if (!work) throw notFound();
    const parsed = v.safeParse(finalReportSchema, {
      selfEvaluation: form.get("selfEvaluation") ?? undefined,
      spent: work.budgetLines.map((_, i) => form.get(`spent-${i}`) ?? "0"),
    });
    if (!parsed.success) return fail("final", parsed.issues[0].message, 400, issueField(parsed.issues[0]));
    const result = await submitFinalReport(
      db,
      {
        projectId,
        userId: user.id,
        report: {
          outcomes: work.indicators.map((indicator, i) => ({
            indicator: indicator.name,
            target: indicator.target,
            achieved: String(form.get(`achieved-${i}`) ?? "")
              .trim()
              .slice(0, 500),
          })),
          spending: work.budgetLines.map((line, i) => ({
            item: line.item,
            planned: line.amount,
            spent: parsed.output.spent[i],
          })),
          selfEvaluation: parsed.output.selfEvaluation,
        },
      },
      ctx,
    );
    if (!result.ok) return fail("final", result.problem === "milestones_open" ? "final.locked" : "final.notOpen", 409);
    return redirectWithFlash(back, "final.sent");
  }
  if (intent === "acceptFinal" || intent === "returnFinal") {
    if (!can(access, "decide")) throw forbidden();
    const comment = String(form.get("comment") ?? "")
      .trim()
      .slice(0, 2000);
    if (intent === "returnFinal" && !comment) return fail("final", "validation.comment", 400, "comment");
    const done = await decideFinalReport(
      db,
      { projectId, staffId: user.id, accept: intent === "acceptFinal", comment },
      ctx,
    );
    if (!done) return fail("final", "final.notOpen", 409);
    return redirectWithFlash(back, intent === "acceptFinal" ? "final.accepted" : "final.returned");
  }
  if (intent === "adjust") {
    if (!can(access, "decide")) throw forbidden();
    const parsed = v.safeParse(milestoneAdjustSchema, Object.fromEntries(textFields(form)));
    if (!parsed.success)
      return fail(String(form.get("milestoneId") ?? ""), "adjust.validation", 400, issueField(parsed.issues[0]));
    const done = await adjustMilestone(db, { projectId, staffId: user.id, ...parsed.output });
    if (!done) return fail(parsed.output.milestoneId, "adjust.refused", 409);
    return redirectWithFlash(back, "adjust.done");
  }
  if (intent === "continuation") {
    if (!can(access, "decide")) throw forbidden();
    const work = await projectWork(db, projectId);
    if (!work) throw notFound();
    const parsed = v.safeParse(continuationSchema, Object.fromEntries(textFields(form)));
    if (!parsed.success || parsed.output.year > work.project.duration_years)
      return fail("continuation", "continuation.validation");
    await recordContinuation(db, { projectId, staffId: user.id, now: ctx.now, ...parsed.output });
    return redirectWithFlash(back, "continuation.done");
  }
  if (intent === "approve" || intent === "return") {
    if (!can(access, "decide")) throw forbidden();
    const parsed = v.safeParse(reportDecisionSchema, Object.fromEntries(form));
    if (!parsed.success) throw badRequest();
    if (intent === "return" && !parsed.output.comment)
      return fail(String(form.get("milestoneId") ?? ""), "validation.comment", 400, "comment");
    const done = await decideReport(
      db,
      {
        projectId,
        reportId: parsed.output.reportId,
        staffId: user.id,
        approve: intent === "approve",
        comment: parsed.output.comment,
      },
      ctx,
    );
    if (!done) throw notFound();
    return redirectWithFlash(back, intent === "approve" ? "manage.approved" : "manage.returned");
  }
  if (!can(access, "report")) throw forbidden();
  const file = form.get("photo");
  const hasPhoto = file instanceof File && file.size > 0;
  const parsed = v.safeParse(milestoneReportSchema, {
    milestoneId: form.get("milestoneId"),
    body: form.get("body") ?? undefined,
    excerpt: form.get("excerpt") ?? undefined,
    spent: form.get("spent") ?? "0",
    hasPhoto,
    photoDescription: form.get("photoDescription") ?? undefined,
  });
  if (!parsed.success)
    return fail(String(form.get("milestoneId") ?? ""), parsed.issues[0].message, 400, issueField(parsed.issues[0]));
  const milestone = await milestoneOfProject(db, { projectId, milestoneId: parsed.output.milestoneId });
  if (!milestone) throw notFound();
  const bytes = hasPhoto ? new Uint8Array(await (file as File).arrayBuffer()) : null;
  const checked = bytes ? await prepareUpload(bytes, (file as File).name) : null;
  if (checked && !checked.ok) return fail(milestone.id, checked.problem, 400, "photo");
  const result = await submitReport(
    db,
    {
      milestoneId: milestone.id,
      userId: user.id,
      body: parsed.output.body,
      publicExcerpt: parsed.output.excerpt,
      spent: parsed.output.spent,
    },
    ctx,
  );
  if (!result.ok) return fail(milestone.id, "manage.waiting", 409);
  if (checked?.ok) {
    await storeFile(db, {
      ownerType: "report",
      ownerId: result.reportId,
      label: (file as File).name,
      filename: (file as File).name,
      bytes: checked.bytes,
      contentType: checked.contentType,
      uploadedBy: user.id,
      isPublic: form.get("photoPublic") === "on",
      description: parsed.output.photoDescription,
    });
  }
  return redirectWithFlash(back, "manage.sent");
}

export default function ManageProject() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={`/projects/${d.id}`}>{d.title}</Link>
      </p>
      <h1>{t("manage.title", { title: d.title })}</h1>
      {d.final.status === "accepted" ? (
        <p>
          <a href={`/projects/${d.id}/report.pdf`} download>
            {t("manage.reportPdf")}
          </a>
        </p>
      ) : null}
      {actionData?.error && !actionData.milestoneId ? (
        <p className="error-summary" role="alert">
          {translateMessage(t, actionData.error)}
        </p>
      ) : null}
      {d.milestones.map((m) => (
        <MilestoneSection key={m.id} milestone={m} access={d.access} answer={actionData} />
      ))}
      <FinalReportSection
        access={d.access}
        final={d.final}
        indicators={d.indicators}
        budgetLines={d.budgetLines}
        answer={actionData}
      />
      {can(d.access, "decide") && d.durationYears > 1 ? (
        <ContinuationSection durationYears={d.durationYears} continuations={d.continuations} answer={actionData} />
      ) : null}
    </>
  );
}
