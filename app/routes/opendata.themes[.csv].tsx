import type { LoaderFunctionArgs } from "@remix-run/node";
import { THEME_COLUMNS } from "~/models/opendata";
import { cachedDataset, csvResponse, themeRecords } from "~/web/opendata.server";

// Read: anyone. Open data, CC BY 4.0.
export function loader(args?: LoaderFunctionArgs) {
  return cachedDataset(args?.request, "themes.csv", () =>
    csvResponse(
      THEME_COLUMNS.map((c) => c.name),
      themeRecords(),
      "themes.csv",
    ),
  );
}
