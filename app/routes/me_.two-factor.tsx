import { type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { PasswordField, StackForm, TextField } from "~/components/form";
import { EnrolInstructions, RecoveryCodes } from "~/components/two-factor";
import { useLocale, useT } from "~/i18n/react";
import { passwordMatches } from "~/models/account-credentials.server";
import { confirmPasswordSchema, enrolSchema } from "~/models/account-schemas";
import {
  disableTwoFactor,
  enableTwoFactor,
  regenerateRecoveryCodes,
  secondFactorRequired,
  twoFactorStatus,
} from "~/models/two-factor.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, forbidden } from "~/utils/http.server";
import { formatDate } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";
import { keyForTyping, keyQrSvg, keyUri, newTotpKey, sealTotpKey } from "~/utils/totp.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "twoFactor.me.title");

// Read and write: the signed-in person, about their own second factor only. Staff and admin cannot
// switch it off (an admin can, for someone who lost their phone, from /admin/users).
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const { db, secret } = services();
  const status = await twoFactorStatus(db, user.id);
  const required = secondFactorRequired(user.role);
  if (status.enabledAt) {
    return {
      enabledAt: status.enabledAt.toISOString(),
      recoveryCodesLeft: status.recoveryCodesLeft,
      required,
      enrol: null,
    };
  }
  // A new key each time the page is drawn; it is kept only once a code from it is given.
  const key = newTotpKey();
  return {
    enabledAt: null,
    recoveryCodesLeft: 0,
    required,
    enrol: {
      sealedKey: sealTotpKey(key, secret),
      qrSvg: keyQrSvg(keyUri(key, user.email)),
      typedKey: keyForTyping(key),
    },
  };
}

type Intent = "enable" | "renew" | "disable";
type Answer = { intent: Intent; result: SubmissionResult<string[]> | null; codes: string[] | null };
const answer = (value: Answer, status = 200) => data(value, { status });

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  const { db, secret } = services();
  const formData = await request.formData();
  const intent = formData.get("intent");
  const now = new Date();

  if (intent === "enable") {
    const submission = parseSubmission(formData, { schema: enrolSchema });
    if (submission.status !== "success") return answer({ intent, result: submission.reply(), codes: null }, 400);
    const enabled = await enableTwoFactor(db, {
      userId: user.id,
      sealedKey: submission.value.sealedKey,
      code: submission.value.code.replace(/\s/g, ""),
      now,
      siteSecret: secret,
    });
    if (!enabled.ok) {
      const result = submission.reply({ fieldErrors: { code: ["validation.code.wrong"] } });
      return answer({ intent, result, codes: null }, 400);
    }
    return answer({ intent, result: null, codes: enabled.recoveryCodes });
  }
  if (intent === "renew" || intent === "disable") {
    const submission = parseSubmission(formData, { schema: confirmPasswordSchema });
    const hideFields = ["currentPassword"];
    if (submission.status !== "success")
      return answer({ intent, result: submission.reply({ hideFields }), codes: null }, 400);
    if (intent === "disable" && secondFactorRequired(user.role)) throw forbidden();
    if (!(await passwordMatches(db, user.id, submission.value.currentPassword))) {
      const result = submission.reply({ fieldErrors: { currentPassword: ["validation.password.wrong"] }, hideFields });
      return answer({ intent, result, codes: null }, 400);
    }
    if (!(await twoFactorStatus(db, user.id)).enabledAt)
      return redirectWithFlash("/me/two-factor", "twoFactor.me.notOn");
    if (intent === "renew") return answer({ intent, result: null, codes: await regenerateRecoveryCodes(db, user.id) });
    await disableTwoFactor(db, { userId: user.id, actorId: user.id });
    return redirectWithFlash("/me", "twoFactor.me.disabled");
  }
  throw badRequest();
}

function PasswordForm({ intent, last, submit }: { intent: Intent; last: Answer | undefined; submit: string }) {
  const [form, fields] = useForm({
    id: intent,
    lastResult: last?.intent === intent ? last.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: confirmPasswordSchema }),
  });
  return (
    <StackForm form={form} intent={intent} submit={submit}>
      <PasswordField field={fields.currentPassword} label="field.currentPassword" />
    </StackForm>
  );
}

export default function MyTwoFactor() {
  const t = useT();
  const locale = useLocale();
  const page = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "enable",
    lastResult: last?.intent === "enable" ? last.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: enrolSchema }),
  });
  if (last?.codes) {
    return (
      <>
        <h1>{t(last.intent === "enable" ? "twoFactor.enrol.done" : "twoFactor.me.renewed")}</h1>
        <RecoveryCodes codes={last.codes} continueTo="/me" />
      </>
    );
  }
  return (
    <>
      <p>
        <Link to="/me">{t("nav.me")}</Link>
      </p>
      <h1>{t("twoFactor.me.title")}</h1>
      {page.enabledAt ? (
        <>
          <p>{t("twoFactor.me.onSince", { date: formatDate(page.enabledAt, locale) })}</p>
          <p>{t("twoFactor.me.codesLeft", { count: page.recoveryCodesLeft })}</p>
          <h2>{t("twoFactor.me.renew")}</h2>
          <p>{t("twoFactor.me.renewHint")}</p>
          <PasswordForm intent="renew" last={last} submit={t("twoFactor.me.renewSubmit")} />
          <h2>{t("twoFactor.me.disable")}</h2>
          {page.required ? (
            <p>{t("twoFactor.me.requiredForRole")}</p>
          ) : (
            <PasswordForm intent="disable" last={last} submit={t("twoFactor.me.disableSubmit")} />
          )}
        </>
      ) : page.enrol ? (
        <>
          <p>{t("twoFactor.me.offLead")}</p>
          <EnrolInstructions qrSvg={page.enrol.qrSvg} typedKey={page.enrol.typedKey} />
          <StackForm form={form} intent="enable" submit={t("twoFactor.me.enableSubmit")}>
            <input type="hidden" name="sealedKey" value={page.enrol.sealedKey} />
            <TextField
              field={fields.code}
              label="twoFactor.field.code"
              hint="twoFactor.field.code.enrolHint"
              autoComplete="one-time-code"
              required
            />
          </StackForm>
        </>
      ) : null}
    </>
  );
}
