//! Writing iCalendar (RFC 5545) content lines: text values escaped (§3.3.11), lines folded at 75 octets
//! (§3.1), every line ended by CRLF. Only the writer: what goes in is decided in `calendar.rs`.

/// An iCalendar object being written.
#[derive(Debug, Default)]
pub struct Ics {
    out: String,
}

/// Escapes a TEXT value: backslash, semicolon and comma are escaped, line breaks become `\n`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            // Other control characters are not allowed in a TEXT value.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

impl Ics {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// `BEGIN:name`.
    pub fn begin(&mut self, name: &str) -> &mut Self {
        self.line("BEGIN", &[], name)
    }

    /// `END:name`.
    pub fn end(&mut self, name: &str) -> &mut Self {
        self.line("END", &[], name)
    }

    /// A property whose value is TEXT, escaped here.
    pub fn text(&mut self, name: &str, params: &[(&str, &str)], value: &str) -> &mut Self {
        self.line(name, params, &escape(value))
    }

    /// A property whose value is written as it is (dates, integers, keywords, offsets): the caller builds it
    /// from values that need no escaping.
    pub fn line(&mut self, name: &str, params: &[(&str, &str)], value: &str) -> &mut Self {
        let mut line = String::from(name);
        for (key, val) in params {
            line.push(';');
            line.push_str(key);
            line.push('=');
            // A parameter value with a colon, semicolon or comma is quoted; quotes themselves are not allowed.
            let val: String = val.chars().filter(|c| *c != '"' && !c.is_control()).collect();
            if val.contains([':', ';', ',']) {
                line.push('"');
                line.push_str(&val);
                line.push('"');
            } else {
                line.push_str(&val);
            }
        }
        line.push(':');
        line.push_str(value);
        self.fold(&line);
        self
    }

    /// Writes a content line folded so that no physical line has more than 75 octets, never inside a character.
    fn fold(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            if width + c.len_utf8() > 75 {
                self.out.push_str("\r\n ");
                width = 1;
            }
            self.out.push(c);
            width += c.len_utf8();
        }
        self.out.push_str("\r\n");
    }

    /// The object written.
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "")
    }

    #[test]
    fn text_escapes_the_characters_rfc_5545_names() {
        assert_eq!(escape("a\\b;c,d\ne\r\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
        assert_eq!(escape("Almaty: 10:00"), "Almaty: 10:00");
    }

    #[test]
    fn a_long_russian_line_is_folded_at_75_octets_between_characters() {
        let mut ics = Ics::new();
        ics.text("SUMMARY", &[], &"Заседание Совета министров иностранных дел ".repeat(4));
        let out = ics.finish();
        for physical in out.split("\r\n") {
            assert!(physical.len() <= 75, "{} octets: {physical}", physical.len());
        }
        assert!(out.lines().count() > 2);
        assert_eq!(
            unfold(&out),
            format!("SUMMARY:{}\r\n", escape(&"Заседание Совета министров иностранных дел ".repeat(4)))
        );
    }

    #[test]
    fn a_parameter_with_a_colon_is_quoted() {
        let mut ics = Ics::new();
        ics.line("DTSTART", &[("TZID", "Asia/Almaty")], "20180611T100000").line("X", &[("P", "a:b")], "1");
        assert_eq!(ics.finish(), "DTSTART;TZID=Asia/Almaty:20180611T100000\r\nX;P=\"a:b\":1\r\n");
    }

    proptest! {
        #[test]
        fn folding_keeps_every_line_short_and_unfolds_to_the_line(text in "\\PC{0,300}") {
            let mut ics = Ics::new();
            ics.text("DESCRIPTION", &[], &text);
            let out = ics.finish();
            for physical in out.trim_end_matches("\r\n").split("\r\n") {
                prop_assert!(physical.len() <= 75);
            }
            prop_assert_eq!(unfold(&out), format!("DESCRIPTION:{}\r\n", escape(&text)));
        }
    }
}
