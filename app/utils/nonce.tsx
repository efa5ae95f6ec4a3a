import { createContext, type ReactNode, useContext } from "react";

/**
 * The Content-Security-Policy nonce of the page being rendered (server.js makes one per request):
 * Remix's inline scripts carry it, so the policy allows no other inline script. In the browser it
 * is empty, and needed by nothing.
 */
const NonceContext = createContext<string | undefined>(undefined);

export function NonceProvider({ nonce, children }: { nonce: string | undefined; children: ReactNode }) {
  return <NonceContext.Provider value={nonce}>{children}</NonceContext.Provider>;
}

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
