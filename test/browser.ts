/**
 * Headless Debian chromium for the browser tests (playwright-core, never a downloaded browser): the path CI
 * installs (`apt-get install -y chromium`) and the flags that keep it offline and quiet.
 */
import { chromium, type Browser } from "playwright-core";

/** Where Debian installs chromium. */
export const CHROMIUM = "/usr/bin/chromium";

/** What to say when it is missing. */
export const CHROMIUM_MISSING = "Debian chromium is required (apt-get install -y chromium)";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches headless Debian chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
