/**
 * Runs work that takes longer for a registered address than for an unknown one (a token written,
 * a message queued) and answers no sooner than `floorMs`, so the response time does not tell
 * whether an account exists. The floor is well above the work's usual time on a loaded server.
 */
export const ACCOUNT_ANSWER_FLOOR_MS = 400;

export async function answerNoSoonerThan<T>(floorMs: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  const left = floorMs - (performance.now() - started);
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  return result;
}
