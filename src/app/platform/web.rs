//! The browser's side of each seam (see the table in [`super`]): no threads, so work
//! advances in slices of the frame loop; files go out as downloads and come in from a
//! picker or a drop; the URL's fragment is the link to what is on screen.

use super::{Duration, IncomingFile, Instant, WORK_SLICE, Work, next_work_budget};
use std::cell::{Cell, RefCell};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// wasm32 in a browser has no threads: the frame loop does the work.
pub const THREADS: bool = false;

/// True in a browser: files come from a picker, the address holds the link.
pub const BROWSER: bool = true;

/// The frame now being made: when it started, the time its work may take, and how many
/// pieces of work asked for time in it and in the frame before.
#[derive(Clone, Copy)]
struct FrameTime {
    started: Instant,
    budget: Duration,
    asked: u32,
    asked_before: u32,
}

thread_local! {
    static FRAME: Cell<Option<FrameTime>> = const { Cell::new(None) };
}

/// Marks the start of a frame and sets its work's budget ([`next_work_budget`]); after a
/// frame in which no work asked, whose interval says nothing of the work, it stays.
pub fn frame_started() {
    let now = Instant::now();
    let last = FRAME.with(Cell::get);
    let budget = last.map_or(WORK_SLICE, |last| {
        if last.asked == 0 {
            last.budget
        } else {
            next_work_budget(last.budget, now.duration_since(last.started))
        }
    });
    FRAME.with(|f| {
        f.set(Some(FrameTime {
            started: now,
            budget,
            asked: 0,
            asked_before: last.map_or(1, |l| l.asked.max(1)),
        }))
    });
}

/// Until when the piece of work asking may go on in this frame: the frame's time split
/// evenly between the pieces that asked in the frame before (the live run and a Figure
/// 1 run in the background each get half), at least a few milliseconds each.
pub fn work_until() -> Instant {
    let now = Instant::now();
    let Some(mut frame) = FRAME.with(Cell::get) else {
        return now + WORK_SLICE;
    };
    frame.asked += 1;
    FRAME.with(|f| f.set(Some(frame)));
    let share = (frame.budget / frame.asked_before).max(Duration::from_millis(3));
    now + share
}

/// Background work the frame loop advances in the frame's time ([`work_until`]).
pub struct Background {
    work: Option<Work>,
    ctx: egui::Context,
}

impl Background {
    /// Does the work's share of this frame; asks for another frame while work is left.
    pub fn pump(&mut self) {
        let Some(work) = self.work.as_mut() else {
            return;
        };
        let until = work_until();
        loop {
            if !work() {
                // Dropping the work closes its channel: the receiver sees the end.
                self.work = None;
                return;
            }
            if Instant::now() >= until {
                break;
            }
        }
        self.ctx.request_repaint();
    }
}

/// Keeps `work` for the frame loop to advance (see [`Background::pump`]).
pub fn background(_name: &str, ctx: &egui::Context, work: Work) -> Result<Background, String> {
    ctx.request_repaint();
    Ok(Background {
        work: Some(work),
        ctx: ctx.clone(),
    })
}

fn document() -> Result<web_sys::Document, String> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| "this page has no document".to_string())
}

fn js_message(e: JsValue) -> String {
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

/// Hands `bytes` to the browser as a download called `name`.
pub fn save_file(name: &str, bytes: &[u8]) -> Result<String, String> {
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    if name.is_empty() {
        return Err("type a file name to download, e.g. ganscope-frame.png".into());
    }
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(js_message)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js_message)?;
    let anchor: web_sys::HtmlAnchorElement = document()?
        .create_element("a")
        .map_err(js_message)?
        .dyn_into()
        .map_err(|_| "cannot make a download link".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    // The browser has taken the file once the click is handled; free the blob then.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    Ok(format!("downloaded {name}"))
}

thread_local! {
    /// Files the picker has read, waiting for the app's next frame.
    static PICKED: RefCell<Vec<IncomingFile>> = const { RefCell::new(Vec::new()) };
}

/// Opens the browser's file picker for a config or a lesson (.toml) or a saved map (.json); what the user
/// picks arrives through [`take_picked`] a frame or two later.
pub fn pick_file(ctx: &egui::Context) {
    let Ok(document) = document() else { return };
    let Ok(input) = document
        .create_element("input")
        .map(|e| e.unchecked_into::<web_sys::HtmlInputElement>())
    else {
        return;
    };
    input.set_type("file");
    input.set_accept(".toml,.json,text/plain,application/json");
    let ctx = ctx.clone();
    let picked = input.clone();
    let on_change = Closure::once_into_js(move || {
        let Some(files) = picked.files() else { return };
        for i in 0..files.length() {
            let Some(file) = files.get(i) else { continue };
            let ctx = ctx.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let read = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
                let bytes = match read {
                    Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
                    Err(_) => Vec::new(),
                };
                PICKED.with(|p| p.borrow_mut().push(IncomingFile { name, bytes }));
                ctx.request_repaint();
            });
        }
    });
    input.set_onchange(Some(on_change.unchecked_ref()));
    input.click();
}

/// Files the picker brought in since the last call.
pub fn take_picked() -> Vec<IncomingFile> {
    PICKED.with(|p| std::mem::take(&mut *p.borrow_mut()))
}

/// The URL's fragment the page was opened at (with its `#`), if it has one.
pub fn initial_link() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    (hash.len() > 1).then_some(hash)
}

/// Puts `fragment` in the address bar without a reload or a history entry, so the
/// address always reproduces what is on screen.
pub fn show_link(fragment: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(fragment));
    }
}

/// The page's address with `fragment` in place of its own: what "Copy link" copies.
pub fn full_link(fragment: &str) -> Option<String> {
    let href = web_sys::window()?.location().href().ok()?;
    let page = href.split('#').next().unwrap_or(&href);
    Some(format!("{page}{fragment}"))
}

/// Puts the page in the browser's full screen, or back. The browser allows it only
/// shortly after a key or a click, which is when the app asks (F11, F5, the strip's
/// classroom switch).
pub fn set_fullscreen(_ctx: &egui::Context, on: bool) {
    let Ok(document) = document() else { return };
    if on {
        if let Some(page) = document.document_element() {
            let _ = page.request_fullscreen();
        }
    } else if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
    }
}

/// True while the page fills the screen.
pub fn fullscreen(_ctx: &egui::Context) -> bool {
    document().is_ok_and(|d| d.fullscreen_element().is_some())
}

/// Writes the app's state (JSON) into the page's hidden `#ganscope-state` element, where
/// a browser test reads the iteration count, the metrics and the message shown.
pub fn report(state: &str) {
    if let Ok(Some(element)) = document().map(|d| d.get_element_by_id("ganscope-state")) {
        element.set_text_content(Some(state));
    }
}

/// Starts the app on the page's `#ganscope-canvas`; a failure replaces the loading text
/// with the reason.
pub fn start() {
    wasm_bindgen_futures::spawn_local(async {
        let result = start_runner().await;
        if let Err(message) = result
            && let Ok(Some(loading)) = document().map(|d| d.get_element_by_id("ganscope-loading"))
        {
            loading.set_text_content(Some(&format!("ganscope could not start: {message}")));
        }
    });
}

async fn start_runner() -> Result<(), String> {
    let canvas: web_sys::HtmlCanvasElement = document()?
        .get_element_by_id("ganscope-canvas")
        .ok_or("the page has no #ganscope-canvas")?
        .dyn_into()
        .map_err(|_| "#ganscope-canvas is not a canvas".to_string())?;
    eframe::WebRunner::new()
        .start(
            canvas,
            eframe::WebOptions::default(),
            Box::new(|cc| {
                let app = crate::app::GanscopeApp::new(cc)?;
                Ok(Box::new(app) as Box<dyn eframe::App>)
            }),
        )
        .await
        .map_err(js_message)?;
    if let Ok(Some(loading)) = document().map(|d| d.get_element_by_id("ganscope-loading")) {
        loading.remove();
    }
    Ok(())
}

/// Starts reading files dropped on the page (a browser reads them only asynchronously);
/// they arrive through [`take_picked`] a frame or two later, as picked ones do.
pub fn take_dropped(
    ctx: &egui::Context,
    dropped: Vec<std::sync::Arc<dyn egui::DroppedFile + Send + Sync>>,
) -> Vec<Result<IncomingFile, String>> {
    for file in dropped {
        let ctx = ctx.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let name = file.path().display().to_string();
            let bytes = file.bytes_async().await.unwrap_or_default();
            PICKED.with(|p| p.borrow_mut().push(IncomingFile { name, bytes }));
            ctx.request_repaint();
        });
    }
    Vec::new()
}
