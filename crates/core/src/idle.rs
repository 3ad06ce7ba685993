//! Returning to the attract loop when nobody is using the screen.

/// Seconds of warning shown before going back (即将返回首页).
pub const COUNTDOWN_SECONDS: f32 = 10.0;

/// What the idle clock says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IdleState {
    /// Someone is using it.
    Active,
    /// Going back in this many whole seconds (10 … 1).
    Countdown(u32),
    /// Time to go back.
    Expired,
}

/// Seconds since the last touch, against a timeout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IdleClock {
    timeout: f32,
    idle: f32,
}

impl IdleClock {
    pub fn new(timeout: f32) -> Self {
        Self { timeout, idle: 0.0 }
    }

    /// A new timeout from edited settings. The time already spent idle still
    /// counts, so an edit neither extends nor cuts short a citizen's session.
    pub fn set_timeout(&mut self, timeout: f32) {
        self.timeout = timeout;
    }

    /// The timeout in seconds.
    pub fn timeout(&self) -> f32 {
        self.timeout
    }

    /// A touch, a click or a key: start counting again.
    pub fn touch(&mut self) {
        self.idle = 0.0;
    }

    /// Lets `dt` seconds pass without input.
    pub fn tick(&mut self, dt: f32) -> IdleState {
        // A step back must not keep a session open past its time.
        self.idle += dt.max(0.0);
        self.state()
    }

    pub fn state(&self) -> IdleState {
        let left = self.timeout - self.idle;
        if left <= 0.0 {
            IdleState::Expired
        } else if left <= COUNTDOWN_SECONDS {
            IdleState::Countdown(left.ceil() as u32)
        } else {
            IdleState::Active
        }
    }

    /// Seconds until the display must change next (countdown digit or expiry).
    pub fn next_change(&self) -> f32 {
        let left = self.timeout - self.idle;
        if left > COUNTDOWN_SECONDS {
            left - COUNTDOWN_SECONDS
        } else {
            (left - (left.ceil() - 1.0)).max(0.01)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down_the_last_ten_seconds_then_expires() {
        let mut clock = IdleClock::new(90.0);
        assert_eq!(clock.tick(79.0), IdleState::Active);
        assert_eq!(clock.tick(1.5), IdleState::Countdown(10));
        assert_eq!(clock.tick(8.6), IdleState::Countdown(1));
        assert_eq!(clock.tick(1.0), IdleState::Expired);
    }

    #[test]
    fn a_touch_starts_over() {
        let mut clock = IdleClock::new(30.0);
        clock.tick(25.0);
        clock.touch();
        assert_eq!(clock.state(), IdleState::Active);
        assert!((clock.next_change() - 20.0).abs() < 1e-4);
    }

    #[test]
    fn a_new_timeout_keeps_the_time_already_idle() {
        let mut clock = IdleClock::new(90.0);
        clock.tick(70.0);
        clock.set_timeout(120.0);
        assert_eq!(clock.state(), IdleState::Active);
        assert!((clock.next_change() - 40.0).abs() < 1e-4);
        clock.set_timeout(75.0);
        assert_eq!(clock.state(), IdleState::Countdown(5));
    }

    #[test]
    fn a_clock_jump_forward_ends_the_session_once_and_a_touch_starts_afresh() {
        let mut clock = IdleClock::new(90.0);
        assert_eq!(clock.tick(31_536_000.0), IdleState::Expired);
        clock.touch();
        assert_eq!(clock.tick(1.0), IdleState::Active);
        assert!(clock.next_change().is_finite());
        let before = clock.next_change();
        clock.tick(-86_400.0);
        assert_eq!(
            clock.next_change(),
            before,
            "a step back does not extend it"
        );
    }
}
