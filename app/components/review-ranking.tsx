import { Form, Link } from "@remix-run/react";
import { useT } from "~/i18n/react";
import { kindLabel } from "~/models/reference-data";
import type { RankingWarning } from "~/models/review-rules";
import { DataTable } from "./data-table";
import { Pagination } from "./pagination";
import { IntentSubmit } from "./plain-form";

export interface RankingRow {
  rank: number;
  id: string;
  title: string;
  receipt: string | null;
  advanced: boolean;
  namesFlagged: boolean;
  organizations: string | null;
  mean: string;
  sd: string;
  min: string;
  max: string;
  count: number;
  due: number;
  disagreement: boolean;
  decision: { decision: "funded" | "not_funded"; amount: number } | null;
}

/**
 * One page of a round's ranking on staff's review page, with its warnings, the orders it can be
 * sorted in, and on each proposal the link to read and decide it; where the theme asks for it,
 * the forms that move a proposal to the second round or mark names found in its text.
 */
export function RankingSection({
  theme,
  stage,
  sort,
  warnings,
  rows,
  ranked,
  page,
  pages,
}: {
  theme: { id: string; released: boolean; twoStages: boolean; hideNames: boolean; minReviewers: number };
  stage: 1 | 2;
  sort: string;
  warnings: RankingWarning[];
  rows: RankingRow[];
  ranked: number;
  page: number;
  pages: number;
}) {
  const t = useT();
  const sortLink = (by: string, label: string) => (
    <Link to={`?stage=${stage}&sort=${by}`} aria-current={sort === by ? "true" : undefined}>
      {label}
    </Link>
  );
  return (
    <>
      <h2>
        {t("staffReview.ranking")}
        {theme.twoStages ? `（${t(`review.stage.${stage}`)}）` : ""}
      </h2>
      {theme.twoStages ? (
        <nav className="actions" aria-label={t("staffTheme.field.reviewStages")}>
          <Link to="?stage=1" aria-current={stage === 1 ? "page" : undefined}>
            {t("review.stage.1")}
          </Link>
          <Link to="?stage=2" aria-current={stage === 2 ? "page" : undefined}>
            {t("review.stage.2")}
          </Link>
        </nav>
      ) : null}
      <p>
        <a href={`/staff/themes/${theme.id}/ranking.csv?stage=${stage}`} download>
          {t("staffReview.csv")}
        </a>
        {"　"}
        <a href={`/staff/themes/${theme.id}/ranking.xlsx?stage=${stage}`} download>
          {t("staffReview.xlsx")}
        </a>
        {"　"}
        <a href={`/staff/themes/${theme.id}/results.pdf?stage=${stage}`} download>
          {t("staffReview.resultsPdf")}
        </a>
      </p>
      {warnings.map((w) => (
        <p key={w.key} className="warning" role="status">
          ⚠{" "}
          {t(
            w.key,
            w.key === "staffReview.warnReserved"
              ? { ...w.params, kind: t(kindLabel(String(w.params.kind))) }
              : w.params,
          )}
        </p>
      ))}
      <DataTable
        columns={[
          t("staffReview.rank"),
          sortLink("receipt", t("staffProposals.receipt")),
          t("staffProposals.proposal"),
          sortLink("mean", t("staffReview.mean")),
          sortLink("sd", t("staffReview.sd")),
          `${t("staffReview.min")}〜${t("staffReview.max")}`,
          sortLink("count", t("staffReview.count")),
          t("staffReview.decision"),
        ]}
      >
        {rows.map((p) => (
          <tr key={p.id}>
            <td>{p.rank}</td>
            <td>{p.receipt}</td>
            <td>
              <Link to={`/proposals/${p.id}`}>{p.title}</Link>
              <br />
              {p.organizations}
              {p.disagreement ? <p className="field-error">⚠ {t("staffReview.disagreement")}</p> : null}
              {p.due === 0 ? (
                <p className="field-error">⚠ {t("staffReview.noEligible")}</p>
              ) : p.due < theme.minReviewers ? (
                <p className="field-error">
                  ⚠ {t("staffReview.fewEligible", { count: p.due, wanted: theme.minReviewers })}
                </p>
              ) : null}
              {theme.hideNames && !theme.released ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="proposalId" value={p.id} />
                  <input type="hidden" name="flagged" value={p.namesFlagged ? "0" : "1"} />
                  {p.namesFlagged ? <strong>⚠ {t("staffReview.namesFlagged")}</strong> : null}
                  <IntentSubmit intent="flag-names" look="link">
                    {p.namesFlagged ? t("staffReview.unflagNames") : t("staffReview.flagNames")}
                  </IntentSubmit>
                </Form>
              ) : null}
              {theme.released && p.decision ? (
                <>
                  <a href={`/proposals/${p.id}/notice.pdf`} download>
                    {t("staffReview.noticePdf", { title: p.receipt ?? p.title })}
                  </a>
                  <br />
                </>
              ) : null}
              <Link to={`/staff/themes/${theme.id}/reviews/${p.id}?stage=${stage}`}>
                {t(theme.released ? "staffReview.eachReviewer" : "staffReview.readAndDecide", {
                  title: p.receipt ?? p.title,
                })}
              </Link>
              {theme.twoStages && stage === 1 && !theme.released ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="proposalId" value={p.id} />
                  <input type="hidden" name="advanced" value={p.advanced ? "0" : "1"} />
                  {p.advanced ? <strong>✓ {t("staffReview.advanced")}</strong> : null}
                  <IntentSubmit intent="advance" look="link">
                    {p.advanced ? t("staffReview.unadvance") : t("staffReview.advance")}
                  </IntentSubmit>
                </Form>
              ) : null}
            </td>
            <td className="amount">{p.mean}</td>
            <td className="amount">{p.sd}</td>
            <td className="amount">
              {p.min}〜{p.max}
            </td>
            <td className="amount">
              {p.count} / {p.due}
            </td>
            <td>
              {p.decision
                ? p.decision.decision === "funded"
                  ? t("staffReview.decidedFunded", { amount: p.decision.amount.toLocaleString("ja-JP") })
                  : t("staffReview.notFunded")
                : t("staffReview.undecided")}
            </td>
          </tr>
        ))}
      </DataTable>
      {pages > 1 ? (
        <p>
          {t("staffReview.showing", {
            total: ranked,
            from: rows[0]?.rank ?? 0,
            to: rows.at(-1)?.rank ?? 0,
          })}
        </p>
      ) : null}
      <Pagination page={page} pages={pages} />
    </>
  );
}

/**
 * Releasing a round's results, confirmed on a second screen that lists what is still outstanding
 * (no JavaScript needed); once released, only a note that it was.
 */
export function ReleaseSection({
  themeId,
  stage,
  released,
  confirm,
  outstanding,
}: {
  themeId: string;
  stage: 1 | 2;
  released: boolean;
  confirm: boolean;
  outstanding: { undecided: number; reviews: number; invited: number; short: number };
}) {
  const t = useT();
  if (released) return <p className="flash">{t("staffReview.alreadyReleased")}</p>;
  return (
    <section aria-labelledby="release-heading" id="release">
      <h2 id="release-heading">{t("staffReview.release")}</h2>
      <p>{t("staffReview.releaseHint")}</p>
      {confirm ? (
        <section className="notice stack" aria-label={t("staffReview.confirmTitle")}>
          <p>
            <strong>{t("staffReview.confirmTitle")}</strong>
          </p>
          <ul>
            <li>{t("staffReview.confirmUndecided", { count: outstanding.undecided })}</li>
            <li>{t("staffReview.confirmReviews", { count: outstanding.reviews })}</li>
            <li>{t("staffReview.confirmInvited", { count: outstanding.invited })}</li>
            <li>{t("staffReview.confirmShort", { count: outstanding.short })}</li>
          </ul>
          <p>{t("staffReview.confirmLead")}</p>
          <Form method="post" className="actions">
            <input type="hidden" name="confirmed" value="yes" />
            <IntentSubmit intent="release">{t("staffReview.confirmRelease")}</IntentSubmit>
            <Link to={`/staff/themes/${themeId}/review?stage=${stage}`}>{t("staffReview.confirmCancel")}</Link>
          </Form>
        </section>
      ) : (
        <Form method="get">
          <input type="hidden" name="stage" value={stage} />
          <input type="hidden" name="confirm" value="release" />
          <button type="submit" className="button">
            {t("staffReview.release")}
          </button>
        </Form>
      )}
    </section>
  );
}
