import type { MetaFunction } from "@remix-run/node";
import { PlaceholderPage } from "~/components/placeholder-page";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opendata.title");

export default function OpendataPage() {
  return <PlaceholderPage title="opendata.title" lead="opendata.lead" />;
}
