import type { MetaFunction } from "@remix-run/node";
import { PlaceholderPage } from "~/components/placeholder-page";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "organizations.title");

export default function OrganizationsPage() {
  return <PlaceholderPage title="organizations.title" lead="organizations.lead" />;
}
