import type { MetaFunction } from "@remix-run/node";
import { PlaceholderPage } from "~/components/placeholder-page";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "themes.title");

export default function ThemesPage() {
  return <PlaceholderPage title="themes.title" lead="themes.lead" />;
}
