//! One minibatch's gradient computed in parts, one part per CPU thread.
//!
//! candle's own threading splits each tensor op, and at these sizes handing every
//! product over to a second thread costs more than the thread saves (BENCHMARKS.md).
//! Cutting the minibatch instead keeps each thread inside whole forward and backward
//! passes and hands over once per step. Every loss is a mean over the minibatch's rows,
//! so the whole batch's gradient is the sum of the parts' gradients, each part's loss
//! weighted by its share of the rows. Each part draws its own rows on its thread, from
//! a stream seeded by the run's (the random numbers of a large batch cost a fifth of
//! its step), and the parts are summed in a fixed order: a seed replays the same run at
//! a given thread count, but not the run it gives on one thread.

use super::{GanError, Result};
use crate::engine::device;
use candle_core::backprop::GradStore;
use candle_core::{Device, Var};
use rayon::{ThreadPool, ThreadPoolBuilder};
use std::sync::OnceLock;

/// Fewest rows a part may have.
const MIN_ROWS: usize = 128;

/// Multiply-adds of one hidden-to-hidden product over the whole minibatch below which
/// one thread is faster. Waking the helper thread and summing the parts cost about 65 µs
/// a step on the 2-core machine, so a split loses wherever an iteration takes less than
/// about 0.3 ms on one thread: width 32 at batch 256 went from 0.24 to 0.25 ms, width 64
/// at batch 256 from 0.50 to 0.44 ms (BENCHMARKS.md, 2026-11-30, evening).
const MIN_WORK: usize = 256 * 64 * 64;

/// How many parts a minibatch of `rows` is cut into, for networks of hidden width
/// `width` on `device`: one part per CPU thread the user allows, when the work is large
/// enough to gain from it.
pub(super) fn part_count(rows: usize, width: usize, device: &Device) -> usize {
    if !device.is_cpu() || rows * width * width < MIN_WORK {
        return 1;
    }
    device::cpu_threads().min(rows / MIN_ROWS).max(1)
}

/// The row counts of `parts` nearly equal parts of `rows` (never an empty part).
pub(super) fn part_rows(rows: usize, parts: usize) -> Vec<usize> {
    let parts = parts.clamp(1, rows.max(1));
    (0..parts)
        .map(|i| rows * (i + 1) / parts - rows * i / parts)
        .collect()
}

/// `work` on every part, the first on this thread and the others on the helper threads,
/// the results in the parts' order.
pub(super) fn on_threads<P, T, F>(parts: &[P], work: F) -> Result<Vec<T>>
where
    P: Sync,
    T: Send,
    F: Fn(&P) -> Result<T> + Sync,
{
    let Some((first, others)) = parts.split_first() else {
        return Ok(Vec::new());
    };
    let mut results: Vec<Option<Result<T>>> = others.iter().map(|_| None).collect();
    let work = &work;
    let first = helpers().in_place_scope(|scope| {
        for (part, slot) in others.iter().zip(results.iter_mut()) {
            scope.spawn(move |_| *slot = Some(work(part)));
        }
        work(first)
    });
    std::iter::once(Some(first))
        .chain(results)
        .map(|slot| slot.unwrap_or_else(|| Err(GanError::Tensor("a part's thread gave no result".into()))))
        .collect()
}

/// The threads that take the parts after the first, started once and kept: starting a
/// thread per step would cost more than a small part's arithmetic.
fn helpers() -> &'static ThreadPool {
    static HELPERS: OnceLock<ThreadPool> = OnceLock::new();
    HELPERS.get_or_init(|| {
        let threads = device::cpu_threads().saturating_sub(1).max(1);
        ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("ganscope-part-{i}"))
            .build()
            .or_else(|_| ThreadPoolBuilder::new().num_threads(1).build())
            .expect("a thread pool of one thread")
    })
}

/// The sum of the parts' gradients over `vars`, in the parts' order (each part's loss
/// already weighted by its share).
pub(super) fn sum_gradients(parts: Vec<GradStore>, vars: &[Var]) -> Result<GradStore> {
    let mut parts = parts.into_iter();
    let Some(mut total) = parts.next() else {
        return Err(GanError::Tensor("no gradient to sum".into()));
    };
    for part in parts {
        for var in vars {
            let sum = match (total.get(var), part.get(var)) {
                (Some(a), Some(b)) => (a + b)?,
                (None, Some(b)) => b.clone(),
                (_, None) => continue,
            };
            total.insert(var, sum);
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_cut_into_nearly_equal_parts() {
        assert_eq!(part_rows(10, 1), vec![10]);
        assert_eq!(part_rows(10, 2), vec![5, 5]);
        assert_eq!(part_rows(10, 3), vec![3, 3, 4]);
        // Never more parts than rows.
        assert_eq!(part_rows(2, 5), vec![1, 1]);
    }

    #[test]
    fn results_come_back_in_the_parts_order() -> Result<()> {
        let parts: Vec<usize> = (0..4).collect();
        assert_eq!(on_threads(&parts, |&p| Ok(p * 10))?, vec![0, 10, 20, 30]);
        Ok(())
    }
}
