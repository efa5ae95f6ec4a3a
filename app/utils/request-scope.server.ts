import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What one HTTP request has already looked up, shared by the root and route loaders that answer it
 * (Remix hands each loader its own Request object, so a WeakMap keyed by Request misses).
 * server.js opens a scope per request; outside one (tests calling a loader) there is none.
 */
const scope = new AsyncLocalStorage<Map<string, unknown>>();

export function runInRequestScope<T>(run: () => T): T {
  return scope.run(new Map(), run);
}

export function requestScope(): Map<string, unknown> | undefined {
  return scope.getStore();
}
