import type { SubmissionResult } from "@conform-to/react";
import { useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { Link } from "@remix-run/react";
import { useT } from "~/i18n/react";
import { requestSchema } from "~/models/partner-schemas";
import { OrganizationChoice, StackForm, TextAreaField } from "./form";

/**
 * Asking an organisation to work together, from its listing or from its own page: who may ask
 * (signed in, address confirmed, a member of another organisation) and the form.
 */
export function PartnershipRequestSection({
  heading,
  lead,
  signedIn,
  verified,
  senders,
  loginPath,
  lastResult,
}: {
  heading: string;
  lead?: string;
  signedIn: boolean;
  verified: boolean;
  senders: { value: string; label: string }[];
  loginPath: string;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const t = useT();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { organizationId: senders.length === 1 ? senders[0].value : "" },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: requestSchema }),
  });
  return (
    <section aria-labelledby="request-heading">
      <h2 id="request-heading">{heading}</h2>
      {lead ? <p>{lead}</p> : null}
      {!signedIn ? (
        <p>
          {t("request.loginFirst")}{" "}
          <Link to={`/login?redirectTo=${encodeURIComponent(loginPath)}`}>{t("nav.login")}</Link>
        </p>
      ) : !verified ? (
        <p className="notice">{t("me.unverified")}</p>
      ) : senders.length === 0 ? (
        <p>
          {t("request.needOrganization")} <Link to="/organizations/new">{t("org.register")}</Link>
        </p>
      ) : (
        <StackForm form={form} submit={t("request.submit")}>
          <OrganizationChoice field={fields.organizationId} label="request.field.organization" options={senders} />
          <TextAreaField
            field={fields.message}
            label="request.field.message"
            hint="request.field.message.hint"
            required
          />
        </StackForm>
      )}
    </section>
  );
}
