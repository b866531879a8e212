//! A publication's Markdown as HTML that is safe to show: the one rendering that pages, feeds and mail share.

use pulldown_cmark::{html, Options, Parser};

/// Renders Markdown and sanitises the result with ammonia's allow-list: no script, no event-handler attribute,
/// no `javascript:` link, no raw HTML beyond the harmless tags survives. Links get `rel="noopener noreferrer"`.
pub fn render(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, parser);
    ammonia::clean(&unsafe_html)
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn paragraphs_and_emphasis_become_html() {
        assert_eq!(render("One *two*.\n\nThree."), "<p>One <em>two</em>.</p>\n<p>Three.</p>\n");
    }

    #[test]
    fn scripts_event_handlers_and_javascript_links_are_removed() {
        let html = render(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3)) \
             <a href=\"javascript:alert(4)\">x</a> <svg onload=alert(5)></svg>",
        );
        for bad in ["<script", "onerror", "javascript:", "onload", "<svg"] {
            assert!(!html.to_lowercase().contains(bad), "{bad} in {html}");
        }
    }
}
