import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { requireStaffTheme } from "~/auth/theme-access.server";
import { AttachmentUploadForm } from "~/components/attachment-upload";
import { AuditHistory } from "~/components/audit-history";
import { IntentButton, IntentSubmit } from "~/components/plain-form";
import { ThemeForm } from "~/components/theme-form";
import { useLocale, useT } from "~/i18n/react";
import { historyEntries } from "~/models/audit.server";
import { filesOf } from "~/models/files.server";
import { themeFormValues } from "~/models/theme-form-values";
import { themePhase } from "~/models/theme-rules";
import { archiveTheme, courses, publishTheme, updateTheme } from "~/models/themes.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { notFound } from "~/utils/http.server";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";
import { parseThemeForm } from "~/web/theme-submission.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffTheme.editTitle");

// Read and write: staff (and admins).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { theme } = await requireStaffTheme(request, params.id ?? "");
  const { db } = services();
  const [list, files, trail] = await Promise.all([
    courses(db),
    filesOf(db, "theme", theme.id),
    historyEntries(db, "theme", theme.id, 20),
  ]);
  return {
    id: theme.id,
    title: theme.title,
    phase: themePhase(theme, new Date()),
    status: theme.status,
    version: theme.version,
    values: themeFormValues(theme),
    courses: list.map((c) => ({ value: c.id, ja: c.name_ja, en: c.name_en })),
    files: files.map((f) => ({ id: f.id, label: f.label, filename: f.filename, size: f.size })),
    history: trail,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "staff");
  const { db, config, secret } = services();
  const themeId = params.id ?? "";
  const formData = await request.formData();
  const intent = formData.get("intent");
  const now = new Date();
  if (intent === "publish") {
    const result = await publishTheme(
      db,
      { themeId, staffId: user.id },
      { publicUrl: config.publicUrl, locale: await getLocale(request), now, secret },
    );
    return redirectWithFlash(`/staff/themes/${themeId}`, result.ok ? "staffTheme.published" : "staffTheme.saved");
  }
  if (intent === "archive") {
    await archiveTheme(db, { themeId, staffId: user.id, now });
    return redirectWithFlash(`/staff/themes/${themeId}`, "staffTheme.archived");
  }
  const parsed = parseThemeForm(formData);
  if (!parsed.ok) return data({ result: parsed.reply, version: null }, { status: 400 });
  const result = await updateTheme(
    db,
    {
      themeId,
      staffId: user.id,
      values: parsed.values,
      criteria: parsed.criteria,
      expectedVersion: parsed.values.version ?? -1,
      now,
    },
    { publicUrl: config.publicUrl, locale: await getLocale(request), now },
  );
  if (!result.ok && result.problem === "not_found") throw notFound();
  if (!result.ok && result.problem === "stale") {
    // What was typed stays; the next save is based on the version saved meanwhile.
    return data(
      { result: parsed.submission.reply({ formErrors: ["validation.stale"] }), version: result.currentVersion },
      { status: 409 },
    );
  }
  return redirectWithFlash(`/staff/themes/${themeId}`, "staffTheme.saved");
}

export default function StaffTheme() {
  const t = useT();
  const locale = useLocale();
  const theme = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/staff/themes">{t("staffThemes.title")}</Link>
      </p>
      <h1>{theme.title}</h1>
      <p>
        <span className={`phase phase-${theme.phase}`}>
          {t("staffTheme.status", { phase: t(`theme.phase.${theme.phase}`) })}
        </span>
      </p>
      <div className="actions">
        <Link to={`/themes/${theme.id}`}>{t("theme.preview")}</Link>
        <Link to={`/staff/themes/${theme.id}/questions`}>{t("staffTheme.questions")}</Link>
        <Link to={`/staff/themes/${theme.id}/proposals`}>{t("staffTheme.proposals")}</Link>
        <Link to={`/staff/themes/${theme.id}/review`}>{t("staffTheme.review")}</Link>
        {theme.status === "draft" ? <IntentButton intent="publish">{t("staffTheme.publish")}</IntentButton> : null}
        {theme.status !== "archived" && theme.status !== "draft" ? (
          <IntentButton intent="archive" look="secondary">
            {t("staffTheme.archive")}
          </IntentButton>
        ) : null}
      </div>
      {theme.status !== "draft" ? <p className="notice">{t("staffTheme.publishedEditNote")}</p> : null}

      <section aria-labelledby="attachments-heading">
        <h2 id="attachments-heading">{t("staffTheme.attachments")}</h2>
        <p className="field-hint">{t("staffTheme.attachments.hint")}</p>
        <ul>
          {theme.files.map((f) => (
            <li key={f.id}>
              <a href={`/files/${f.id}`}>{f.label}</a>（{f.filename}）
              <Form method="post" action={`/staff/themes/${theme.id}/attachments`} className="inline-form">
                <input type="hidden" name="fileId" value={f.id} />
                <IntentSubmit intent="delete" look="link">
                  {t("staffTheme.attachment.delete")}
                </IntentSubmit>
              </Form>
            </li>
          ))}
        </ul>
        <AttachmentUploadForm action={`/staff/themes/${theme.id}/attachments`} />
      </section>

      <h2>{t("staffTheme.editTitle")}</h2>
      <ThemeForm
        lastResult={actionData?.result}
        defaultValue={theme.values}
        version={actionData?.version ?? theme.version}
        courses={theme.courses.map((c) => ({ value: c.value, label: locale === "ja" ? c.ja : c.en }))}
        submitLabel={t("staffTheme.save")}
      />

      <h2>{t("staffTheme.audit")}</h2>
      <AuditHistory entries={theme.history} />
    </>
  );
}
