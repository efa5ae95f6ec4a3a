import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireProposal } from "~/auth/proposal-access.server";
import { sectionLabel } from "~/components/proposal-problems";
import type { MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import { budgetTotals } from "~/models/proposal-rules";
import { kindLabel } from "~/models/reference-data";
import { formatDateTime, formatPlainDate } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "proposal.printTitle");

// Read: the team and staff. A4, black and white: ward staff and association boards print it.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { loaded } = await requireProposal(request, params.id ?? "", "readContent");
  const { proposal, content, partners, rules } = loaded;
  return {
    id: proposal.id,
    theme: proposal.theme_title,
    status: proposal.status,
    receipt: proposal.receipt_number,
    submittedAt: proposal.submitted_at?.toISOString() ?? null,
    content,
    partners: partners
      .filter((p) => p.status === "accepted")
      .map((p) => ({ id: p.organizationId, name: p.name, kind: p.kind })),
    totals: budgetTotals(content.budget, rules),
  };
}

export default function PrintProposal() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const c = d.content;
  const yen = (n: number) => t("theme.amount", { amount: n.toLocaleString("ja-JP") });
  return (
    <article className="print-view">
      <p className="no-print">
        <Link to={`/proposals/${d.id}`}>{t("proposal.back")}</Link>
      </p>
      <h1>{c.basics.title || t("proposal.title")}</h1>
      <p>
        {t("proposal.theme", { title: d.theme })}
        <br />
        {t("proposal.statusLine", { status: t(`proposal.status.${d.status}`) })}
        {d.receipt ? `　${t("proposal.receipt", { receipt: d.receipt })}` : ""}
        {d.submittedAt ? `　${formatDateTime(d.submittedAt, locale)}` : ""}
      </p>
      <h2>{t("proposal.partners")}</h2>
      <ul>
        {d.partners.map((p) => (
          <li key={p.id}>
            {p.name}（{t(kindLabel(p.kind))}）
          </li>
        ))}
      </ul>
      <h2>{t(sectionLabel("basics"))}</h2>
      <p className="message">{c.basics.summary}</p>
      <p>
        {t("proposal.field.contactName")}：{c.basics.contactName}　{c.basics.contactEmail}　{c.basics.contactPhone}
      </p>
      <h2>{t(sectionLabel("problem"))}</h2>
      <p className="message">{c.problem.text}</p>
      <h2>{t(sectionLabel("activities"))}</h2>
      <p className="message">{c.activities.text}</p>
      <h2>{t(sectionLabel("roles"))}</h2>
      <dl>
        {d.partners.map((p) => (
          <div key={p.id}>
            <dt>{p.name}</dt>
            <dd className="message">{c.roles.roles[p.id] ?? ""}</dd>
          </div>
        ))}
      </dl>
      <h2>{t(sectionLabel("outcomes"))}</h2>
      <p className="message">{c.outcomes.text}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("proposal.field.indicatorName")}</th>
            <th scope="col">{t("proposal.field.indicatorTarget")}</th>
          </tr>
        </thead>
        <tbody>
          {c.outcomes.indicators.map((i) => (
            <tr key={i.name}>
              <td>{i.name}</td>
              <td>{i.target}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t(sectionLabel("schedule"))}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("proposal.field.milestoneDate")}</th>
            <th scope="col">{t("proposal.field.milestoneTitle")}</th>
            <th scope="col">{t("proposal.field.milestoneDeliverable")}</th>
          </tr>
        </thead>
        <tbody>
          {c.schedule.milestones.map((m) => (
            <tr key={`${m.date}-${m.title}`}>
              <td>{m.date ? formatPlainDate(m.date, locale) : ""}</td>
              <td>{m.title}</td>
              <td>{m.deliverable}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t(sectionLabel("budget"))}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("proposal.field.item")}</th>
            <th scope="col">{t("proposal.field.category")}</th>
            <th scope="col">{t("proposal.field.amount")}</th>
            <th scope="col">{t("proposal.field.note")}</th>
          </tr>
        </thead>
        <tbody>
          {c.budget.lines.map((l) => (
            <tr key={`${l.item}-${l.amount}-${l.note}`}>
              <td>{l.item}</td>
              <td>{t(`proposal.budget.category.${l.category}` as MessageKey)}</td>
              <td className="amount">{yen(l.amount)}</td>
              <td>{l.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {t("proposal.totals", {
          total: d.totals.total.toLocaleString("ja-JP"),
          requested: d.totals.requested.toLocaleString("ja-JP"),
          own: d.totals.ownFunds.toLocaleString("ja-JP"),
        })}
      </p>
      <h2>{t(sectionLabel("declaration"))}</h2>
      <p>{c.declaration.accepted ? `☑ ${t("proposal.field.accepted")}` : `☐ ${t("proposal.field.accepted")}`}</p>
    </article>
  );
}
