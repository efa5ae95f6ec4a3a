import type { MetaFunction } from "@remix-run/node";
import { PlaceholderPage } from "~/components/placeholder-page";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "partners.title");

export default function PartnersPage() {
  return <PlaceholderPage title="partners.title" lead="partners.lead" />;
}
