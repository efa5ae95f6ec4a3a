import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { CONTENT_PAGES, contentPage } from "~/models/content-pages.server";
import { notFound } from "~/utils/http.server";
import { getLocale } from "~/utils/locale.server";
import { dataTitle } from "~/utils/meta";

// Read: everyone. One module serves /help, /privacy, /terms, /accessibility and /contact
// (remix.config.js names them); each page's text is a Markdown file in app/content/pages/.
export async function loader({ request }: LoaderFunctionArgs) {
  const name = v.safeParse(v.picklist(CONTENT_PAGES), new URL(request.url).pathname.slice(1));
  if (!name.success) throw notFound();
  const { title, html } = contentPage(name.output, await getLocale(request));
  return { title, html };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.title);

export default function ContentPage() {
  const { title, html } = useLoaderData<typeof loader>();
  return (
    <article className="content-page">
      <h1>{title}</h1>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the ward's own Markdown from the repository, rendered by markdown-it with raw HTML off (tests/unit/content-pages.test.ts) */}
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </article>
  );
}
