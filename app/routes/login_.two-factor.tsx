import { useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  clearPendingLoginCookie,
  type PendingLogin,
  pendingLoginCookie,
  readPendingLogin,
} from "~/auth/pending-login.server";
import { sessionCookieFor } from "~/auth/session.server";
import { StackForm, TextField } from "~/components/form";
import { EnrolInstructions, RecoveryCodes } from "~/components/two-factor";
import { translator } from "~/i18n";
import { useT } from "~/i18n/react";
import { secondFactorSchema } from "~/models/account-schemas";
import { findUserById } from "~/models/accounts.server";
import { recordSecurityEvent } from "~/models/audit.server";
import { clearLoginFailures, countAttempt, PAIR_ATTEMPT_LIMIT } from "~/models/login-throttle.server";
import { demoCode, enableTwoFactor, verifySecondFactor } from "~/models/two-factor.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";
import { keyForTyping, keyQrSvg, keyUri, newTotpKey, openTotpKey, sealTotpKey } from "~/utils/totp.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "twoFactor.login.title");

async function pendingOrRestart(request: Request, now: Date): Promise<PendingLogin> {
  const pending = await readPendingLogin(request, now);
  if (!pending) throw await redirectWithFlash("/login", "twoFactor.login.expired");
  return pending;
}

// Read and write: whoever gave the right password in the last ten minutes (the signed cookie says
// who); nobody else. No session exists until this page accepts a code.
export async function loader({ request }: LoaderFunctionArgs) {
  const now = new Date();
  const pending = await pendingOrRestart(request, now);
  const { db, secret, demo } = services();
  const user = await findUserById(db, pending.userId);
  if (!user) throw redirect("/login");
  if (pending.stage === "verify") {
    return data({
      stage: "verify" as const,
      enrol: null,
      demoCode: demo ? await demoCode(db, { userId: user.id, now, siteSecret: secret }) : null,
    });
  }
  // Enrolling: the key is made once and kept (sealed) in the cookie until the first code proves it.
  let sealedKey = pending.sealedKey;
  let headers: HeadersInit | undefined;
  if (!sealedKey) {
    sealedKey = sealTotpKey(newTotpKey(), secret);
    headers = { "Set-Cookie": await pendingLoginCookie({ ...pending, sealedKey }, now) };
  }
  const key = openTotpKey(sealedKey, secret);
  if (!key) throw redirect("/login");
  return data(
    {
      stage: "enrol" as const,
      enrol: { qrSvg: keyQrSvg(keyUri(key, user.email)), typedKey: keyForTyping(key) },
      demoCode: null,
    },
    { headers },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const now = new Date();
  const pending = await pendingOrRestart(request, now);
  const submission = parseSubmission(await request.formData(), { schema: secondFactorSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), codes: null }, { status: 400 });
  const { db, secret } = services();
  const user = await findUserById(db, pending.userId);
  if (!user) throw redirect("/login");

  // Five tries in fifteen minutes, then a lock: a six-digit code cannot be guessed through this form.
  const throttleKey = `second-factor:${user.id}`;
  const lockedUntil = await countAttempt(db, throttleKey, PAIR_ATTEMPT_LIMIT, now);
  if (lockedUntil) {
    await recordSecurityEvent(db, "security.second_factor_throttled", user.id, {
      clientAddress: context.clientAddress,
    });
    const t = translator(await getLocale(request));
    const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
    return data(
      { result: submission.reply({ formErrors: [t("login.throttled", { minutes })] }), codes: null },
      { status: 429 },
    );
  }

  const wrong = async () => {
    await recordSecurityEvent(db, "security.second_factor_failed", user.id, { clientAddress: context.clientAddress });
    return data(
      { result: submission.reply({ fieldErrors: { code: ["validation.code.wrong"] } }), codes: null },
      {
        status: 400,
      },
    );
  };
  const signIn = async () => {
    await clearLoginFailures(db, throttleKey);
    const headers = new Headers();
    headers.append("Set-Cookie", await clearPendingLoginCookie());
    headers.append("Set-Cookie", await sessionCookieFor(user.id, request, context.clientAddress));
    return headers;
  };

  if (pending.stage === "enrol") {
    if (!pending.sealedKey) throw redirect("/login/two-factor");
    const enabled = await enableTwoFactor(db, {
      userId: user.id,
      sealedKey: pending.sealedKey,
      code: submission.value.code.replace(/\s/g, ""),
      now,
      siteSecret: secret,
    });
    if (!enabled.ok) return wrong();
    // The recovery codes are shown on this answer only; the session starts with it.
    return data(
      { result: null, codes: { list: enabled.recoveryCodes, continueTo: pending.redirectTo } },
      { headers: await signIn() },
    );
  }
  const verified = await verifySecondFactor(db, {
    userId: user.id,
    code: submission.value.code,
    now,
    siteSecret: secret,
  });
  if (!verified.ok) return wrong();
  const flash = verified.usedRecoveryCode ? "twoFactor.login.recoveryUsed" : "login.done";
  return redirectWithFlash(pending.redirectTo, flash, { headers: await signIn() });
}

export default function TwoFactorLogin() {
  const t = useT();
  const page = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: answer?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: secondFactorSchema }),
  });
  if (answer?.codes) {
    return (
      <>
        <h1>{t("twoFactor.enrol.done")}</h1>
        <RecoveryCodes codes={answer.codes.list} continueTo={answer.codes.continueTo} />
      </>
    );
  }
  return (
    <>
      <h1>{t(page.stage === "enrol" ? "twoFactor.enrol.title" : "twoFactor.login.title")}</h1>
      {page.enrol ? (
        <EnrolInstructions qrSvg={page.enrol.qrSvg} typedKey={page.enrol.typedKey} />
      ) : (
        <p>{t("twoFactor.login.lead")}</p>
      )}
      {page.demoCode ? <p className="notice">{t("twoFactor.login.demoCode", { code: page.demoCode })}</p> : null}
      <StackForm form={form} submit={t(page.stage === "enrol" ? "twoFactor.enrol.submit" : "twoFactor.login.submit")}>
        <TextField
          field={fields.code}
          label="twoFactor.field.code"
          hint={page.stage === "enrol" ? "twoFactor.field.code.enrolHint" : "twoFactor.field.code.hint"}
          autoComplete="one-time-code"
          required
        />
      </StackForm>
      <p>
        <Link to="/login">{t("twoFactor.login.restart")}</Link>
      </p>
    </>
  );
}
