import { describe, expect, it } from "vitest";
import { startJobs } from "~/utils/jobs.server";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the background job runner", () => {
  it("runs a job at start and again after its interval, never two runs of it at once", async () => {
    let runs = 0;
    let running = 0;
    let overlapped = false;
    const runner = startJobs(
      [
        {
          name: "slow",
          everyMs: 5,
          async run() {
            runs += 1;
            running += 1;
            if (running > 1) overlapped = true;
            await pause(20);
            running -= 1;
          },
        },
      ],
      () => {},
    );
    expect(runs).toBe(1);
    await pause(120);
    await runner.stop();
    expect(runs).toBeGreaterThan(2);
    expect(overlapped).toBe(false);
    const after = runs;
    await pause(40);
    expect(runs).toBe(after);
  });

  it("reports a failing run with the job's name and keeps the job going", async () => {
    const errors: string[] = [];
    let runs = 0;
    const runner = startJobs(
      [
        {
          name: "flaky",
          everyMs: 5,
          async run() {
            runs += 1;
            if (runs === 1) throw new Error("database gone");
          },
        },
      ],
      (job, error) => errors.push(`${job}: ${(error as Error).message}`),
    );
    await pause(60);
    await runner.stop();
    expect(errors).toEqual(["flaky: database gone"]);
    expect(runs).toBeGreaterThan(1);
  });

  it("waits for a run under way, and past the grace period tells the job to give back what it holds", async () => {
    const events: string[] = [];
    const runner = startJobs(
      [
        {
          name: "quick",
          everyMs: 1000,
          async run(stopping) {
            await pause(30);
            events.push(`quick finished, stopping=${stopping()}`);
          },
          async abandon() {
            events.push("quick abandoned");
          },
        },
        {
          name: "hung",
          everyMs: 1000,
          run: () => new Promise(() => {}),
          async abandon() {
            events.push("hung abandoned");
          },
        },
      ],
      () => {},
    );
    const started = Date.now();
    await runner.stop(100);
    const took = Date.now() - started;
    expect(events).toEqual(["quick finished, stopping=true", "hung abandoned"]);
    expect(took).toBeGreaterThanOrEqual(95);
    expect(took).toBeLessThan(1000);
  });
});
