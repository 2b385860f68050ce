// The browser build, checked in a real headless Chromium (see .ci/run):
//   scripts/web.sh && node web/test/browser.mjs target/release/ganscope
// 1. the page loads and training advances (the iteration count the page reports rises);
// 2. the figure is drawn: a screenshot with the data's and the generator's colours;
// 3. the ganlab preset after a fixed number of iterations gives the native binary's
//    metrics on the same seed;
// 4. a lesson link opens at its scene, and Page Down moves the lesson on;
// 5. bad links open the default run with the command line's one-line message;
// 6. P saves the picture shown: a download that is a valid PNG of the frame's size;
// 7. Shift+R records while training, and stopping downloads the frames as one zip and
//    the GIF, each with every recorded frame.
// Screenshots land in $GANSCOPE_WEB_SHOTS (default target/web-shots) to look at.
import { Browser, sleep } from "./cdp.mjs";
import { serve } from "./serve.mjs";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const native = process.argv[2];
if (!native) throw new Error("usage: node web/test/browser.mjs PATH_TO_NATIVE_GANSCOPE");
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const shots = process.env.GANSCOPE_WEB_SHOTS || path.join(root, "target/web-shots");
fs.mkdirSync(shots, { recursive: true });
const downloads = fs.mkdtempSync(path.join(os.tmpdir(), "ganscope-downloads-"));

const site = await serve(path.join(root, "web/dist"));
const browser = await Browser.launch({ downloads });
let failures = 0;

async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failures += 1;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** RGB pixels of a PNG (through ImageMagick, which .ci/run installs). */
function pixels(png) {
  const size = execFileSync("identify", ["-format", "%w %h", "png:-"], { input: png }).toString();
  const [width, height] = size.split(" ").map(Number);
  const rgb = execFileSync("convert", ["png:-", "-depth", "8", "rgb:-"], { input: png, maxBuffer: 1 << 28 });
  return { width, height, rgb };
}

/** How many pixels in the box lie within `tolerance` of `colour`. */
function count({ width, rgb }, colour, [x0, y0, x1, y1], tolerance = 40) {
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = 3 * (y * width + x);
      const d = Math.abs(rgb[i] - colour[0]) + Math.abs(rgb[i + 1] - colour[1]) + Math.abs(rgb[i + 2] - colour[2]);
      if (d <= tolerance) n++;
    }
  }
  return n;
}

async function open(fragment) {
  return browser.open(site.url + fragment);
}

await check("the page loads and training advances", async () => {
  const page = await open("");
  const first = await page.waitFor("a first iteration", (s) => s.steps > 0, 60);
  const later = await page.waitFor("more iterations", (s) => s.steps > first.steps + 20, 60);
  assert(later.tab === "Live" && later.notice === null, `state: ${JSON.stringify(later)}`);
  await page.close();
});

await check("the figure is drawn with the data's and the generator's colours", async () => {
  const page = await open("#preset=figure1&seed=1&pause=400&speed=max");
  await page.waitFor("iteration 400", (s) => s.steps === 400 && !s.playing, 120);
  await sleep(1000);
  const png = await page.screenshot();
  fs.writeFileSync(path.join(shots, "live_figure1.png"), png);
  const image = pixels(png);
  // The figure's plot: right of the controls, above the metrics.
  const plot = [330, 90, image.width - 10, 500];
  const green = count(image, [0, 150, 40], plot);
  const black = count(image, [0, 0, 0], plot, 30);
  const blue = count(image, [20, 70, 220], plot);
  const white = count(image, [255, 255, 255], [0, 0, image.width, image.height], 6);
  assert(green > 300, `generator green pixels: ${green}`);
  assert(black > 300, `data (black dots) pixels: ${black}`);
  assert(blue > 300, `discriminator blue pixels: ${blue}`);
  assert(white < 0.95 * image.width * image.height, `the page is almost blank: ${white} white pixels`);
  await page.close();
});

await check("ganlab after 300 iterations gives the native binary's metrics on seed 5", async () => {
  const page = await open("#preset=ganlab&seed=5&pause=300&speed=max");
  const state = await page.waitFor("iteration 300", (s) => s.steps === 300 && !s.playing, 120);
  await page.close();
  const out = execFileSync(native, ["train", "--preset", "ganlab", "--seed", "5", "--steps", "300", "--json"]).toString();
  const cli = JSON.parse(out.trim().split("\n").pop());
  const web = state.metrics;
  const compared = [];
  let worst = 0;
  for (const [name, value] of Object.entries(cli)) {
    if (typeof value !== "number" || !(name in web) || name === "steps_per_second") continue;
    const difference = Math.abs(web[name] - value);
    compared.push(name);
    // The same code on the same seed; wasm's float paths (no fused multiply-add, its own
    // libm) may differ in the last bits, which 300 iterations can grow a little.
    worst = Math.max(worst, difference / (1e-9 + Math.abs(value)));
    assert(difference <= 1e-4 + 1e-3 * Math.abs(value), `${name}: browser ${web[name]}, native ${value}`);
  }
  console.log(`     ${compared.length} metrics, largest relative difference ${worst.toExponential(2)}`);
  assert(compared.length >= 8, `only ${compared.length} metrics compared: ${compared}`);
});

await check("a lesson link opens at its scene and Page Down moves on", async () => {
  const page = await open("#lesson=gan-lecture&scene=4");
  const at = await page.waitFor("scene 4", (s) => s.scene === 4, 60);
  await sleep(500);
  fs.writeFileSync(path.join(shots, "lesson_scene4.png"), await page.screenshot());
  let moved = null;
  for (let press = 0; press < 4 && !moved; press++) {
    await page.press("PageDown", "PageDown", 34);
    await sleep(700);
    const now = await page.state();
    if (now.scene !== at.scene || now.title !== at.title) moved = now;
  }
  assert(moved, `Page Down did not move the lesson from: ${at.title}`);
  assert(moved.link.startsWith("#lesson=gan-lecture"), `address: ${moved.link}`);
  await page.close();
});

await check("Figure 1's four panels train across frames, with the page drawing", async () => {
  const page = await open("#view=figure1");
  const first = await page.waitFor("the Figure 1 tab", (s) => s.tab === "Figure 1", 60);
  await page.waitFor("all four panels", (s) => s.figure1_panels === 4, 400);
  await sleep(1000);
  const png = await page.screenshot();
  fs.writeFileSync(path.join(shots, "figure1.png"), png);
  const image = pixels(png);
  const green = count(image, [0, 150, 40], [0, 150, image.width, image.height]);
  assert(green > 1000, `generator green pixels in the four panels: ${green}`);
  assert(first.link === "#preset=figure1&view=figure1", `address: ${first.link}`);
  await page.close();
});

await check("Compare trains both sides of a lesson scene in step", async () => {
  const page = await open("#lesson=gan-lecture&scene=5");
  const a = await page.waitFor("Compare's first iterations", (s) => s.tab === "Compare" && s.compare_steps > 0, 120);
  const b = await page.waitFor("Compare going on", (s) => s.compare_steps > a.compare_steps, 120);
  await sleep(500);
  fs.writeFileSync(path.join(shots, "compare_scene5.png"), await page.screenshot());
  assert(b.scene === 5, `scene ${b.scene}`);
  await page.close();
});

await check("the lecture's map scene computes its cells across frames", async () => {
  const page = await open("#lesson=gan-lecture&scene=9");
  const first = await page.waitFor("the Map tab filling in", (s) => s.tab === "Map" && s.map_cells > 0, 120);
  const done = await page.waitFor("every cell", (s) => s.map_cells === 192 && !s.map_computing, 300);
  await sleep(500);
  const png = await page.screenshot();
  fs.writeFileSync(path.join(shots, "map_scene9.png"), png);
  const image = pixels(png);
  const green = count(image, [44, 160, 44], [0, 0, image.width, image.height]);
  assert(green > 5000, `converged cells' green pixels: ${green}`);
  assert(first.scene === 9 && done.scene === 9, `scene ${done.scene}`);
  await page.close();
});

const BAD_LINKS = [
  ["#preset=rnig", ["unknown preset 'rnig'"]],
  ["#set=lr_q:0.1", ["lr_q", "unknown key"]],
  ["#set=lr_g:-1", ["lr_g", "-1"]],
  ["#seed=-3", ["seed", "-3"]],
  ["#lesson=gan-lecture&scene=99", ["scene 99 is past the end"]],
  ["#lesson=nope", ["unknown lesson 'nope'"]],
  ["#view=maps", ["unknown view 'maps'"]],
  ["#preset=figure1&fix", ["no failure"]],
  ["#%zz&&garbage", ["unknown part '%zz'"]],
  ["#speed=fast", ["speed = 'fast'"]],
];

await check(`${BAD_LINKS.length} bad links open the default run with their message`, async () => {
  // The command line's message for the same mistake.
  const cli = spawnSync(native, ["train", "--preset", "rnig"]).stderr.toString();
  for (const [fragment, words] of BAD_LINKS) {
    const page = await open(fragment);
    const state = await page.waitFor(`the message of ${fragment}`, (s) => s.notice !== null && s.steps > 0, 60);
    for (const word of words) assert(state.notice.includes(word), `${fragment}: '${state.notice}' lacks '${word}'`);
    assert(!state.notice.includes("\n"), `${fragment}: more than one line`);
    assert(state.tab === "Live" && state.link === "#preset=figure1", `${fragment} did not open the default: ${state.link}`);
    if (fragment === "#preset=rnig") {
      assert(cli.includes(state.notice), `the command line says '${cli.trim()}', the page '${state.notice}'`);
      fs.writeFileSync(path.join(shots, "bad_link.png"), await page.screenshot());
    }
    await page.close();
  }
});

await check("P downloads the picture shown as a valid PNG", async () => {
  const page = await open("#preset=ring&seed=2&pause=50&speed=max");
  await page.waitFor("iteration 50", (s) => s.steps === 50 && !s.playing, 120);
  await page.click(800, 300);
  await page.press("p", "KeyP", 80);
  const file = path.join(downloads, "ganscope-frame.png");
  const deadline = Date.now() + 60000;
  while (!fs.existsSync(file) && Date.now() < deadline) await sleep(200);
  assert(fs.existsSync(file), "no ganscope-frame.png downloaded");
  await sleep(500);
  const png = fs.readFileSync(file);
  assert(png.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])), "not a PNG signature");
  const image = pixels(png);
  assert(image.width === 960 && image.height === 600, `size ${image.width}x${image.height}`);
  const white = count(image, [255, 255, 255], [0, 0, image.width, image.height], 6);
  assert(white < 0.98 * image.width * image.height, "the exported picture is blank");
  fs.copyFileSync(file, path.join(shots, "exported_ring.png"));
  await page.close();
});

await check("Shift+R records; stopping downloads a zip of the frames and the GIF", async () => {
  const page = await open("#preset=ganlab&seed=3&pause=40&speed=max");
  await page.waitFor("iteration 40", (s) => s.steps === 40 && !s.playing, 120);
  await page.click(800, 300);
  await page.press("R", "KeyR", 82, 8);
  await sleep(500);
  await page.press(" ", "Space", 32);
  const playing = await page.waitFor("iteration 100", (s) => s.steps >= 100, 120);
  await page.press("R", "KeyR", 82, 8);
  const zip = path.join(downloads, "ganscope-frames.zip");
  const gif = path.join(downloads, "ganscope-run.gif");
  const deadline = Date.now() + 60000;
  while (!(fs.existsSync(zip) && fs.existsSync(gif)) && Date.now() < deadline) await sleep(200);
  assert(fs.existsSync(zip) && fs.existsSync(gif), `downloads: ${fs.readdirSync(downloads).join(", ")}`);
  await sleep(500);
  const stopped = await page.state();
  // Frames every 10 iterations from 40 up to where it stopped (it went on a little).
  const least = Math.floor((playing.steps - 40) / 10) + 1;
  const bytes = fs.readFileSync(zip);
  // The zip's end record (no comment): its entry count.
  const end = bytes.length - 22;
  assert(bytes.readUInt32LE(end) === 0x06054b50, "no zip end record");
  const entries = bytes.readUInt16LE(end + 10);
  const names = bytes.toString("latin1").match(/frame_\d{6}\.png/g) || [];
  assert(entries >= least && entries <= Math.floor((stopped.steps - 40) / 10) + 1, `${entries} frames in the zip, from 40 to ${stopped.steps}`);
  assert(names.includes("frame_000040.png") && names.includes("frame_000100.png"), `names: ${[...new Set(names)].join(" ")}`);
  const gifFrames = execFileSync("identify", ["-format", "%w %h\n", gif]).toString().trim().split("\n");
  assert(gifFrames.length === entries, `${gifFrames.length} GIF frames, ${entries} in the zip`);
  assert(gifFrames.every((l) => l === "960 600"), `GIF frame sizes: ${[...new Set(gifFrames)].join(", ")}`);
  execFileSync("convert", [`${gif}[0]`, path.join(shots, "recorded_first.png")]);
  await page.close();
});

browser.close();
site.close();
console.log(failures === 0 ? "browser checks: all passed" : `browser checks: ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
