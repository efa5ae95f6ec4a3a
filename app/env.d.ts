/// <reference types="@remix-run/node" />
/// <reference types="@remix-run/dev" />

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The TCP peer's address, used to throttle failed log-ins per client. */
    clientAddress: string | null;
  }
  interface Future {
    v3_singleFetch: true;
  }
}

export {};
