//! The four panels of Figure 1 as figures with their letters and captions, shared by the
//! app's Figure 1 view and `ganscope figure1`.

use super::Figure;
use crate::engine::snapshot::Snapshot;

/// The caption of each panel, after the paper's.
pub const FIGURE1_CAPTIONS: [&str; 4] = [
    "(a) near convergence: p_g close to p_data, D a partially accurate classifier",
    "(b) inner loop, G frozen: D has moved to D* = p_data / (p_data + p_g)",
    "(c) after G steps: D's gradient moved G(z) toward where D says data",
    "(d) after enough steps: p_g = p_data and D(x) = 1/2",
];

/// The panels as figures with captions; D* is drawn where it helps the story, in (b).
pub fn figure1_panels(snapshots: &[Snapshot; 4]) -> Vec<(Figure, String)> {
    snapshots
        .iter()
        .enumerate()
        .map(|(i, s)| figure1_panel(i, s))
        .collect()
}

/// Panel `index` ((a) is 0) of `snapshot` as a figure with its caption.
pub fn figure1_panel(index: usize, snapshot: &Snapshot) -> (Figure, String) {
    let caption = FIGURE1_CAPTIONS.get(index).copied().unwrap_or_default();
    (Figure::from_snapshot(snapshot, index == 1), caption.to_string())
}
