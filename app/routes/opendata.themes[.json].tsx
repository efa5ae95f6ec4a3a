import type { LoaderFunctionArgs } from "@remix-run/node";
import { cachedDataset, jsonResponse, themeRecords } from "~/web/opendata.server";

// Read: anyone. Open data, CC BY 4.0.
export function loader(args?: LoaderFunctionArgs) {
  return cachedDataset(args?.request, "themes.json", () => jsonResponse(themeRecords(), "themes.json"));
}
