import type { MetaFunction } from "@remix-run/node";
import { PlaceholderPage } from "~/components/placeholder-page";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "projects.title");

export default function ProjectsPage() {
  return <PlaceholderPage title="projects.title" lead="projects.lead" />;
}
