import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { useT } from "~/i18n/react";
import { staffWorklist } from "~/models/staff-worklist.server";
import { services } from "~/services.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffHome.title");

const DAY = 24 * 3600_000;

// Read: staff. No writes. What is waiting for the ward, each count linking to where it is dealt with.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const now = new Date();
  const items = await staffWorklist(services().db, now);
  return {
    items: items.map((item) => ({
      kind: item.kind,
      count: item.count,
      link: item.link,
      // Whole days the oldest has waited: what staff weigh when they choose what to do first.
      waitedDays: item.oldest ? Math.floor((now.getTime() - item.oldest.getTime()) / DAY) : null,
    })),
  };
}

export default function StaffHome() {
  const t = useT();
  const { items } = useLoaderData<typeof loader>();
  const waiting = items.filter((i) => i.count > 0);
  return (
    <>
      <h1>{t("staffHome.title")}</h1>
      <p className="lead">{waiting.length ? t("staffHome.lead") : t("staffHome.nothing")}</p>
      <ul className="card-list worklist">
        {items.map((item) => (
          <li key={item.kind} className={item.count > 0 ? "card" : "card card-quiet"}>
            <h2>
              {item.count > 0 ? (
                <Link to={item.link}>{t(`staffHome.${item.kind}`, { count: item.count })}</Link>
              ) : (
                t(`staffHome.${item.kind}.none`)
              )}
            </h2>
            {item.count > 0 && item.waitedDays !== null ? (
              <p>
                {item.waitedDays > 0 ? t("staffHome.oldest", { days: item.waitedDays }) : t("staffHome.oldestToday")}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      <p>
        <Link to="/staff/stats">{t("staffHome.stats")}</Link>
      </p>
    </>
  );
}
