import type { SubmissionResult } from "@conform-to/react";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireProject } from "~/auth/project-access.server";
import { ContinuationSection, FinalReportSection } from "~/components/final-report";
import { MilestoneSection, manageAnswer } from "~/components/milestone-report";
import { type MessageKey, translateMessage } from "~/i18n";
import { useT } from "~/i18n/react";
import { prepareUpload, storeFile } from "~/models/files.server";
import { decideFinalReport, submitFinalReport } from "~/models/project-final-report.server";
import { adjustMilestone, recordContinuation } from "~/models/project-oversight.server";
import { can } from "~/models/project-policy";
import { decideReport, projectWork, submitReport } from "~/models/project-reports.server";
import {
  continuationSchema,
  finalDecisionSchema,
  finalReportSchema,
  hasPhoto,
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
import { parseSubmission } from "~/utils/submission.server";
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

export async function action({ request, params }: ActionFunctionArgs) {
  const projectId = params.id ?? "";
  const { user, access } = await requireProject(request, projectId);
  const { db, config } = services();
  const ctx = { publicUrl: config.publicUrl, locale: await getLocale(request), now: new Date() };
  const back = `/projects/${projectId}/manage`;
  let form: FormData;
  try {
    form = await readUploadForm(request);
  } catch {
    return data(manageAnswer({ error: "validation.file.tooLarge" }), { status: 413 });
  }
  // A form's problems go back to that form as Conform's reply (what was typed, each problem at its
  // field); a refusal of the whole step (someone else acted first) to the top of its section.
  const refuse = (section: string, formId: string, result: SubmissionResult<string[]>) =>
    data(manageAnswer({ section, form: formId, result }), { status: 400 });
  const conflict = (section: string, error: MessageKey) => data(manageAnswer({ section, error }), { status: 409 });
  const intent = form.get("intent");
  if (intent === "final") {
    if (!can(access, "report")) throw forbidden();
    const work = await projectWork(db, projectId);
    if (!work) throw notFound();
    const submission = parseSubmission(form, { schema: finalReportSchema });
    if (submission.status !== "success") return refuse("final", "final", submission.reply());
    const { achieved, spent, selfEvaluation } = submission.value;
    const result = await submitFinalReport(
      db,
      {
        projectId,
        userId: user.id,
        report: {
          outcomes: work.indicators.map((indicator, i) => ({
            indicator: indicator.name,
            target: indicator.target,
            achieved: achieved[i] ?? "",
          })),
          spending: work.budgetLines.map((line, i) => ({
            item: line.item,
            planned: line.amount,
            spent: spent[i] ?? 0,
          })),
          selfEvaluation,
        },
      },
      ctx,
    );
    if (!result.ok) return conflict("final", result.problem === "milestones_open" ? "final.locked" : "final.notOpen");
    return redirectWithFlash(back, "final.sent");
  }
  if (intent === "acceptFinal" || intent === "returnFinal") {
    if (!can(access, "decide")) throw forbidden();
    const submission = parseSubmission(form, { schema: finalDecisionSchema });
    if (submission.status !== "success") return refuse("final", "final-decision", submission.reply());
    const accept = submission.value.intent === "acceptFinal";
    const comment = submission.value.comment ?? "";
    const done = await decideFinalReport(db, { projectId, staffId: user.id, accept, comment }, ctx);
    if (!done) return conflict("final", "final.notOpen");
    return redirectWithFlash(back, accept ? "final.accepted" : "final.returned");
  }
  if (intent === "adjust") {
    if (!can(access, "decide")) throw forbidden();
    const submission = parseSubmission(form, { schema: milestoneAdjustSchema });
    const milestoneId = String(form.get("milestoneId") ?? "");
    if (submission.status !== "success") return refuse(milestoneId, `adjust-${milestoneId}`, submission.reply());
    const done = await adjustMilestone(db, { projectId, staffId: user.id, ...submission.value });
    if (!done) return conflict(milestoneId, "adjust.refused");
    return redirectWithFlash(back, "adjust.done");
  }
  if (intent === "continuation") {
    if (!can(access, "decide")) throw forbidden();
    const work = await projectWork(db, projectId);
    if (!work) throw notFound();
    const submission = parseSubmission(form, { schema: continuationSchema(work.project.duration_years) });
    if (submission.status !== "success") return refuse("continuation", "continuation", submission.reply());
    const { year, decision, note } = submission.value;
    await recordContinuation(db, { projectId, staffId: user.id, now: ctx.now, year, decision, note: note ?? "" });
    return redirectWithFlash(back, "continuation.done");
  }
  if (intent === "approve" || intent === "return") {
    if (!can(access, "decide")) throw forbidden();
    const submission = parseSubmission(form, { schema: reportDecisionSchema });
    if (submission.status !== "success") {
      // Ids that are not ids: not a form of this page.
      if (submission.error?.reportId || submission.error?.milestoneId) throw badRequest();
      const milestoneId = String(form.get("milestoneId") ?? "");
      return refuse(milestoneId, `decide-${milestoneId}`, submission.reply());
    }
    const approve = submission.value.intent === "approve";
    const done = await decideReport(
      db,
      {
        projectId,
        reportId: submission.value.reportId,
        staffId: user.id,
        approve,
        comment: submission.value.comment ?? "",
      },
      ctx,
    );
    if (!done) throw notFound();
    return redirectWithFlash(back, approve ? "manage.approved" : "manage.returned");
  }
  if (!can(access, "report")) throw forbidden();
  const submission = parseSubmission(form, { schema: milestoneReportSchema });
  if (submission.status !== "success") {
    const milestoneId = String(form.get("milestoneId") ?? "");
    return refuse(milestoneId, `report-${milestoneId}`, submission.reply());
  }
  const report = submission.value;
  const milestone = await milestoneOfProject(db, { projectId, milestoneId: report.milestoneId });
  if (!milestone) throw notFound();
  const photo = hasPhoto(report.photo) ? report.photo : null;
  const checked = photo ? await prepareUpload(new Uint8Array(await photo.arrayBuffer()), photo.name) : null;
  if (checked && !checked.ok)
    return refuse(
      milestone.id,
      `report-${milestone.id}`,
      submission.reply({ fieldErrors: { photo: [checked.problem] } }),
    );
  const result = await submitReport(
    db,
    {
      milestoneId: milestone.id,
      userId: user.id,
      body: report.body,
      publicExcerpt: report.excerpt ?? "",
      spent: report.spent,
    },
    ctx,
  );
  if (!result.ok) return conflict(milestone.id, "manage.waiting");
  if (photo && checked?.ok) {
    await storeFile(db, {
      ownerType: "report",
      ownerId: result.reportId,
      label: photo.name,
      filename: photo.name,
      bytes: checked.bytes,
      contentType: checked.contentType,
      uploadedBy: user.id,
      isPublic: report.photoPublic === "on",
      description: report.photoDescription ?? "",
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
      {actionData?.error && !actionData.section ? (
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
