import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { useT } from "~/i18n/react";
import { reviewerWorkload } from "~/models/reviews.server";
import { services } from "~/services.server";
import { forbidden } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reviews.title");

// Read: reviewers (and staff who review), their own assignments only.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  if (user.role !== "reviewer" && user.role !== "staff") throw forbidden();
  const themes = await reviewerWorkload(services().db, user.id);
  return {
    themes: themes.map((t) => ({
      id: t.id,
      title: t.title,
      reviewOpen: t.reviewOpen,
      due: t.proposals.length,
      done: t.proposals.filter((p) => p.review === "submitted").length,
      proposals: t.reviewOpen ? t.proposals : [],
    })),
  };
}

export default function Reviews() {
  const t = useT();
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
            </>
          )}
        </section>
      ))}
    </>
  );
}
