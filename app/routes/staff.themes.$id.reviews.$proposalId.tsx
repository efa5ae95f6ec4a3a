import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireRole } from "~/auth/session.server";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";
import { oneDecimal } from "~/models/review-rules";
import { proposalReviews } from "~/models/reviews.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffReviews.title");

const uuid = v.pipe(v.string(), v.uuid());

// Read: staff. What each reviewer wrote about one proposal of the theme in the URL (404 for a
// proposal of another theme). No writes.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const themeId = v.safeParse(uuid, params.id);
  const proposalId = v.safeParse(uuid, params.proposalId);
  if (!themeId.success || !proposalId.success) throw notFound();
  const stage = new URL(request.url).searchParams.get("stage") === "2" ? 2 : 1;
  const found = await proposalReviews(services().db, {
    themeId: themeId.output,
    proposalId: proposalId.output,
    stage,
  });
  if (!found) throw notFound();
  return {
    themeId: themeId.output,
    stage,
    proposal: {
      title: found.proposal.title,
      receipt: found.proposal.receipt_number,
      organizations: found.proposal.organizations,
    },
    criteria: found.criteria.map((c) => ({ id: c.id, name: c.name, maxScore: c.maxScore })),
    reviews: found.reviews.map((r) => ({
      ...r,
      total: r.total === null ? null : oneDecimal(r.total),
    })),
    spread: found.spread.map((c) => ({ ...c, spread: Math.round(c.spread * 100) })),
  };
}

export default function ProposalReviews() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/staff/themes/${d.themeId}/review?stage=${d.stage}`}>{t("staffTheme.review")}</Link>
      </p>
      <h1>{t("staffReviews.heading", { title: `${d.proposal.receipt ?? ""} ${d.proposal.title}` })}</h1>
      <p>{d.proposal.organizations}</p>

      <h2>{t("staffReviews.disagree")}</h2>
      <p>{t("staffReviews.disagreeLead")}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("staffReviews.criterion")}</th>
              <th scope="col">{t("staffReviews.lowest")}</th>
              <th scope="col">{t("staffReviews.highest")}</th>
              <th scope="col">{t("staffReviews.spread")}</th>
            </tr>
          </thead>
          <tbody>
            {d.spread.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.name}</th>
                <td>{c.min === null ? "—" : `${c.min} / ${c.maxScore}`}</td>
                <td>{c.max === null ? "—" : `${c.max} / ${c.maxScore}`}</td>
                <td>{t("staffReviews.spreadValue", { percent: c.spread })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t("staffReviews.each")}</h2>
      {d.reviews.map((r) => (
        <section key={r.reviewerId} aria-labelledby={`reviewer-${r.reviewerId}`} className="card stack">
          <h3 id={`reviewer-${r.reviewerId}`}>
            {r.reviewer}（
            {r.excluded
              ? t("staffReviews.excluded")
              : r.status === "submitted"
                ? t("staffReviews.submitted", { total: r.total ?? "—" })
                : r.status === "draft"
                  ? t("staffReviews.draft")
                  : t("staffReviews.none")}
            ）
          </h3>
          {r.status ? (
            <dl>
              {d.criteria.map((c) => (
                <div key={c.id}>
                  <dt>{c.name}</dt>
                  <dd>
                    {r.scores[c.id] === undefined ? "—" : `${r.scores[c.id]} / ${c.maxScore}`}
                    {r.comments[c.id] ? <p className="message">{r.comments[c.id]}</p> : null}
                  </dd>
                </div>
              ))}
              <div>
                <dt>{t("review.overall")}</dt>
                <dd className="message">{r.overall || "—"}</dd>
              </div>
              <div>
                <dt>{t("staffReviews.recommendation")}</dt>
                <dd>{r.recommendation ? t(`review.recommendation.${r.recommendation}` as MessageKey) : "—"}</dd>
              </div>
            </dl>
          ) : null}
        </section>
      ))}
    </>
  );
}
