import { type Config, ConfigError, loadConfig } from "../config.server";

/** A command-line tool's refusal: one line on stderr, exit code 1. */
export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** The same settings as the server's, with a wrong one stopping the tool with its one line. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}
