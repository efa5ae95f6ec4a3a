import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

/** Calls a route's loader or action as Remix would, and reports the status it answered with. */
export async function outcome(run: () => Promise<unknown>): Promise<{ status: number; location?: string | null }> {
  try {
    const result = await run();
    if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
    const init = (result as { init?: { status?: number } } | null)?.init;
    return { status: init?.status ?? 200 };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    throw thrown;
  }
}

export function makeRequest(path: string, cookie: string | null, form?: Record<string, string>) {
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  return new Request(
    `http://localhost${path}`,
    form ? { method: "POST", headers, body: new URLSearchParams(form) } : { headers },
  );
}

const context = { clientAddress: "127.0.0.1" };

export function callLoader(
  loader: (args: LoaderFunctionArgs) => Promise<unknown>,
  path: string,
  cookie: string | null,
  params: Record<string, string> = {},
) {
  return outcome(() => loader({ request: makeRequest(path, cookie), params, context }));
}

export function callAction(
  action: (args: ActionFunctionArgs) => Promise<unknown>,
  path: string,
  cookie: string | null,
  form: Record<string, string>,
  params: Record<string, string> = {},
) {
  return outcome(() => action({ request: makeRequest(path, cookie, form), params, context }));
}
