//! Where the tensors live. The CPU always works; a GPU needs both the cargo feature and
//! the hardware, and saying `device = "cuda"` without either is an error, not a silent
//! fall-back to the CPU.

use super::config::DeviceKind;
use candle_core::Device;

/// How many threads candle should use on the CPU unless the user says otherwise.
///
/// Measured on the 2-core development machine (see BENCHMARKS.md): for these tiny
/// tensors one thread beats two, because candle's per-op thread hand-off costs more than
/// the arithmetic it splits; one thread also leaves a core for the UI.
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

/// The number of threads candle uses on the CPU now.
pub fn cpu_threads() -> usize {
    candle_core::utils::get_num_threads()
}
