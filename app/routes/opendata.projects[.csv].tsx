import type { LoaderFunctionArgs } from "@remix-run/node";
import { PROJECT_COLUMNS } from "~/models/opendata";
import { cachedDataset, csvResponse, projectRecords } from "~/web/opendata.server";

// Read: anyone. Open data, CC BY 4.0.
export function loader(args?: LoaderFunctionArgs) {
  return cachedDataset(args?.request, "projects.csv", () =>
    csvResponse(
      PROJECT_COLUMNS.map((c) => c.name),
      projectRecords(),
      "projects.csv",
    ),
  );
}
