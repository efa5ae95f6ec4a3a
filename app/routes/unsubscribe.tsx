import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/i18n/react";
import { readUnsubscribeToken, unsubscribeAll } from "~/models/subscriptions.server";
import { services } from "~/services.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "unsubscribe.title");

/**
 * Read and write: whoever holds the signed link from a theme e-mail, without signing in. Opening
 * the link is the one click; it only ever removes that person's own subscriptions.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const { db, secret, previousSecrets } = services();
  const userId = token.length < 500 ? readUnsubscribeToken(token, [secret, ...previousSecrets]) : null;
  if (!userId) return { outcome: "invalid" as const };
  return { outcome: (await unsubscribeAll(db, userId)) ? ("done" as const) : ("nothing" as const) };
}

export default function Unsubscribe() {
  const t = useT();
  const { outcome } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("unsubscribe.title")}</h1>
      <p className={outcome === "invalid" ? "error-summary" : "flash"} role="status">
        {t(
          outcome === "done"
            ? "unsubscribe.done"
            : outcome === "nothing"
              ? "unsubscribe.nothing"
              : "unsubscribe.invalid",
        )}
      </p>
      <p>
        <Link to="/me">{t("nav.me")}</Link>
      </p>
    </>
  );
}
