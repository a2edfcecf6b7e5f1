"""The statement as HTML: markdown-it with raw HTML off, then nh3 so nothing active reaches the page."""

import nh3
from markdown_it import MarkdownIt

from .blocks import escape_control

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}) \
    .enable("table").enable("strikethrough")

ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "strong", "em", "s", "del", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"ol": {"start"}, "a": {"href", "title"}, "th": {"style"}, "td": {"style"}}


def _text_align_only(tag: str, attribute: str, value: str) -> str | None:
    # markdown-it aligns table columns with style="text-align:..."; no other style gets through
    if attribute == "style":
        return value if value in ("text-align:left", "text-align:right", "text-align:center") else None
    return value


def markdown_to_html(markdown: str) -> str:
    """A sanitised HTML fragment: no script, no event handlers, no javascript: links."""
    raw = _markdown.render(escape_control(markdown))
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_text_align_only,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def statement_page(markdown: str, title: str, banner: str = "") -> str:
    """A whole print-ready page (A4, page numbers) that also works saved to disk: its CSS is inline."""
    from .compose import environment

    body = markdown_to_html(markdown)
    # our own wrappers go in after sanitising: the title block is everything before the first heading
    head, marker, rest = body.partition("<h2>")
    if marker:
        body = f'<div class="title-block">\n{head}</div>\n<h2>{rest}'
    body = body.replace("<h2>Annex", '<h2 class="annex">Annex')
    return environment.get_template("statement/statement.html").render(
        title=title, banner=banner, body=body)
