import { AsyncLocalStorage } from "node:async_hooks";

/** What server.js knows of a request and reads back when it logs it. */
export interface RequestInfo {
  /** The request's id: in every log line about it, and shown as the error number on a 500 or 503. */
  requestId: string | null;
  /** The deepest route whose loader or action ran, for the access log. */
  routeId: string | null;
}

interface Scope {
  /** Shared look-ups (who is signed in), keyed by what they are. */
  cache: Map<string, unknown>;
  info: RequestInfo;
}

/**
 * What one HTTP request has already looked up, shared by the root and route loaders that answer it
 * (Remix hands each loader its own Request object, so a WeakMap keyed by Request misses).
 * server.js opens a scope per request; outside one (tests calling a loader) there is none.
 */
const storage = new AsyncLocalStorage<Scope>();

export function runInRequestScope<T>(run: () => T, info: RequestInfo = { requestId: null, routeId: null }): T {
  return storage.run({ cache: new Map(), info }, run);
}

export function requestScope(): Map<string, unknown> | undefined {
  return storage.getStore()?.cache;
}

export function currentRequestId(): string | null {
  return storage.getStore()?.info.requestId ?? null;
}

export function noteRoute(routeId: string): void {
  const info = storage.getStore()?.info;
  if (info && (!info.routeId || routeId.length > info.routeId.length)) info.routeId = routeId;
}
