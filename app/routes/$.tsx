import { notFound } from "~/utils/http.server";

// Unknown addresses render the Japanese 404 page inside the site's layout.
export function loader() {
  throw notFound();
}

export default function NotFound() {
  return null;
}
