import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { hasRole, requireUser } from "~/auth/session.server";
import { ReviewerProposal } from "~/components/reviewer-proposal";
import { translator } from "~/i18n";
import { useT } from "~/i18n/react";
import { loadProposalContents } from "~/models/proposals.server";
import { reviewerProposalView } from "~/models/review-view";
import { reviewerBundle } from "~/models/reviews.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reviewPrint.title");

// Read: a reviewer (or staff) assigned to the theme, once its window has closed; 404 for anyone
// else. Every proposal they may review in the paper round, in receipt order, names hidden where
// the theme hides them, on one page to print (reviewerBundle). Four queries whatever the number of
// proposals.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  if (!hasRole(user, "reviewer") && !hasRole(user, "staff")) throw notFound();
  const themeId = v.safeParse(v.pipe(v.string(), v.uuid()), new URL(request.url).searchParams.get("theme"));
  if (!themeId.success) throw notFound();
  const { db } = services();
  const bundle = await reviewerBundle(db, themeId.output, user.id, new Date());
  if (!bundle) throw notFound();
  const { theme, proposals: mine } = bundle;
  const contents = await loadProposalContents(
    db,
    mine.map((p) => p.id),
  );
  const anonymous = theme.hide_names && !hasRole(user, "staff");
  const t = translator(await getLocale(request));
  return {
    theme: { id: theme.id, title: theme.title },
    anonymous,
    proposals: mine.map((p) => {
      const loaded = contents.get(p.id) ?? { content: undefined, partners: [] };
      return {
        id: p.id,
        title: p.title,
        receipt: p.receipt_number,
        proposal: loaded.content
          ? reviewerProposalView(
              { content: loaded.content, partners: loaded.partners },
              { anonymous, anonymousName: (key) => t("review.anonymous", { letter: key }) },
            )
          : null,
      };
    }),
  };
}

export default function ReviewPrint() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <p className="no-print">
        <Link to="/reviews">{t("reviews.title")}</Link>
      </p>
      <h1>{t("reviewPrint.heading", { title: d.theme.title, count: d.proposals.length })}</h1>
      <p className="no-print">{t("reviewPrint.lead")}</p>
      {d.anonymous ? <p className="notice">{t("review.anonymousNote")}</p> : null}
      {d.proposals.map((p) =>
        p.proposal ? (
          <article key={p.id} className="print-page" aria-labelledby={`print-${p.id}`}>
            <h2 id={`print-${p.id}`}>
              {p.receipt}　{p.title}
            </h2>
            <ReviewerProposal proposal={p.proposal} />
          </article>
        ) : null,
      )}
    </>
  );
}
