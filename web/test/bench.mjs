// Speed of the browser build in headless Chromium (BENCHMARKS.md): for each preset at
// pace "max", iterations per second and frames per second over a measured window, after
// Figure 1's start-up run is done; the time from navigation to the first frame; the
// download's size; a stability map from its link. Never a test: numbers for the record.
//   scripts/web.sh && node web/test/bench.mjs [SECONDS]
import { Browser, sleep } from "./cdp.mjs";
import { serve } from "./serve.mjs";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const seconds = Number(process.argv[2] || 20);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const dist = path.join(root, "web/dist");
const site = await serve(dist);
const browser = await Browser.launch();

const wasm = fs.readFileSync(path.join(dist, "ganscope_bg.wasm"));
const js = fs.readFileSync(path.join(dist, "ganscope.js"));
const gz = zlib.gzipSync(Buffer.concat([wasm, js]), { level: 9 }).length;
console.log(`download: wasm ${(wasm.length / 1e6).toFixed(2)} MB, wasm + JS gzipped ${(gz / 1e6).toFixed(2)} MB`);

for (let run = 0; run < 3; run++) {
  const started = Date.now();
  const page = await browser.open(site.url + "#preset=figure1&pause=1");
  await page.waitFor("the first frame", (s) => s !== null, 60);
  console.log(`first frame after ${((Date.now() - started) / 1000).toFixed(2)} s (load ${run + 1})`);
  await page.close();
}

// Each preset at pace "max"; then ganlab at 30 it/s, where the frames are the drawing's
// alone (the work takes a few milliseconds a second).
for (const [preset, speed] of [["ganlab", "max"], ["figure1", "max"], ["ring", "max"], ["ganlab", "30"]]) {
  const page = await browser.open(site.url + `#preset=${preset}&seed=1&speed=${speed}`);
  await page.waitFor("Figure 1's start-up run", (s) => s.figure1_panels === 4, 300);
  const a = await page.state();
  const t0 = Date.now();
  const frames0 = await page.evaluate("window.__frames = 0, requestAnimationFrame(function f(){ window.__frames++; requestAnimationFrame(f); }), 0");
  await sleep(seconds * 1000);
  const b = await page.state();
  const frames = await page.evaluate("window.__frames");
  const elapsed = (Date.now() - t0) / 1000;
  console.log(
    `${preset} at ${speed}: ${((b.steps - a.steps) / elapsed).toFixed(0)} it/s, ${(frames / elapsed).toFixed(1)} frames/s ` +
      `(the app's own meters: ${b.iterations_per_second.toFixed(0)} it/s, ${b.frames_per_second.toFixed(1)} frames/s) over ${elapsed.toFixed(0)} s`,
  );
  await page.close();
}
// A stability map computed in the page's one thread (the desktop runs a cell a core):
// 6 x 6 cells of figure1 at width 16 / batch 64, 1,000 iterations each, from its link.
{
  const map = "#view=map&preset=figure1&set=hidden:16&set=batch:64&x=lr_d=1e-4..1e-1:log:6&y=lr_g=1e-4..1e-1:log:6&steps=1000";
  const started = Date.now();
  const page = await browser.open(site.url + map);
  await page.waitFor("the map's first cell", (s) => s.map_cells > 0, 300);
  await page.waitFor("all 36 cells", (s) => s.map_cells === 36 && !s.map_computing, 900);
  console.log(`map: 36 cells x 1,000 iterations in ${((Date.now() - started) / 1000).toFixed(1)} s from the link`);
  await page.close();
}
browser.close();
site.close();
