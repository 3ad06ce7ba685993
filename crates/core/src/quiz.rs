//! The comic quiz: 这样做对吗？ for each scene, the answer revealed with its
//! explanation, a score at the end.

use super::comic::Verdict;

/// Where the citizen is in the quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Looking at scene `question`, not yet answered.
    Asking,
    /// Answered; the verdict and explanation are shown.
    Revealed { correct: bool },
    /// All scenes answered.
    Finished,
}

/// One run through a comic's scenes as questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quiz {
    answers: Vec<Verdict>,
    question: usize,
    score: usize,
    phase: Phase,
}

impl Quiz {
    /// A quiz over scenes with these verdicts.
    pub fn new(answers: Vec<Verdict>) -> Self {
        let phase = if answers.is_empty() {
            Phase::Finished
        } else {
            Phase::Asking
        };
        Self {
            answers,
            question: 0,
            score: 0,
            phase,
        }
    }

    /// Index of the scene asked about.
    pub fn question(&self) -> usize {
        self.question
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Right answers so far.
    pub fn score(&self) -> usize {
        self.score
    }

    /// Number of questions.
    pub fn len(&self) -> usize {
        self.answers.len()
    }

    /// Whether there are no questions.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }

    /// The citizen says whether the scene shows the right way (`true` = 对).
    /// Ignored unless a question is being asked, so a double tap counts once.
    pub fn answer(&mut self, says_lawful: bool) -> Option<bool> {
        if self.phase != Phase::Asking {
            return None;
        }
        let correct = (self.answers.get(self.question) == Some(&Verdict::Lawful)) == says_lawful;
        if correct {
            self.score += 1;
        }
        self.phase = Phase::Revealed { correct };
        Some(correct)
    }

    /// Moves on from a revealed answer to the next question or the result.
    pub fn next(&mut self) {
        if let Phase::Revealed { .. } = self.phase {
            self.question += 1;
            self.phase = if self.question >= self.answers.len() {
                Phase::Finished
            } else {
                Phase::Asking
            };
        }
    }

    /// Starts again from the first question.
    pub fn reset(&mut self) {
        *self = Self::new(std::mem::take(&mut self.answers));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Verdict::*;

    #[test]
    fn scores_right_answers_and_finishes() {
        let mut quiz = Quiz::new(vec![Mistake, Lawful, Mistake]);
        assert_eq!(quiz.answer(false), Some(true));
        assert_eq!(
            quiz.answer(false),
            None,
            "a second tap on the same question is ignored"
        );
        quiz.next();
        assert_eq!(quiz.answer(false), Some(false));
        quiz.next();
        assert_eq!(quiz.answer(true), Some(false));
        quiz.next();
        assert_eq!(quiz.phase(), Phase::Finished);
        assert_eq!(quiz.score(), 1);
    }

    #[test]
    fn reset_starts_over() {
        let mut quiz = Quiz::new(vec![Mistake, Lawful]);
        quiz.answer(false);
        quiz.next();
        quiz.reset();
        assert_eq!(
            (quiz.question(), quiz.score(), quiz.phase()),
            (0, 0, Phase::Asking)
        );
    }
}
