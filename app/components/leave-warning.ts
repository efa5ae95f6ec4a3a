import { useBlocker } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/**
 * Asks before leaving a form with changes not yet saved: the browser's own question when the page
 * is closed or reloaded, and a confirm() before a link inside the site. JavaScript only; without it
 * the form works the same, unguarded. Spread the handlers on the form.
 */
export function useLeaveWarning(message: string) {
  const changed = useRef(false);
  const [armed, setArmed] = useState(false);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => {
    return changed.current && currentLocation.pathname !== nextLocation.pathname;
  });
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    if (window.confirm(message)) {
      changed.current = false;
      blocker.proceed();
    } else blocker.reset();
  }, [blocker, message]);
  useEffect(() => {
    if (!armed) return;
    const warn = (event: BeforeUnloadEvent) => {
      if (!changed.current) return;
      event.preventDefault();
      // Older browsers ask only when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [armed]);
  return {
    onChange: () => {
      changed.current = true;
      setArmed(true);
    },
    /** Saving is leaving on purpose. */
    onSubmit: () => {
      changed.current = false;
    },
  };
}
