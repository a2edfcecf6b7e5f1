"""The results bar chart as inline SVG, drawn on the server so every screen shows the same picture."""

from markupsafe import escape

WIDTH = 960
LABEL_SIZE = 22
ROW = 78
BAR_HEIGHT = 30
TOP = 16
MAX_LABEL = 80
BAR = "#1f5fbf"
TIE = "#9a4d00"


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def chart_svg(results: dict) -> str:
    """Horizontal bars, one per option, labelled above; ties in a second colour and marked in words."""
    rows = results["results"]
    unit = results["unit"]
    top = max((row[unit] for row in rows), default=0) or 1
    height = TOP + ROW * len(rows) + 8
    label_width = 150  # room at the bar's end for "12 points (tie)"
    title = f"Results: {results['title']}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="poll-chart" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="poll-chart-{results["poll_id"]}-t" '
        f'font-family="system-ui, sans-serif" data-poll-chart="{results["poll_id"]}">',
        f'<title id="poll-chart-{results["poll_id"]}-t">{escape(title)}</title>',
    ]
    for index, row in enumerate(rows):
        y = TOP + index * ROW
        value = row[unit]
        length = round((WIDTH - label_width - 8) * value / top) if value else 0
        colour = TIE if row["tied"] and value else BAR
        word = unit if unit == "points" else ("vote" if value == 1 else "votes")
        if unit == "points" and value == 1:
            word = "point"
        label = f"{value} {word}" + (" (tie)" if row["tied"] else "")
        parts.append(
            f'<g class="bar{" tied" if row["tied"] else ""}" data-option="{row["option_id"]}">'
            f'<title>{escape(row["text"])}: {escape(label)}</title>'
            f'<text x="0" y="{y + LABEL_SIZE}" font-size="{LABEL_SIZE}" fill="#111">'
            f'{row["rank"]}. {escape(_short(row["text"]))}</text>'
            f'<rect x="0" y="{y + 32}" width="{max(length, 3)}" height="{BAR_HEIGHT}" rx="3" fill="{colour}"/>'
            f'<text x="{max(length, 3) + 10}" y="{y + 32 + BAR_HEIGHT - 8}" font-size="{LABEL_SIZE}" '
            f'font-weight="700" fill="#111">{escape(label)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
