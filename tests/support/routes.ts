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

/**
 * What an action answered with `data()` (a refused form: Conform's reply, and what names the form
 * it belongs to) and its status. Fails the test when the action redirected or threw instead.
 */
export async function actionAnswer<T = Record<string, unknown>>(
  action: (args: ActionFunctionArgs) => Promise<unknown>,
  path: string,
  cookie: string | null,
  form: Record<string, string> | FormData,
  params: Record<string, string> = {},
): Promise<{ status: number; data: T }> {
  const request =
    form instanceof FormData
      ? new Request(`http://localhost${path}`, {
          method: "POST",
          headers: cookie ? { Cookie: cookie } : {},
          body: form,
        })
      : makeRequest(path, cookie, form);
  const result = (await action({ request, params, context })) as { data?: T; init?: { status?: number } | null };
  if (result instanceof Response || !result || !("data" in result))
    throw new Error("the action did not answer with data");
  return { status: result.init?.status ?? 200, data: result.data as T };
}
