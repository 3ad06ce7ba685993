//! Chinese numerals as used in law texts (第四十七条, （十二）) and the numbers a
//! citizen reads in content (15日, 五人).

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

fn digit_value(c: char) -> Option<u32> {
    match c {
        '〇' | '零' => Some(0),
        '两' => Some(2),
        _ => DIGITS.iter().position(|&d| d == c).map(|p| p as u32),
    }
}

fn unit_value(c: char) -> Option<u32> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    }
}

/// The numeral for the digit `d` (below 10).
fn digit(d: u32) -> char {
    DIGITS.get(d as usize).copied().unwrap_or('零')
}

/// Whether `c` can be part of a Chinese numeral.
pub fn is_numeral_char(c: char) -> bool {
    digit_value(c).is_some() || unit_value(c).is_some()
}

/// Parses a Chinese numeral below ten thousand (四十七 → 47, 一百零二 → 102, 十二 → 12).
pub fn parse(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    let mut total = 0u32;
    let mut pending: Option<u32> = None;
    let mut last_unit = u32::MAX;
    for c in text.chars() {
        if let Some(d) = digit_value(c) {
            if pending.is_some() && d != 0 {
                return None;
            }
            pending = if d == 0 { pending } else { Some(d) };
        } else if let Some(u) = unit_value(c) {
            if u >= last_unit {
                return None;
            }
            last_unit = u;
            total += pending.take().unwrap_or(1) * u;
        } else {
            return None;
        }
    }
    Some(total + pending.unwrap_or(0))
}

/// Writes `n` (0 < n < 10000) the way law texts do (47 → 四十七, 102 → 一百零二, 12 → 十二).
/// Numbers no law text numbers things with (0, or 10000 and above, mistyped in a
/// content file) are written in Arabic digits rather than refused: they reach here
/// from files, to be named in a diagnostic.
pub fn format(n: u32) -> String {
    if n == 0 || n >= 10_000 {
        return n.to_string();
    }
    let places = [(1000, '千'), (100, '百'), (10, '十')];
    let mut out = String::new();
    let mut rest = n;
    let mut need_zero = false;
    for (value, unit) in places {
        let d = rest / value;
        rest %= value;
        if d == 0 {
            need_zero = !out.is_empty();
            continue;
        }
        if need_zero {
            out.push('零');
            need_zero = false;
        }
        if !(value == 10 && d == 1 && out.is_empty()) {
            out.push(digit(d));
        }
        out.push(unit);
    }
    if rest > 0 {
        if need_zero {
            out.push('零');
        }
        out.push(digit(rest));
    }
    out
}

/// Every number in `text`, written in Arabic digits or Chinese numerals, in order.
///
/// Percentages and decimals are returned by their integer part; a lone 一 or 两 is
/// skipped because it reads as a word (一次, 两个维护) rather than a count.
pub fn numbers_in(text: &str) -> Vec<u32> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some(&c) = chars.get(i) else { break };
        if c.is_ascii_digit() {
            let start = i;
            while chars.get(i).is_some_and(char::is_ascii_digit) {
                i += 1;
            }
            let digits: String = chars.get(start..i).unwrap_or_default().iter().collect();
            if let Ok(n) = digits.parse() {
                out.push(n);
            }
            // Skip the fractional part of a decimal such as 97.68.
            if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
                i += 1;
                while chars.get(i).is_some_and(char::is_ascii_digit) {
                    i += 1;
                }
            }
        } else if is_numeral_char(c) {
            let start = i;
            while chars.get(i).is_some_and(|&c| is_numeral_char(c)) {
                i += 1;
            }
            let word: String = chars.get(start..i).unwrap_or_default().iter().collect();
            if matches!(word.as_str(), "一" | "两" | "零" | "〇") {
                continue;
            }
            if let Some(n) = parse(&word) {
                out.push(n);
            }
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_one_to_two_hundred() {
        for n in 1..=200 {
            assert_eq!(parse(&format(n)), Some(n), "{n} → {}", format(n));
        }
    }

    #[test]
    fn writes_law_style_numerals() {
        assert_eq!(format(47), "四十七");
        assert_eq!(format(102), "一百零二");
        assert_eq!(format(10), "十");
        assert_eq!(format(110), "一百一十");
        assert_eq!(format(200), "二百");
    }

    #[test]
    fn numbers_no_law_uses_are_written_in_digits_not_refused() {
        assert_eq!(format(0), "0");
        assert_eq!(format(10_000), "10000");
        assert_eq!(format(u32::MAX), "4294967295");
        assert_eq!(format(9999), "九千九百九十九");
    }

    #[test]
    fn parses_both_ten_forms() {
        assert_eq!(parse("十五"), Some(15));
        assert_eq!(parse("一十五"), Some(15));
        assert_eq!(parse("五十"), Some(50));
        assert_eq!(parse("十十"), None);
        assert_eq!(parse("五五"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn finds_numbers_in_mixed_text() {
        assert_eq!(numbers_in("15日内转送，最多不超过五人"), vec![15, 5]);
        assert_eq!(numbers_in("自受理之日起六十日内办结"), vec![60]);
        assert_eq!(numbers_in("化解率97.68%"), vec![97]);
        assert_eq!(numbers_in("一次性化解，两个维护"), Vec::<u32>::new());
    }
}
