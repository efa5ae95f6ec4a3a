// Runs autocannon against one page, in its own process so the load generator does not share the
// site's event loop. Input: one JSON argument (LoadJob); output: one JSON line (LoadResult).

import autocannon from "autocannon";

export interface LoadJob {
  url: string;
  connections: number;
  seconds: number;
  cookie?: string;
  /** A proposal-section save: each request takes a draft nobody else is saving and sends its current version. */
  save?: { origin: string; drafts: { id: string; version: number }[]; section: string };
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

/**
 * The save: each connection keeps to one draft of its own (more drafts than connections), so no
 * two connections ever save the same draft at once (that would be a genuine conflict, answered
 * 409), and sends the version its last save produced.
 */
function saveClients(job: LoadJob): ((client: autocannon.Client) => void) | undefined {
  const save = job.save;
  if (!save) return undefined;
  let next = 0;
  return (client) => {
    const draft = save.drafts[next++];
    if (!draft) throw new Error("more connections than drafts");
    let version = draft.version;
    client.setRequests([
      {
        method: "POST",
        path: `/proposals/${draft.id}/sections/${save.section}`,
        setupRequest(request) {
          const body = new URLSearchParams({
            version: String(version),
            title: `ベンチマーク提案 ${draft.id.slice(0, 8)} 第${version}版`,
            summary: "地域の見守りと子どもの居場所づくりを、町会とNPOが一緒に進めます。",
            contactName: "練馬 太郎",
            contactEmail: "bench@example.jp",
            contactPhone: "03-0000-0000",
          }).toString();
          return {
            ...request,
            body,
            // autocannon adds the Content-Length itself.
            headers: { ...request.headers, "content-type": "application/x-www-form-urlencoded" },
          };
        },
        onResponse(status) {
          if (status === 302 || status === 303) version += 1;
        },
      },
    ]);
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const value = sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return Math.round(value * 10) / 10;
}

export async function runLoad(job: LoadJob): Promise<LoadResult> {
  const headers: Record<string, string> = { "accept-encoding": "gzip", "accept-language": "ja" };
  if (job.cookie) headers.cookie = job.cookie;
  if (job.save) headers.origin = job.save.origin;
  // autocannon's histogram has p90 and p97.5 but no p95: keep every latency and count every status.
  const latencies: number[] = [];
  let failedResponses = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: job.url, connections: job.connections, duration: job.seconds, headers, setupClient: saveClients(job) },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode >= 400) failedResponses += 1;
    });
  });
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    requestsPerSecond: latencies.length / job.seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: failedResponses + result.errors + result.timeouts,
  };
}

if (process.argv[2]) {
  const job = JSON.parse(process.argv[2]) as LoadJob;
  runLoad(job).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
