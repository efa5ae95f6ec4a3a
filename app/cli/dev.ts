/**
 * npm run dev: the site as `npm start` runs it, rebuilt on every saved change and restarted with the
 * new build (reload the browser to see it). The same server.js, database and seed as `npm start`,
 * with React's development build for its clearer errors.
 */
import { type ChildProcess, spawn } from "node:child_process";

const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development" };
const children: ChildProcess[] = [];

function run(command: string, args: string[]) {
  const child = spawn(command, args, { stdio: "inherit", env });
  children.push(child);
  // One half without the other is no use: when either stops, stop both.
  child.on("exit", (code) => stop(code ?? 1));
  return child;
}

let stopping = false;
function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  process.exitCode = code;
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

const build = spawn("npx", ["remix", "build"], { stdio: "inherit", env });
build.on("exit", (code) => {
  if (code !== 0 || stopping) return stop(code ?? 1);
  // remix watch rewrites build/ on each change; node restarts the server when it does.
  run("npx", ["remix", "watch"]);
  run(process.execPath, ["--watch-path=build", "--watch-preserve-output", "server.js"]);
});
