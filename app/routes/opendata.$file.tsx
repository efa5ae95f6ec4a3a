import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/utils/http.server";
import { datasetFile } from "~/web/opendata.server";

// Read: anyone. Open data, CC BY 4.0: /opendata/<dataset>.csv and .json, each dataset described
// once in app/models/opendata.ts; any other name is 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = datasetFile(request, params.file ?? "");
  if (!file) throw notFound();
  return file;
}
