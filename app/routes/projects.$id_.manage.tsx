import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { hasRole, requireUser } from "~/auth/session.server";
import { type MessageKey, translateMessage } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import { prepareUpload, storeFile } from "~/models/files.server";
import {
  adjustMilestone,
  decideFinalReport,
  decideReport,
  projectAccess,
  projectWork,
  recordContinuation,
  submitFinalReport,
  submitReport,
} from "~/models/project-reports.server";
import { milestonePhase } from "~/models/projects.server";
import { yenAmount } from "~/models/yen-amount";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, forbidden, notFound } from "~/utils/http.server";
import { formatDateTime, formatPlainDate } from "~/utils/japan-time";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";
import { readUploadForm } from "~/web/attachments.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "manage.link");

/** Takes files: server.js allows this route 32 MB, and the body is read here, after the access check. */
export const handle = { uploads: true };

// Read: the project's team and staff (404 for anyone else). Write: the team reports; staff approve
// or return.
async function requireProject(request: Request, projectId: string) {
  const { user } = await requireUser(request);
  const access = await projectAccess(services().db, projectId, { id: user.id, isStaff: hasRole(user, "staff") });
  if (!access) throw notFound();
  return { user, access };
}

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
            .map((f) => ({ id: f.id, label: f.label, isPublic: f.is_public })),
        })),
    })),
  };
}

const reportSchema = v.object({
  milestoneId: v.pipe(v.string(), v.uuid()),
  body: v.pipe(
    v.string("validation.report"),
    v.trim(),
    v.nonEmpty("validation.report"),
    v.maxLength(4000, "validation.report"),
  ),
  excerpt: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(1000)), ""),
  spent: yenAmount("proposal.validation.amount", { emptyIsZero: true }),
});

const amount = yenAmount("proposal.validation.amount", { emptyIsZero: true });

const finalSchema = v.object({
  selfEvaluation: v.pipe(
    v.string("final.validation.selfEvaluation"),
    v.trim(),
    v.nonEmpty("final.validation.selfEvaluation"),
    v.maxLength(4000, "final.validation.selfEvaluation"),
  ),
  spent: v.array(amount),
});

const adjustSchema = v.object({
  milestoneId: v.pipe(v.string(), v.uuid()),
  title: v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(200)),
  dueOn: v.pipe(v.string(), v.isoDate()),
});

const continuationSchema = v.object({
  year: v.pipe(v.string(), v.regex(/^\d{1,2}$/), v.transform(Number), v.minValue(2)),
  decision: v.picklist(["continue", "stop"]),
  note: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000)), ""),
});

/** The form input a valibot issue is about: "body", or "spent-0" for the first budget line. */
function fieldOf(issue: v.BaseIssue<unknown>): string {
  return (v.getDotPath(issue) ?? "").replace(".", "-");
}

/** What the person typed, to give it back with an error (files cannot be given back). */
function textFields(form: FormData): [string, string][] {
  return [...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string");
}

const decisionSchema = v.object({
  reportId: v.pipe(v.string(), v.uuid()),
  comment: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000)), ""),
});

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
    if (access !== "team") throw forbidden();
    const work = await projectWork(db, projectId);
    if (!work) throw notFound();
    const parsed = v.safeParse(finalSchema, {
      selfEvaluation: form.get("selfEvaluation") ?? undefined,
      spent: work.budgetLines.map((_, i) => form.get(`spent-${i}`) ?? "0"),
    });
    if (!parsed.success) return fail("final", parsed.issues[0].message, 400, fieldOf(parsed.issues[0]));
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
    if (access !== "staff") throw forbidden();
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
    if (access !== "staff") throw forbidden();
    const parsed = v.safeParse(adjustSchema, Object.fromEntries(textFields(form)));
    if (!parsed.success)
      return fail(String(form.get("milestoneId") ?? ""), "adjust.validation", 400, fieldOf(parsed.issues[0]));
    const done = await adjustMilestone(db, { projectId, staffId: user.id, ...parsed.output });
    if (!done) return fail(parsed.output.milestoneId, "adjust.refused", 409);
    return redirectWithFlash(back, "adjust.done");
  }
  if (intent === "continuation") {
    if (access !== "staff") throw forbidden();
    const work = await projectWork(db, projectId);
    if (!work) throw notFound();
    const parsed = v.safeParse(continuationSchema, Object.fromEntries(textFields(form)));
    if (!parsed.success || parsed.output.year > work.project.duration_years)
      return fail("continuation", "continuation.validation");
    await recordContinuation(db, { projectId, staffId: user.id, now: ctx.now, ...parsed.output });
    return redirectWithFlash(back, "continuation.done");
  }
  if (intent === "approve" || intent === "return") {
    if (access !== "staff") throw forbidden();
    const parsed = v.safeParse(decisionSchema, Object.fromEntries(form));
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
  if (access !== "team") throw forbidden();
  const parsed = v.safeParse(reportSchema, {
    milestoneId: form.get("milestoneId"),
    body: form.get("body") ?? undefined,
    excerpt: form.get("excerpt") ?? undefined,
    spent: form.get("spent") ?? "0",
  });
  if (!parsed.success)
    return fail(String(form.get("milestoneId") ?? ""), parsed.issues[0].message, 400, fieldOf(parsed.issues[0]));
  // The milestone must belong to this project.
  const milestone = await db
    .selectFrom("milestones")
    .select("id")
    .where("id", "=", parsed.output.milestoneId)
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  if (!milestone) throw notFound();
  const file = form.get("photo");
  const bytes = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
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
    });
    if (form.get("photoPublic") === "on") {
      await db
        .updateTable("files")
        .set({ is_public: true })
        .where("owner_type", "=", "report")
        .where("owner_id", "=", result.reportId)
        .execute();
    }
  }
  return redirectWithFlash(back, "manage.sent");
}

export default function ManageProject() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={`/projects/${d.id}`}>{d.title}</Link>
      </p>
      <h1>{t("manage.title", { title: d.title })}</h1>
      {actionData?.error && !actionData.milestoneId ? (
        <p className="error-summary" role="alert">
          {translateMessage(t, actionData.error)}
        </p>
      ) : null}
      {d.milestones.map((m) => {
        const pending = m.reports.find((r) => r.status === "submitted");
        const error = actionData?.milestoneId === m.id ? actionData.error : null;
        const typed: Record<string, string> = actionData?.milestoneId === m.id ? actionData.values : {};
        const at = (field: string) => (actionData?.milestoneId === m.id && actionData.field === field ? error : null);
        return (
          <section key={m.id} className="card" aria-labelledby={`milestone-${m.id}`}>
            <h2 id={`milestone-${m.id}`}>{m.title}</h2>
            <p>
              {t("project.milestone.due")}：{formatPlainDate(m.dueOn, locale)}・
              <strong>{t(`milestone.phase.${m.phase}`)}</strong>
            </p>
            {m.deliverable ? <p className="field-hint">{m.deliverable}</p> : null}
            {error ? (
              <p className="error-summary" role="alert">
                {translateMessage(t, error)}
              </p>
            ) : null}
            {m.reports.length ? (
              <>
                <h3>{t("manage.history")}</h3>
                <ol>
                  {m.reports.map((r) => (
                    <li key={r.id} className="message">
                      <p className="message-meta">
                        {formatDateTime(r.at, locale)}・{r.by}・{t(`manage.reportStatus.${r.status}`)}・
                        {t("manage.spentValue", { amount: r.spent.toLocaleString("ja-JP") })}
                      </p>
                      {r.body}
                      {r.comment ? <p>{t("manage.staffComment", { comment: r.comment })}</p> : null}
                      {r.files.map((f) => (
                        <p key={f.id}>
                          <a href={`/files/${f.id}`}>{f.label}</a>
                        </p>
                      ))}
                    </li>
                  ))}
                </ol>
              </>
            ) : null}
            {d.access === "staff" && pending ? (
              <Form method="post" className="stack">
                <input type="hidden" name="reportId" value={pending.id} />
                <input type="hidden" name="milestoneId" value={m.id} />
                <div className="field">
                  <label htmlFor={`comment-${m.id}`}>{t("manage.comment")}</label>
                  <FieldError id={`comment-${m.id}-error`} error={at("comment")} />
                  <textarea
                    id={`comment-${m.id}`}
                    name="comment"
                    rows={3}
                    defaultValue={typed.comment}
                    {...invalid(`comment-${m.id}-error`, at("comment"))}
                  />
                </div>
                <div className="actions">
                  <button type="submit" name="intent" value="approve" className="button">
                    {t("manage.approve")}
                  </button>
                  <button type="submit" name="intent" value="return" className="button button-secondary">
                    {t("manage.return")}
                  </button>
                </div>
              </Form>
            ) : null}
            {d.access === "team" && (m.status === "planned" || m.status === "returned") ? (
              <Form method="post" encType="multipart/form-data" className="stack">
                <h3>{t("manage.report")}</h3>
                <input type="hidden" name="milestoneId" value={m.id} />
                <div className="field">
                  <label htmlFor={`body-${m.id}`}>
                    {t("manage.body")} <span className="field-badge">{t("form.required")}</span>
                  </label>
                  <p className="field-hint" id={`body-${m.id}-hint`}>
                    {t("manage.body.hint")}
                  </p>
                  <FieldError id={`body-${m.id}-error`} error={at("body")} />
                  <textarea
                    id={`body-${m.id}`}
                    name="body"
                    rows={6}
                    aria-describedby={`body-${m.id}-hint${at("body") ? ` body-${m.id}-error` : ""}`}
                    aria-invalid={at("body") ? true : undefined}
                    defaultValue={typed.body}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`excerpt-${m.id}`}>{t("manage.excerpt")}</label>
                  <p className="field-hint" id={`excerpt-${m.id}-hint`}>
                    {t("manage.excerpt.hint")}
                  </p>
                  <textarea
                    id={`excerpt-${m.id}`}
                    name="excerpt"
                    rows={3}
                    aria-describedby={`excerpt-${m.id}-hint`}
                    defaultValue={typed.excerpt}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`spent-${m.id}`}>{t("manage.spent")}</label>
                  <FieldError id={`spent-${m.id}-error`} error={at("spent")} />
                  <input
                    id={`spent-${m.id}`}
                    type="text"
                    inputMode="numeric"
                    name="spent"
                    defaultValue={typed.spent}
                    {...invalid(`spent-${m.id}-error`, at("spent"))}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`photo-${m.id}`}>{t("manage.photo")}</label>
                  <FieldError id={`photo-${m.id}-error`} error={at("photo")} />
                  <input
                    id={`photo-${m.id}`}
                    type="file"
                    name="photo"
                    accept=".jpg,.jpeg,.png,.pdf"
                    {...invalid(`photo-${m.id}-error`, at("photo"))}
                  />
                </div>
                <label className="checkbox" htmlFor={`public-${m.id}`}>
                  <input id={`public-${m.id}`} type="checkbox" name="photoPublic" value="on" />
                  {t("manage.photoPublic")}
                </label>
                <button type="submit" className="button">
                  {t("manage.submit")}
                </button>
              </Form>
            ) : null}
            {d.access === "team" && m.status === "submitted" ? <p className="notice">{t("manage.waiting")}</p> : null}
            {d.access === "staff" && m.status === "planned" ? (
              <details>
                <summary>{t("adjust.title")}</summary>
                <Form method="post" className="stack">
                  <input type="hidden" name="milestoneId" value={m.id} />
                  <div className="field">
                    <label htmlFor={`adjust-title-${m.id}`}>{t("adjust.milestoneTitle")}</label>
                    <input id={`adjust-title-${m.id}`} name="title" defaultValue={typed.title ?? m.title} required />
                  </div>
                  <div className="field">
                    <label htmlFor={`adjust-due-${m.id}`}>{t("adjust.dueOn")}</label>
                    <input
                      id={`adjust-due-${m.id}`}
                      type="date"
                      name="dueOn"
                      defaultValue={typed.dueOn ?? m.dueOn}
                      required
                    />
                  </div>
                  <button type="submit" name="intent" value="adjust" className="button button-secondary">
                    {t("adjust.submit")}
                  </button>
                </Form>
              </details>
            ) : null}
          </section>
        );
      })}
      <FinalReportSection />
      {d.access === "staff" && d.durationYears > 1 ? <ContinuationSection /> : null}
    </>
  );
}

function FinalReportSection() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData?.milestoneId === "final" ? actionData.error : null;
  const typed: Record<string, string> = actionData?.milestoneId === "final" ? actionData.values : {};
  const at = (field: string) => (actionData?.milestoneId === "final" && actionData.field === field ? error : null);
  const report = d.final.report;
  const canSend = d.access === "team" && d.final.open && (d.final.status === "none" || d.final.status === "returned");
  return (
    <section className="card" aria-labelledby="final-report">
      <h2 id="final-report">{t("final.title")}</h2>
      <p>{t("final.statusLabel", { status: t(`final.status.${d.final.status}`) })}</p>
      {error ? (
        <p className="error-summary" role="alert">
          {translateMessage(t, error)}
        </p>
      ) : null}
      {d.final.comment ? <p>{t("manage.staffComment", { comment: d.final.comment })}</p> : null}
      {report ? (
        <dl>
          {report.outcomes.map((o) => (
            <div key={o.indicator}>
              <dt>{t("final.achieved", { indicator: o.indicator, target: o.target })}</dt>
              <dd>{o.achieved}</dd>
            </div>
          ))}
          {report.spending.map((s) => (
            <div key={s.item}>
              <dt>{t("final.spent", { item: s.item, planned: s.planned.toLocaleString("ja-JP") })}</dt>
              <dd>{s.spent.toLocaleString("ja-JP")}</dd>
            </div>
          ))}
          <div>
            <dt>{t("final.selfEvaluation")}</dt>
            <dd>{report.selfEvaluation}</dd>
          </div>
        </dl>
      ) : null}
      {d.access === "team" && !d.final.open ? <p className="field-hint">{t("final.locked")}</p> : null}
      {canSend ? (
        <Form method="post" className="stack">
          <p className="field-hint">{t("final.intro")}</p>
          {d.indicators.map((indicator, i) => (
            <div className="field" key={indicator.name}>
              <label htmlFor={`achieved-${i}`}>
                {t("final.achieved", { indicator: indicator.name, target: indicator.target })}
              </label>
              <input
                id={`achieved-${i}`}
                name={`achieved-${i}`}
                defaultValue={typed[`achieved-${i}`] ?? report?.outcomes[i]?.achieved}
              />
            </div>
          ))}
          {d.budgetLines.map((line, i) => (
            <div className="field" key={line.item}>
              <label htmlFor={`spent-final-${i}`}>
                {t("final.spent", { item: line.item, planned: line.amount.toLocaleString("ja-JP") })}
              </label>
              <FieldError id={`spent-final-${i}-error`} error={at(`spent-${i}`)} />
              <input
                id={`spent-final-${i}`}
                name={`spent-${i}`}
                {...invalid(`spent-final-${i}-error`, at(`spent-${i}`))}
                inputMode="numeric"
                defaultValue={typed[`spent-${i}`] ?? report?.spending[i]?.spent}
              />
            </div>
          ))}
          <div className="field">
            <label htmlFor="selfEvaluation">
              {t("final.selfEvaluation")} <span className="field-badge">{t("form.required")}</span>
            </label>
            <FieldError id="selfEvaluation-error" error={at("selfEvaluation")} />
            <textarea
              id="selfEvaluation"
              name="selfEvaluation"
              {...invalid("selfEvaluation-error", at("selfEvaluation"))}
              rows={6}
              defaultValue={typed.selfEvaluation ?? report?.selfEvaluation}
            />
          </div>
          <button type="submit" name="intent" value="final" className="button">
            {t("final.submit")}
          </button>
        </Form>
      ) : null}
      {d.access === "staff" && d.final.status === "submitted" ? (
        <Form method="post" className="stack">
          <div className="field">
            <label htmlFor="final-comment">{t("manage.comment")}</label>
            <FieldError id="final-comment-error" error={at("comment")} />
            <textarea
              id="final-comment"
              name="comment"
              rows={3}
              defaultValue={typed.comment}
              {...invalid("final-comment-error", at("comment"))}
            />
          </div>
          <div className="actions">
            <button type="submit" name="intent" value="acceptFinal" className="button">
              {t("final.accept")}
            </button>
            <button type="submit" name="intent" value="returnFinal" className="button button-secondary">
              {t("final.return")}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}

function ContinuationSection() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData?.milestoneId === "continuation" ? actionData.error : null;
  const years = Array.from({ length: d.durationYears - 1 }, (_, i) => i + 2);
  return (
    <section className="card" aria-labelledby="continuation">
      <h2 id="continuation">{t("continuation.title")}</h2>
      {error ? (
        <p className="error-summary" role="alert">
          {translateMessage(t, error)}
        </p>
      ) : null}
      {d.continuations.length ? (
        <ul>
          {d.continuations.map((c) => (
            <li key={c.year}>
              {t("continuation.row", { year: c.year, decision: t(`continuation.${c.decision}`), note: c.note })}
            </li>
          ))}
        </ul>
      ) : null}
      <Form method="post" className="stack">
        <div className="field">
          <label htmlFor="continuation-year">{t("continuation.year")}</label>
          <select id="continuation-year" name="year">
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend>{t("continuation.decision")}</legend>
          <label className="checkbox">
            <input type="radio" name="decision" value="continue" defaultChecked />
            {t("continuation.continue")}
          </label>
          <label className="checkbox">
            <input type="radio" name="decision" value="stop" />
            {t("continuation.stop")}
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor="continuation-note">{t("continuation.note")}</label>
          <textarea id="continuation-note" name="note" rows={3} />
        </div>
        <button type="submit" name="intent" value="continuation" className="button button-secondary">
          {t("continuation.submit")}
        </button>
      </Form>
    </section>
  );
}

/** The message repeated at the input it is about (the summary at the top of the section says it first). */
function FieldError({ id, error }: { id: string; error: string | null }) {
  const t = useT();
  if (!error) return null;
  return (
    <p className="field-error" id={id}>
      <span aria-hidden="true">⚠ </span>
      {translateMessage(t, error)}
    </p>
  );
}

function invalid(errorId: string, error: string | null) {
  return error ? { "aria-invalid": true, "aria-describedby": errorId } : {};
}
