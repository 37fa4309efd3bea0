// Static images of Plotly figures: plotly.js (from the local npm package, never a CDN) drawing in
// headless Chromium driven by playwright-core. One browser is kept open and reused across figures;
// it closes itself after a minute without work, and commands close it when they finish.
import * as fs from "fs";
import type { Browser, Page } from "playwright-core";
import { fromRoot } from "../core/paths";
import { DEFAULT_SIZE, toPlainJson, type Figure } from "./figure";

/** Where Chromium usually is (scripts/setup.mjs reads the same list, before any npm package is installed). */
const CHROMIUM_CANDIDATES: string[] = JSON.parse(fs.readFileSync(fromRoot("src", "display", "chromium_paths.json"), "utf8"));

/** Flags for a headless Chromium on a machine with a closed network and no GPU. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const IDLE_CLOSE_MS = 60_000;

/** Path of a Chromium to drive: $CHROMIUM_PATH if set, else the usual system locations. */
export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : null;
  return CHROMIUM_CANDIDATES.find((candidate) => fs.existsSync(candidate)) ?? null;
}

export const NO_CHROMIUM_NOTICE =
  "No Chromium found, so charts get no static PNG (they still draw interactively in JupyterLab). " +
  "Install it with `sudo apt-get install chromium`, or point CHROMIUM_PATH at a Chrome/Chromium binary.";

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_CHROMIUM_NOTICE);
  const { chromium } = await import("playwright-core");
  // Signals are not the browser's business: Jupyter's interrupt button sends SIGINT to the kernel,
  // and a renderer closed by it would fail every chart drawn after the interrupt. (Playwright still
  // kills the browser when the process exits.)
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
}

interface Session {
  browser: Browser;
  page: Page;
}

let session: Promise<Session> | null = null;
let queue: Promise<unknown> = Promise.resolve();
let idleTimer: NodeJS.Timeout | null = null;

async function openSession(): Promise<Session> {
  const browser = await launchChromium();
  const page = await browser.newPage();
  await page.setContent("<!doctype html><html><body></body></html>");
  await page.addScriptTag({ path: require.resolve("plotly.js-dist-min") });
  return { browser, page };
}

function scheduleIdleClose(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void closeRenderer(), IDLE_CLOSE_MS);
  idleTimer.unref();
}

/**
 * PNG bytes of the figure, or null when no Chromium is installed. Renders run one at a time
 * through the shared page.
 */
export function renderPng(fig: Figure, size: { width?: number; height?: number; scale?: number } = {}): Promise<Buffer | null> {
  if (!findChromium()) return Promise.resolve(null);
  const width = size.width ?? (fig.layout.width as number | undefined) ?? DEFAULT_SIZE.width;
  const height = size.height ?? (fig.layout.height as number | undefined) ?? DEFAULT_SIZE.height;
  const scale = size.scale ?? 1;
  const job = queue.then(async () => {
    if (idleTimer) clearTimeout(idleTimer);
    session ??= openSession();
    let current: Session;
    try {
      current = await session;
    } catch (error) {
      session = null;
      throw error;
    }
    const plain = toPlainJson({ data: fig.data, layout: fig.layout, config: { ...fig.config, staticPlot: true } });
    const dataUrl = await current.page.evaluate(
      ([figureJson, options]) => (globalThis as unknown as { Plotly: { toImage(f: unknown, o: unknown): Promise<string> } }).Plotly.toImage(figureJson, options),
      [plain, { format: "png", width, height, scale }] as const,
    );
    scheduleIdleClose();
    return Buffer.from(dataUrl.slice(dataUrl.indexOf(",") + 1), "base64");
  });
  queue = job.catch(() => undefined);
  return job;
}

/** Closes the shared browser (commands call this before exiting; notebooks need not). */
export async function closeRenderer(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const open = session;
  session = null;
  if (!open) return;
  try {
    await (await open).browser.close();
  } catch {
    // the browser never started or is already gone
  }
}
