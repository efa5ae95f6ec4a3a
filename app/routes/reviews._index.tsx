import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/i18n/react";
import { reviewerQueue } from "~/models/ranking.server";
import { services } from "~/services.server";
import { formatDate } from "~/utils/dates";
import { forbidden, pageNumber } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reviews.title");

/** Fifty proposals of a theme at a time, those still to review first. */
const PAGE_SIZE = 50;

// Read: reviewers (and staff who review), their own assignments only.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  if (user.role !== "reviewer" && user.role !== "staff") throw forbidden();
  const url = new URL(request.url);
  const themes = await reviewerQueue(services().db, {
    reviewerId: user.id,
    pagedThemeId: url.searchParams.get("theme"),
    page: pageNumber(url),
    pageSize: PAGE_SIZE,
    now: new Date(),
  });
  return { themes: themes.map((t) => ({ ...t, proposals: t.reviewOpen ? t.proposals : [] })) };
}

export default function Reviews() {
  const t = useT();
  const locale = useLocale();
  const { themes } = useLoaderData<typeof loader>();
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
              <ul className="card-list">
                {theme.proposals.map((p) => (
                  <li key={`${p.id}-${p.stage}`} className="card">
                    <Link to={p.stage === 2 ? `/reviews/${p.id}?stage=2` : `/reviews/${p.id}`}>
                      {p.receipt}　{p.title}
                    </Link>
                    <p className="message-meta">
                      {t(`review.stage.${p.stage}`)}・{t(`reviews.state.${p.review ?? "none"}`)}
                    </p>
                  </li>
                ))}
              </ul>
              <Pagination
                page={theme.page}
                pages={theme.pages}
                extra={{ theme: theme.id }}
                hash={`theme-${theme.id}`}
              />
            </>
          )}
        </section>
      ))}
    </>
  );
}
