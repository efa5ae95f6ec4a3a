import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireUser } from "~/auth/session.server";
import { SubmitButton } from "~/components/form";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";
import { preferencesOf, savePreferences } from "~/models/notice-deliveries.server";
import {
  DELIVERIES,
  type Delivery,
  DIGEST_HOUR,
  NOTICE_GROUPS,
  type NoticeGroup,
} from "~/models/notification-preferences";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "noticeSettings.title");

// Read and write: the signed-in person, their own choices only.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  return { preferences: await preferencesOf(services().db, user.id) };
}

// Every group is on the form with one of its three choices checked: anything else is not our form.
const settingsSchema = v.object(
  Object.fromEntries(NOTICE_GROUPS.map((group) => [group, v.picklist(DELIVERIES)])) as Record<
    NoticeGroup,
    v.PicklistSchema<typeof DELIVERIES, undefined>
  >,
);

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  const parsed = v.safeParse(settingsSchema, Object.fromEntries(await request.formData()));
  if (!parsed.success) throw badRequest();
  await savePreferences(services().db, user.id, parsed.output as Record<NoticeGroup, Delivery>);
  return redirectWithFlash("/notifications/settings", "noticeSettings.saved");
}

export default function NoticeSettings() {
  const t = useT();
  const { preferences } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/notifications">{t("noticeSettings.back")}</Link>
      </p>
      <h1>{t("noticeSettings.title")}</h1>
      <p>{t("noticeSettings.lead", { hour: DIGEST_HOUR })}</p>
      <p className="field-hint">{t("noticeSettings.mustRead")}</p>
      <Form method="post" className="stack">
        {NOTICE_GROUPS.map((group) => (
          <fieldset key={group} className="checkbox-group">
            <legend>{t(`noticeSettings.group.${group}` as MessageKey)}</legend>
            <p className="field-hint">{t(`noticeSettings.groupHint.${group}` as MessageKey)}</p>
            {DELIVERIES.map((delivery) => (
              <label key={delivery} className="checkbox">
                <input type="radio" name={group} value={delivery} defaultChecked={preferences[group] === delivery} />
                {t(`noticeSettings.delivery.${delivery}` as MessageKey)}
              </label>
            ))}
          </fieldset>
        ))}
        <SubmitButton>{t("noticeSettings.save")}</SubmitButton>
      </Form>
    </>
  );
}
