import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { getUser } from "~/auth/session.server";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";
import { confirmEmail } from "~/models/accounts.server";
import { checkEmailToken } from "~/models/email-tokens.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "verify.title");

const tokenSchema = v.pipe(v.string(), v.nonEmpty(), v.maxLength(200));

const problemMessages: Record<string, MessageKey> = {
  invalid: "token.invalid",
  expired: "token.expired",
  used: "token.used",
  email_taken: "validation.email.taken",
};

// Read and write: whoever holds the e-mailed link. The GET only shows a button: mail scanners that
// open links must not use up the one-time token.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = v.safeParse(tokenSchema, new URL(request.url).searchParams.get("token"));
  if (!token.success) return { token: null, problem: problemMessages.invalid };
  const problem = await checkEmailToken(services().db, {
    token: token.output,
    purposes: ["verify_email", "change_email"],
    now: new Date(),
  });
  return { token: token.output, problem: problem ? problemMessages[problem] : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const token = v.safeParse(tokenSchema, (await request.formData()).get("token"));
  if (!token.success) return data({ problem: problemMessages.invalid }, { status: 400 });
  const result = await confirmEmail(services().db, token.output, new Date());
  if (!result.ok) return data({ problem: problemMessages[result.problem] }, { status: 400 });
  const signedIn = (await getUser(request)) !== null;
  const message = result.kind === "changed" ? "verify.emailChanged" : signedIn ? "verify.done" : "verify.doneLogIn";
  return redirectWithFlash(signedIn ? "/me" : "/login", message);
}

export default function VerifyEmail() {
  const t = useT();
  const { token, problem } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const shownProblem = actionData?.problem ?? problem;
  return (
    <>
      <h1>{t("verify.title")}</h1>
      {shownProblem ? (
        <p className="error-summary" role="alert">
          {t(shownProblem)}
        </p>
      ) : (
        <>
          <p>{t("verify.lead")}</p>
          <Form method="post">
            <input type="hidden" name="token" value={token ?? ""} />
            <button type="submit" className="button">
              {t("verify.submit")}
            </button>
          </Form>
        </>
      )}
    </>
  );
}
