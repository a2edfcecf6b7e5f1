"""The co-chairs' statement: gathered from the meeting, composed as Markdown, written as HTML and Word."""
