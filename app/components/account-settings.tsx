import { type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { Form, Link } from "@remix-run/react";
import type { GenericSchema } from "valibot";
import { useLocale, useT } from "~/i18n/react";
import { changeEmailSchema, changeNameSchema, changePasswordSchema } from "~/models/account-schemas";
import { ACTIVITY_FIELDS, fieldLabel } from "~/models/reference-data";
import { formatDateTime } from "~/utils/japan-time";
import { EmailField, PasswordField, StackForm, TextField } from "./form";
import { IntentSubmit } from "./plain-form";

/** The e-mails a person asks for on /me: new themes in these activity fields and courses. */
export function SubscriptionsForm({
  subscriptions,
  courses,
}: {
  subscriptions: { fields: string[]; courses: string[] };
  courses: { value: string; ja: string; en: string }[];
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h2 id="subscriptions-heading">{t("me.subscriptions")}</h2>
      <p>{t("me.subscriptions.hint")}</p>
      <Form method="post" aria-labelledby="subscriptions-heading">
        <fieldset className="field checkbox-group">
          <legend>{t("me.subscriptions.fields")}</legend>
          <div className="checkbox-grid">
            {ACTIVITY_FIELDS.map((f) => (
              <label key={f} className="checkbox">
                <input type="checkbox" name="fields" value={f} defaultChecked={subscriptions.fields.includes(f)} />
                {t(fieldLabel(f))}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="field checkbox-group">
          <legend>{t("me.subscriptions.courses")}</legend>
          <div className="checkbox-grid">
            {courses.map((c) => (
              <label key={c.value} className="checkbox">
                <input
                  type="checkbox"
                  name="courses"
                  value={c.value}
                  defaultChecked={subscriptions.courses.includes(c.value)}
                />
                {locale === "ja" ? c.ja : c.en}
              </label>
            ))}
          </div>
        </fieldset>
        <IntentSubmit intent="subscriptions">{t("me.subscriptions.save")}</IntentSubmit>
      </Form>
    </>
  );
}

/** Two-step log-in and the sessions signed in to this account, which the person may end. */
export function SecuritySection({
  twoFactorOn,
  sessions,
}: {
  twoFactorOn: boolean;
  sessions: { id: string; current: boolean; device: string; address: string | null; lastSeenAt: string }[];
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="security-heading" className="stack">
      <h2 id="security-heading">{t("me.security")}</h2>
      <p>
        {t(twoFactorOn ? "me.twoFactor.on" : "me.twoFactor.off")}{" "}
        <Link to="/me/two-factor">{t("me.twoFactor.manage")}</Link>
      </p>
      <h3>{t("me.sessions")}</h3>
      <ul>
        {sessions.map((s) => (
          <li key={s.id}>
            {s.device}
            {s.address ? `（${s.address}）` : ""}　
            {t("me.sessions.lastSeen", { date: formatDateTime(s.lastSeenAt, locale) })}
            {s.current ? <strong>　{t("me.sessions.current")}</strong> : null}
          </li>
        ))}
      </ul>
      <Form method="post" className="actions">
        <IntentSubmit intent="end-other-sessions" look="secondary">
          {t("me.sessions.endOthers")}
        </IntentSubmit>
        <IntentSubmit intent="end-all-sessions" look="secondary">
          {t("me.sessions.endAll")}
        </IntentSubmit>
      </Form>
    </section>
  );
}

type AccountIntent = "name" | "email" | "password";

/** The server's answer to the last form sent on /me: which form, and its Conform result when it was refused. */
export interface AccountAnswer {
  intent: string;
  result?: SubmissionResult<string[]>;
}

function useSectionForm(
  id: AccountIntent,
  schema: GenericSchema,
  answer: AccountAnswer | undefined,
  defaultValue?: Record<string, string>,
) {
  return useForm({
    id,
    defaultValue,
    lastResult: answer?.intent === id ? answer.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema }),
  });
}

/** Changing one's name, e-mail address (confirmed by the new address) and password. */
export function AccountForms({ name, answer }: { name: string; answer?: AccountAnswer }) {
  const t = useT();
  const [nameForm, nameFields] = useSectionForm("name", changeNameSchema, answer, { name });
  const [emailForm, emailFields] = useSectionForm("email", changeEmailSchema, answer);
  const [passwordForm, passwordFields] = useSectionForm("password", changePasswordSchema, answer);
  return (
    <>
      <h2 id="name-heading">{t("me.nameSection")}</h2>
      <StackForm form={nameForm} labelledBy="name-heading" intent="name" submit={t("me.nameSubmit")}>
        <TextField field={nameFields.name} label="field.name" hint="field.name.hint" autoComplete="name" required />
      </StackForm>

      <h2 id="email-heading">{t("me.emailSection")}</h2>
      <p>{t("me.emailHint")}</p>
      <StackForm form={emailForm} labelledBy="email-heading" intent="email" submit={t("me.emailSubmit")}>
        <EmailField field={emailFields.newEmail} label="field.newEmail" hint={null} />
        <PasswordField field={emailFields.currentPassword} label="field.currentPassword" />
      </StackForm>

      <h2 id="password-heading">{t("me.passwordSection")}</h2>
      <p>{t("me.passwordHint")}</p>
      <StackForm form={passwordForm} labelledBy="password-heading" intent="password" submit={t("me.passwordSubmit")}>
        <PasswordField field={passwordFields.currentPassword} label="field.currentPassword" />
        <PasswordField field={passwordFields.newPassword} label="field.newPassword" isNew />
      </StackForm>
    </>
  );
}
