import { useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireVerifiedUser } from "~/auth/session.server";
import { AreaAndFieldChoices } from "~/components/choice-fields";
import { OrganizationChoice, SelectField, StackForm, TextAreaField, TextField } from "~/components/form";
import { useT } from "~/i18n/react";
import { organizationsOfUser } from "~/models/organizations.server";
import { listingSchema } from "~/models/partner-schemas";
import { createListing, themesForListings } from "~/models/partners.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { tokyoToday } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "listing.new.title");

// Read and write: verified members, for one of their own organisations.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireVerifiedUser(request);
  const { db } = services();
  const [organizations, themes] = await Promise.all([
    organizationsOfUser(db, user.id),
    themesForListings(db, new Date()),
  ]);
  const inAMonth = tokyoToday(new Date(Date.now() + 30 * 24 * 3600_000));
  // From a theme's page (「このテーマで連携相手を募集する」): that theme is chosen already.
  const theme = new URL(request.url).searchParams.get("theme") ?? "";
  return {
    organizations: organizations.map((o) => ({ value: o.id, label: o.name })),
    themes: themes.map((th) => ({ value: th.id, label: th.title })),
    defaultEndsOn: inAMonth,
    defaultTheme: themes.some((th) => th.id === theme) ? theme : "",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireVerifiedUser(request);
  const submission = parseSubmission(await request.formData(), { schema: listingSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createListing(services().db, { userId: user.id, values: submission.value, now: new Date() });
  if (!result.ok) return data(submission.reply({ fieldErrors: { [result.field]: [result.message] } }), { status: 400 });
  return redirectWithFlash(`/partners/${result.id}`, "listing.new.done");
}

export default function NewListing() {
  const t = useT();
  const { organizations, themes, defaultEndsOn, defaultTheme } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: {
      endsOn: defaultEndsOn,
      organizationId: organizations.length === 1 ? organizations[0].value : "",
      themeId: defaultTheme,
    },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: listingSchema }),
  });
  if (organizations.length === 0) {
    return (
      <>
        <h1>{t("listing.new.title")}</h1>
        <p className="notice">{t("listing.new.needOrganization")}</p>
        <p>
          <Link to="/organizations/new">{t("org.register")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t("listing.new.title")}</h1>
      <StackForm form={form} submit={t("listing.new.submit")}>
        <OrganizationChoice field={fields.organizationId} label="listing.field.organization" options={organizations} />
        <TextField field={fields.title} label="listing.field.title" hint="listing.field.title.hint" required />
        <SelectField
          field={fields.themeId}
          label="listing.field.theme"
          hint="listing.field.theme.hint"
          options={themes}
          placeholder="listing.field.theme.none"
        />
        <TextAreaField field={fields.offers} label="listing.field.offers" hint="listing.field.offers.hint" required />
        <TextAreaField field={fields.seeks} label="listing.field.seeks" hint="listing.field.seeks.hint" required />
        <AreaAndFieldChoices areas={fields.areas} fields={fields.fields} />
        <TextField
          field={fields.endsOn}
          label="listing.field.endsOn"
          hint="listing.field.endsOn.hint"
          type="date"
          required
        />
      </StackForm>
    </>
  );
}
