import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import * as v from "valibot";
import { getUser } from "~/auth/session.server";
import { LOCALES } from "~/i18n";
import { setPreferredLocale } from "~/models/accounts.server";
import { services } from "~/services.server";
import { safeRedirectPath } from "~/utils/http.server";
import { localeCookie } from "~/utils/locale.server";

const langSchema = v.object({ lang: v.picklist(LOCALES), redirectTo: v.optional(v.string()) });

export function loader() {
  return redirect("/");
}

/** Anyone may switch languages; the choice is remembered in a cookie, and for a signed-in person on the account. */
export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = v.safeParse(langSchema, form);
  if (!parsed.success) return redirect("/");
  const user = await getUser(request);
  if (user) await setPreferredLocale(services().db, user.id, parsed.output.lang);
  return redirect(safeRedirectPath(parsed.output.redirectTo, "/"), {
    headers: { "Set-Cookie": await localeCookie.serialize(parsed.output.lang) },
  });
}
