import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireStaffTheme } from "~/auth/theme-access.server";
import { DataTable } from "~/components/data-table";
import { useLocale, useT } from "~/i18n/react";
import { proposalsForTheme } from "~/models/proposal-lists.server";
import { services } from "~/services.server";
import { formatDateTime } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";
import { proposalStatusParam } from "~/web/filters.server";
import { PROPOSAL_STATUSES } from "../../db/schema";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffTheme.proposals");

// Read: staff. No writes.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { theme } = await requireStaffTheme(request, params.id ?? "");
  const { db } = services();
  const status = proposalStatusParam(new URL(request.url));
  const { list, counts } = await proposalsForTheme(db, theme.id, { status });
  return {
    id: theme.id,
    title: theme.title,
    status: status ?? "",
    counts,
    proposals: list.map((p) => ({
      id: p.id,
      title: p.title,
      status: p.status,
      receipt: p.receipt_number,
      requested: p.requested_amount,
      organizations: p.organizations ?? p.lead_name,
      submittedAt: p.submitted_at?.toISOString() ?? null,
    })),
  };
}

export default function StaffProposals() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/staff/themes/${d.id}`}>{d.title}</Link>
      </p>
      <h1>{t("staffProposals.title", { title: d.title })}</h1>
      <h2>{t("staffProposals.counts")}</h2>
      <ul className="tags">
        {PROPOSAL_STATUSES.map((s) => (
          <li key={s}>
            {t(`proposal.status.${s}`)}：{d.counts[s] ?? 0}
          </li>
        ))}
      </ul>
      <Form method="get" className="inline-form">
        <div className="field">
          <label htmlFor="status-filter">{t("staffProposals.status")}</label>
          <select id="status-filter" name="status" defaultValue={d.status}>
            <option value="">{t("staffProposals.all")}</option>
            {PROPOSAL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`proposal.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("filter.submit")}
        </button>
      </Form>
      <p>
        <a href={`/staff/themes/${d.id}/proposals.csv${d.status ? `?status=${d.status}` : ""}`} download>
          {t("staffProposals.csv")}
        </a>
        {"　"}
        <a href={`/staff/themes/${d.id}/proposals.xlsx${d.status ? `?status=${d.status}` : ""}`} download>
          {t("staffProposals.xlsx")}
        </a>
      </p>
      {d.proposals.length === 0 ? (
        <p>{t("staffProposals.none")}</p>
      ) : (
        <DataTable
          columns={[
            t("staffProposals.receipt"),
            t("staffProposals.proposal"),
            t("staffProposals.organizations"),
            t("staffProposals.requested"),
            t("staffProposals.status"),
            t("staffProposals.submittedAt"),
          ]}
        >
          {d.proposals.map((p) => (
            <tr key={p.id}>
              <td>{p.receipt ?? "—"}</td>
              <td>
                <Link to={`/proposals/${p.id}`}>{p.title || t("proposal.title")}</Link>
              </td>
              <td>{p.organizations}</td>
              <td className="amount">{t("theme.amount", { amount: p.requested.toLocaleString("ja-JP") })}</td>
              <td>{t(`proposal.status.${p.status}`)}</td>
              <td>{p.submittedAt ? formatDateTime(p.submittedAt, locale) : "—"}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
