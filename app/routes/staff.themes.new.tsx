import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { ThemeForm } from "~/components/theme-form";
import { useLocale, useT } from "~/i18n/react";
import { newThemeValues } from "~/models/theme-form-values";
import { courses, createTheme } from "~/models/themes.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { pageTitle } from "~/utils/meta";
import { parseThemeForm } from "~/web/theme-submission.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffTheme.newTitle");

// Read and write: staff.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const list = await courses(services().db);
  return { courses: list.map((c) => ({ value: c.id, ja: c.name_ja, en: c.name_en })), defaults: newThemeValues() };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "staff");
  const parsed = parseThemeForm(await request.formData());
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const id = await createTheme(services().db, {
    staffId: user.id,
    values: parsed.values,
    criteria: parsed.criteria,
    now: new Date(),
  });
  return redirectWithFlash(`/staff/themes/${id}`, "staffTheme.created");
}

export default function NewTheme() {
  const t = useT();
  const locale = useLocale();
  const { courses: list, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/staff/themes">{t("staffThemes.title")}</Link>
      </p>
      <h1>{t("staffTheme.newTitle")}</h1>
      <ThemeForm
        lastResult={lastResult}
        defaultValue={defaults}
        courses={list.map((c) => ({ value: c.value, label: locale === "ja" ? c.ja : c.en }))}
        submitLabel={t("staffTheme.save")}
      />
    </>
  );
}
