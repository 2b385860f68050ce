//! Where the tensors live. The CPU always works; a GPU needs both the cargo feature and
//! the hardware, and saying `device = "cuda"` without either is an error, not a silent
//! fall-back to the CPU.

use super::config::DeviceKind;
use candle_core::Device;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads CPU training uses unless the user says otherwise.
///
/// One leaves the second core of a small machine to the UI, and for the small presets
/// one thread is as fast as two (see BENCHMARKS.md); a wide network at a large batch
/// gains from two (`--threads 2`).
pub const DEFAULT_CPU_THREADS: usize = 1;

/// The candle device for `kind`, or a message saying why it cannot be had.
pub fn select(kind: DeviceKind) -> Result<Device, String> {
    match kind {
        DeviceKind::Cpu => Ok(Device::Cpu),
        DeviceKind::Cuda => cuda(),
        DeviceKind::Metal => metal(),
    }
}

#[cfg(feature = "cuda")]
fn cuda() -> Result<Device, String> {
    Device::new_cuda(0).map_err(|e| format!("device = cuda: no usable CUDA GPU ({e}); use device = cpu"))
}

#[cfg(not(feature = "cuda"))]
fn cuda() -> Result<Device, String> {
    Err("device = cuda needs ganscope built with `--features cuda`; this build has the CPU only (device = cpu)".into())
}

#[cfg(feature = "metal")]
fn metal() -> Result<Device, String> {
    Device::new_metal(0).map_err(|e| format!("device = metal: no usable Metal GPU ({e}); use device = cpu"))
}

#[cfg(not(feature = "metal"))]
fn metal() -> Result<Device, String> {
    Err("device = metal needs ganscope built with `--features metal`; this build has the CPU only (device = cpu)".into())
}

/// A short name for the status bar.
pub fn describe(device: &Device) -> String {
    match device {
        Device::Cpu => format!(
            "cpu ({} thread{})",
            cpu_threads(),
            if cpu_threads() == 1 { "" } else { "s" }
        ),
        Device::Cuda(_) => "cuda".into(),
        Device::Metal(_) => "metal".into(),
    }
}

/// The most threads training is given (`--threads` allows no more).
pub const MAX_THREADS: usize = 256;

/// Threads a CPU run may train on, set once at start-up ([`set_cpu_threads`]).
static CPU_THREADS: AtomicUsize = AtomicUsize::new(DEFAULT_CPU_THREADS);

/// Lets CPU training use up to `threads` threads (1 to [`MAX_THREADS`]). Each thread
/// takes a part of every minibatch through whole passes (`gan/split.rs`); candle itself
/// should then run on one thread (RAYON_NUM_THREADS=1), because its per-op splitting
/// competes with the parts for the same cores and measured slower at every size here.
/// Call it before training starts: the helper threads are started at the first split.
pub fn set_cpu_threads(threads: usize) {
    CPU_THREADS.store(threads.clamp(1, MAX_THREADS), Ordering::Relaxed);
}

/// The thread count RAYON_NUM_THREADS asks for (a positive whole number, at most
/// [`MAX_THREADS`]), read the same way by the binary and the benches; `None` when it is
/// unset or not a positive number.
pub fn threads_from_env() -> Option<usize> {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|s| s.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .map(|n| n.min(MAX_THREADS))
}

/// The number of threads CPU training may use.
pub fn cpu_threads() -> usize {
    CPU_THREADS.load(Ordering::Relaxed)
}
