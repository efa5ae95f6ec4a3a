import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { endSession } from "~/auth/session.server";
import { useT } from "~/i18n/react";
import { redirectWithFlash } from "~/utils/flash.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "logout.title");

// Read and write: anyone (logging out without a session changes nothing).
export async function action({ request }: ActionFunctionArgs) {
  return redirectWithFlash("/", "logout.done", { headers: { "Set-Cookie": await endSession(request) } });
}

/** Logging out is a POST; this page serves a bookmarked or typed /logout. */
export default function Logout() {
  const t = useT();
  return (
    <>
      <h1>{t("logout.title")}</h1>
      <p>{t("logout.confirm")}</p>
      <Form method="post">
        <button type="submit" className="button">
          {t("logout.submit")}
        </button>
      </Form>
    </>
  );
}
