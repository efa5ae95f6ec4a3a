import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { DataTable } from "~/components/data-table";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/i18n/react";
import { oneDecimal } from "~/models/review-rules";
import { reviewerQueue } from "~/models/reviewer-queue.server";
import { services } from "~/services.server";
import { forbidden, pageNumber } from "~/utils/http.server";
import { formatDate } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reviews.title");

/** Fifty proposals of a theme at a time, those still to review first. */
const PAGE_SIZE = 50;

// Read: reviewers (and staff who review), their own assignments only.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  if (user.role !== "reviewer" && user.role !== "staff") throw forbidden();
  const url = new URL(request.url);
  const sort = url.searchParams.get("sort") === "total" ? "total" : "todo";
  const themes = await reviewerQueue(services().db, {
    sort,
    reviewerId: user.id,
    pagedThemeId: url.searchParams.get("theme"),
    page: pageNumber(url),
    pageSize: PAGE_SIZE,
    now: new Date(),
  });
  return { sort, themes: themes.map((t) => ({ ...t, proposals: t.reviewOpen ? t.proposals : [] })) };
}

export default function Reviews() {
  const t = useT();
  const locale = useLocale();
  const { themes, sort } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("reviews.title")}</h1>
      {themes.length === 0 ? <p>{t("reviews.none")}</p> : null}
      {themes.map((theme) => (
        <section key={theme.id} aria-labelledby={`theme-${theme.id}`}>
          <h2 id={`theme-${theme.id}`}>{theme.title}</h2>
          {!theme.reviewOpen ? (
            <p>{t("reviews.notYet")}</p>
          ) : (
            <>
              <p>
                <strong>{t("reviews.progress", { done: theme.done, due: theme.due })}</strong>
                {theme.deadline ? `　${t("reviews.deadline", { date: formatDate(theme.deadline, locale) })}` : ""}
              </p>
              <p>
                <Link to={`/reviews/print?theme=${theme.id}`}>{t("reviewPrint.link")}</Link>
              </p>
              <p>
                {t("reviews.sortBy")}{" "}
                <Link to={`?sort=todo#theme-${theme.id}`} aria-current={sort === "todo" ? "true" : undefined}>
                  {t("reviews.sort.todo")}
                </Link>
                {" ・ "}
                <Link to={`?sort=total#theme-${theme.id}`} aria-current={sort === "total" ? "true" : undefined}>
                  {t("reviews.sort.total")}
                </Link>
              </p>
              <DataTable
                columns={[
                  t("staffProposals.receipt"),
                  t("staffProposals.proposal"),
                  t("reviews.state"),
                  t("reviews.myTotal"),
                ]}
              >
                {theme.proposals.map((p) => (
                  <tr key={`${p.id}-${p.stage}`}>
                    <td>{p.receipt}</td>
                    <td>
                      <Link to={p.stage === 2 ? `/reviews/${p.id}?stage=2` : `/reviews/${p.id}`}>{p.title}</Link>
                    </td>
                    <td>
                      {t(`review.stage.${p.stage}`)}・{t(`reviews.state.${p.review ?? "none"}`)}
                    </td>
                    <td className="amount">{p.total === null ? "—" : oneDecimal(p.total)}</td>
                  </tr>
                ))}
              </DataTable>
              <Pagination
                page={theme.page}
                pages={theme.pages}
                extra={{ theme: theme.id, sort }}
                hash={`theme-${theme.id}`}
              />
            </>
          )}
        </section>
      ))}
    </>
  );
}
