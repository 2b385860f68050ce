// A small DevTools-protocol client for the system Chromium, over --remote-debugging-pipe
// (no port, no download, no npm packages): start the browser, open a page, send
// commands, wait for events. Used by web/test/browser.mjs and web/test/bench.mjs.
import { spawn } from "node:child_process";

export class Browser {
  constructor(proc) {
    this.proc = proc;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    this.buffer = "";
    proc.stdio[4].on("data", (chunk) => this.receive(chunk));
  }

  /** Starts headless Chromium with WebGL on SwiftShader at `width` x `height`. */
  static async launch({ width = 1280, height = 800, downloads } = {}) {
    // Each page opens in a fresh browser context (its own storage: no settings kept from
    // the page before), so downloads are allowed per context in `open`.
    const gl = (process.env.GANSCOPE_BROWSER_GL || "--use-angle=swiftshader --enable-unsafe-swiftshader").split(" ");
    const args = [
      "--headless=new",
      "--no-sandbox",
      ...gl,
      "--disable-gpu-sandbox",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-background-timer-throttling",
      "--disable-renderer-backgrounding",
      "--disable-backgrounding-occluded-windows",
      `--window-size=${width},${height}`,
      "--webgl-antialiasing-mode=none",
      "--remote-debugging-pipe",
      "about:blank",
    ];
    const proc = spawn(process.env.CHROMIUM || "chromium", args, {
      stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"],
    });
    proc.stderr.on("data", () => {});
    const browser = new Browser(proc);
    browser.downloads = downloads;
    return browser;
  }

  receive(chunk) {
    this.buffer += chunk.toString("utf8");
    let end;
    while ((end = this.buffer.indexOf("\0")) >= 0) {
      const message = JSON.parse(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 1);
      if (message.id && this.pending.has(message.id)) {
        const { resolve, reject } = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) reject(new Error(JSON.stringify(message.error)));
        else resolve(message.result);
      } else if (message.method) {
        for (const listener of this.listeners) listener(message);
      }
    }
  }

  /** Sends a command (to a page when `sessionId` is given) and waits for its answer. */
  send(method, params = {}, sessionId) {
    const id = this.nextId++;
    const message = { id, method, params };
    if (sessionId) message.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.proc.stdio[3].write(JSON.stringify(message) + "\0");
    });
  }

  on(listener) {
    this.listeners.push(listener);
  }

  /** Opens a new page at `url`, with its console collected in `page.console`. */
  async open(url, { width = 1280, height = 800 } = {}) {
    const { browserContextId } = await this.send("Target.createBrowserContext", {});
    if (this.downloads) {
      await this.send("Browser.setDownloadBehavior", {
        behavior: "allow",
        downloadPath: this.downloads,
        browserContextId,
      });
    }
    const { targetId } = await this.send("Target.createTarget", { url: "about:blank", browserContextId });
    const { sessionId } = await this.send("Target.attachToTarget", { targetId, flatten: true });
    const page = new Page(this, sessionId, targetId);
    page.browserContextId = browserContextId;
    await page.send("Runtime.enable");
    await page.send("Page.enable");
    await page.send("Emulation.setDeviceMetricsOverride", {
      width,
      height,
      deviceScaleFactor: 1,
      mobile: false,
    });
    await page.send("Page.navigate", { url });
    return page;
  }

  close() {
    this.proc.kill("SIGKILL");
  }
}

export class Page {
  constructor(browser, sessionId, targetId) {
    this.browser = browser;
    this.sessionId = sessionId;
    this.targetId = targetId;
    this.console = [];
    browser.on((m) => {
      if (m.sessionId !== sessionId) return;
      if (m.method === "Runtime.consoleAPICalled") {
        this.console.push(m.params.args.map((a) => a.value ?? a.description ?? "").join(" "));
      } else if (m.method === "Runtime.exceptionThrown") {
        this.console.push("exception: " + JSON.stringify(m.params.exceptionDetails.exception?.description ?? m.params.exceptionDetails.text));
      }
    });
  }

  send(method, params = {}) {
    return this.browser.send(method, params, this.sessionId);
  }

  /** The value of a JavaScript expression in the page. */
  async evaluate(expression) {
    const { result, exceptionDetails } = await this.send("Runtime.evaluate", {
      expression,
      returnByValue: true,
      awaitPromise: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.text);
    return result.value;
  }

  /** The app's state report (#ganscope-state), parsed; null until the app wrote one. */
  async state() {
    const text = await this.evaluate(
      "(document.getElementById('ganscope-state') || {}).textContent || ''",
    );
    return text ? JSON.parse(text) : null;
  }

  /** Polls `predicate(state)` until it holds or `seconds` pass; returns the last state. */
  async waitFor(what, predicate, seconds = 60) {
    const deadline = Date.now() + seconds * 1000;
    let state = null;
    while (Date.now() < deadline) {
      state = await this.state();
      if (state && predicate(state)) return state;
      await sleep(100);
    }
    throw new Error(`timed out after ${seconds} s waiting for ${what}; last state: ${JSON.stringify(state)}; console: ${this.console.slice(-5).join(" | ")}`);
  }

  /** Presses and releases a key (`key` and `code` as the DOM names them); `modifiers`
   * is DevTools' bit field (Alt 1, Ctrl 2, Meta 4, Shift 8). */
  async press(key, code = key, keyCode = 0, modifiers = 0) {
    for (const type of ["keyDown", "keyUp"]) {
      await this.send("Input.dispatchKeyEvent", {
        type,
        key,
        code,
        modifiers,
        windowsVirtualKeyCode: keyCode,
        nativeVirtualKeyCode: keyCode,
      });
    }
  }

  /** Clicks at (x, y) in CSS pixels. */
  async click(x, y) {
    for (const type of ["mouseMoved", "mousePressed", "mouseReleased"]) {
      await this.send("Input.dispatchMouseEvent", { type, x, y, button: "left", clickCount: 1 });
    }
  }

  /** A PNG screenshot of the page, as a Buffer. */
  async screenshot() {
    const { data } = await this.send("Page.captureScreenshot", { format: "png" });
    return Buffer.from(data, "base64");
  }

  async close() {
    await this.browser.send("Target.closeTarget", { targetId: this.targetId });
    await this.browser.send("Target.disposeBrowserContext", { browserContextId: this.browserContextId });
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
