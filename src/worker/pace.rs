//! How fast a run trains and when it stops: the speed, whether it plays, when the next
//! iteration is due and the iteration a lesson pauses at; and the measured rate.

use super::clock::{Duration, Instant};

/// Slowest speed: one iteration per second, so each update can be watched.
pub const SLOWEST: f64 = 1.0;

/// Fastest limited speed: above it, a speed control means "as fast as possible".
pub const FASTEST_LIMITED: f64 = 1000.0;

/// The speed the app opens at and a lesson scene plays at unless it says otherwise: slow
/// enough that a class sees the figure1 generator travel from z to the data over several
/// seconds instead of one blink.
pub const CLASS_PACE: Speed = Speed::Limited(150.0);

/// How fast training runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Speed {
    /// At most this many iterations per second (at least [`SLOWEST`]).
    Limited(f64),
    /// As fast as the machine allows.
    Unlimited,
}

impl Speed {
    /// Time between iterations, `None` when unlimited.
    fn period(self) -> Option<Duration> {
        match self {
            Speed::Limited(rate) => Some(Duration::from_secs_f64(1.0 / rate.max(SLOWEST))),
            Speed::Unlimited => None,
        }
    }

    /// When the iteration after the one due at `due` is due, seen at `now`: one period
    /// later, keeping the cadence, but never more than [`CATCH_UP`] in the past: a
    /// worker that is visited only once a frame (a browser's, whose frames may come
    /// slowly) makes up the iterations owed since its last visit, while after a long
    /// stall the cadence starts again instead of catching up in a burst. Unlimited:
    /// `now`. Pure in its clock, so the pace is tested on made-up instants.
    pub(super) fn next_due(self, due: Instant, now: Instant) -> Instant {
        match self.period() {
            Some(period) => {
                let earliest = now.checked_sub(CATCH_UP).unwrap_or(now);
                (due + period).max(earliest)
            }
            None => now,
        }
    }
}

/// How far behind its cadence a paced run may be and still make the difference up: a
/// quarter of a second, longer than a slow frame, shorter than a stall a class would
/// notice as a burst.
pub const CATCH_UP: Duration = Duration::from_millis(250);

/// Whether the run plays, how fast, when its next iteration is due and where it pauses.
pub(super) struct Pace {
    /// True while the user wants training to run.
    pub playing: bool,
    /// The configured speed.
    pub speed: Speed,
    /// When the next iteration of continuous play is due.
    pub next_iteration: Instant,
    /// The iteration the run pauses at (a lesson's next action), if any.
    pub pause_at: Option<u64>,
}

impl Pace {
    pub fn new(playing: bool, speed: Speed, now: Instant) -> Self {
        Pace {
            playing,
            speed,
            next_iteration: now,
            pause_at: None,
        }
    }

    /// Plays from `now`.
    pub fn play(&mut self, now: Instant) {
        self.playing = true;
        self.next_iteration = now;
    }

    /// A new speed, in force from `now`.
    pub fn set_speed(&mut self, speed: Speed, now: Instant) {
        self.speed = speed;
        self.next_iteration = now;
    }

    /// Whether an iteration of continuous play is due at `now`; if so, the one after it
    /// is scheduled.
    pub fn take_due(&mut self, now: Instant) -> bool {
        if now < self.next_iteration {
            return false;
        }
        self.next_iteration = self.speed.next_due(self.next_iteration, now);
        true
    }

    /// Pauses when the run stands at (or, after a rewind forward, past) the iteration it
    /// was told to pause at; true then.
    pub fn reached_pause(&mut self, steps: u64) -> bool {
        if self.pause_at.is_some_and(|at| steps >= at) {
            self.pause_at = None;
            self.playing = false;
            true
        } else {
            false
        }
    }
}

/// Iterations per second, measured over windows of about half a second.
pub(super) struct RateMeter {
    since: Instant,
    steps_at: u64,
    /// The latest measurement.
    pub rate: f64,
}

impl RateMeter {
    pub fn new(steps: u64, now: Instant) -> Self {
        RateMeter {
            since: now,
            steps_at: steps,
            rate: 0.0,
        }
    }

    pub fn update(&mut self, steps: u64, running: bool, now: Instant) {
        let elapsed = now.saturating_duration_since(self.since).as_secs_f64();
        if !running {
            self.rate = 0.0;
            self.restart(steps, now);
        } else if elapsed >= 0.5 && (steps.saturating_sub(self.steps_at) >= 5 || elapsed >= 2.0) {
            self.rate = steps.saturating_sub(self.steps_at) as f64 / elapsed;
            self.restart(steps, now);
        }
    }

    fn restart(&mut self, steps: u64, now: Instant) {
        self.since = now;
        self.steps_at = steps;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Iterations a trainer that takes `cost` per iteration starts within `span` at
    /// `speed`, on a made-up clock: each starts when it is due, or when the last ends.
    fn iterations_within(speed: Speed, cost: Duration, span: Duration) -> usize {
        let start = Instant::now();
        let (mut due, mut now, mut count) = (start, start, 0);
        while due.max(now) < start + span {
            now = due.max(now) + cost;
            count += 1;
            due = speed.next_due(due, now);
        }
        count
    }

    #[test]
    fn a_limited_speed_keeps_its_pace() {
        let second = Duration::from_secs(1);
        let fast = Duration::from_micros(100);
        assert_eq!(iterations_within(Speed::Limited(10.0), fast, second), 10);
        assert_eq!(iterations_within(Speed::Limited(250.0), fast, second), 250);
        // Below the slowest pace the slowest holds.
        let slowest = iterations_within(Speed::Limited(0.0), fast, 10 * second);
        assert_eq!(slowest, (10.0 * SLOWEST).ceil() as usize);
        // Unlimited: as many as the trainer can do.
        assert_eq!(
            iterations_within(Speed::Unlimited, Duration::from_millis(1), second),
            1000
        );
        // A trainer slower than the pace sets the pace: no burst to catch up.
        let slow = Duration::from_millis(250);
        assert_eq!(iterations_within(Speed::Limited(10.0), slow, second), 4);
    }

    #[test]
    fn after_a_slow_spell_the_cadence_restarts_instead_of_catching_up() {
        let start = Instant::now();
        let speed = Speed::Limited(10.0);
        let period = Duration::from_millis(100);
        // One iteration took a whole second: at most a quarter second is made up, then
        // the cadence goes on a period apart.
        let late = start + Duration::from_secs(1);
        let next = speed.next_due(start, late);
        assert_eq!(next, late - CATCH_UP);
        let mut due = next;
        let mut made_up = 0;
        while due <= late {
            due = speed.next_due(due, late);
            made_up += 1;
        }
        assert_eq!(made_up, 3, "a quarter second at 10 it/s, and no more");
        assert_eq!(due, late - CATCH_UP + 3 * period);
    }

    #[test]
    fn a_worker_visited_once_a_frame_keeps_its_pace() {
        // 150 it/s visited every 180 ms (a slow browser frame): each visit makes up what
        // is owed since the last one, so a second holds 150 iterations, not 6.
        let speed = Speed::Limited(150.0);
        let start = Instant::now();
        let (mut due, mut count) = (start, 0);
        for visit in 1..=6 {
            let now = start + Duration::from_millis(180 * visit);
            while due <= now {
                due = speed.next_due(due, now);
                count += 1;
            }
        }
        // Six visits cover 1.08 s: 162 iterations due, give or take the last one.
        assert!((161..=163).contains(&count), "{count}");
    }

    #[test]
    fn a_pause_at_stops_play_once_reached() {
        let now = Instant::now();
        let mut pace = Pace::new(true, Speed::Unlimited, now);
        pace.pause_at = Some(10);
        assert!(!pace.reached_pause(9));
        assert!(pace.playing);
        assert!(pace.reached_pause(12), "past it after a rewind forward");
        assert!(!pace.playing);
        assert_eq!(pace.pause_at, None);
    }
}
