"""A Making Data Count XmR chart as HTML: inline SVG, legend, caption and its data table.

No script and no external resources, so the same markup works in a web page and in a PDF
printed by Chromium. Built here rather than in a template: a board pack holds 60 charts of 36
points, and the template language took about 1.5 ms a chart where this takes a tenth of that.
Numbers are not localised: they are SVG coordinates, and a decimal comma would break them.
"""

from html import escape

from django.utils.safestring import mark_safe

from programmes.charts import KIND_WORDS

LEGEND_SYMBOLS = {
    "circle": '<circle cx="10" cy="6" r="5" fill="{colour}"/>',
    "diamond": '<polygon points="10,0.5 15.5,6 10,11.5 4.5,6" fill="{colour}"/>',
    "square": '<rect x="5" y="1" width="10" height="10" fill="{colour}"/>',
    "dashed": '<line x1="0" x2="20" y1="6" y2="6" stroke="{colour}" stroke-width="2" '
              'stroke-dasharray="5 3"/>',
    "line": '<line x1="0" x2="20" y1="6" y2="6" stroke="{colour}" stroke-width="2"/>',
}


def chart_html(chart, *, open_table=False, printed=False):
    """The chart from `charts.spc_chart` as safe HTML.

    `open_table` shows the data table without a click. `printed` is the version for paper:
    the table open, no hover titles on the points (paper never shows them), and the table in
    two columns, naming the variation only where it is special cause: a pack prints 60 such
    tables, and a third fewer cells prints a second faster.
    """
    table = _printed_table(chart) if printed else _table(chart, open_table)
    parts = ['<figure class="app-spc-chart">', _svg(chart, not printed), _caption(chart),
             table, "</figure>"]
    return mark_safe("\n".join(parts))  # noqa: S308 (every text in it is escaped above)


def _svg(chart, tooltips):
    left, right, cid = chart.left, chart.right, chart.id
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-spc-chart__svg" '
        f'viewBox="0 0 {chart.width} {chart.height}" width="100%" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" font-size="11">',
        f'<title id="{cid}-title">{escape(chart.title)}</title>',
        f'<desc id="{cid}-desc">{escape(chart.description)}</desc>',
        '<g fill="#4c6272">',
    ]
    for tick in chart.y_ticks:
        y = tick.position
        out.append(f'<line x1="{left}" x2="{right}" y1="{y}" y2="{y}" stroke="#e8edee" '
                   f'stroke-width="1"/><text x="{left}" y="{y}" dx="-6" dy="0.35em" '
                   f'text-anchor="end">{escape(tick.label)}</text>')
    for label in chart.x_labels:
        out.append(f'<text x="{label.position}" y="{chart.bottom}" dy="18" '
                   f'text-anchor="middle">{escape(label.label)}</text>')
    out.append("</g>")
    if chart.upper_limit_y is not None:
        for y in (chart.upper_limit_y, chart.lower_limit_y):
            out.append(_rule(chart, y, chart.limit_colour, 1.5,
                             f' stroke-dasharray="{chart.limit_dash}"'))
    if chart.mean_y is not None:
        out.append(_rule(chart, chart.mean_y, chart.mean_colour, 1))
    if chart.target_y is not None:
        out.append(_rule(chart, chart.target_y, chart.target_colour, 1.5))
    for segment in chart.segments:
        out.append(f'<polyline points="{segment}" fill="none" stroke="{chart.line_colour}" '
                   f'stroke-width="1.5" stroke-linejoin="round"/>')
    for marker in chart.markers:
        title = f"<title>{escape(marker.title)}</title>" if tooltips else ""
        if marker.polygon:
            out.append(f'<polygon points="{marker.polygon}" fill="{marker.colour}" '
                       f'stroke="#ffffff" stroke-width="1">{title}</polygon>')
        else:
            out.append(f'<circle cx="{marker.x}" cy="{marker.y}" r="{marker.radius}" '
                       f'fill="{marker.colour}" stroke="#ffffff" stroke-width="1">'
                       f'{title}</circle>')
    out.append("</svg>")
    return "\n".join(out)


def _rule(chart, y, colour, width, extra=""):
    return (f'<line x1="{chart.left}" x2="{chart.right}" y1="{y}" y2="{y}" stroke="{colour}" '
            f'stroke-width="{width}"{extra}/>')


def _caption(chart):
    entries = "".join(
        '<li><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 12" width="20" height="12" '
        f'aria-hidden="true" focusable="false">'
        f'{LEGEND_SYMBOLS[entry.symbol].format(colour=entry.colour)}</svg> '
        f"{escape(entry.label)}</li>"
        for entry in chart.legend
    )
    trial = " Trial limits: fewer than 15 points." if chart.trial_limits else ""
    return (
        '<figcaption class="app-spc-chart__caption">'
        f'<ul class="nhsuk-list nhsuk-body-s app-spc-chart__legend">{entries}</ul>'
        f'<p class="nhsuk-body-s">{escape(chart.direction_note)}.{trial}</p></figcaption>'
    )


def _table(chart, open_table):
    rows = "\n".join(
        f'<tr class="nhsuk-table__row"><th scope="row" class="nhsuk-table__header">'
        f'{escape(row.period)}</th><td class="nhsuk-table__cell">{escape(row.value)}</td>'
        f'<td class="nhsuk-table__cell">{escape(row.kind)}</td></tr>'
        for row in chart.rows
    )
    return (
        f'<details class="nhsuk-details"{" open" if open_table else ""}>'
        '<summary class="nhsuk-details__summary">'
        '<span class="nhsuk-details__summary-text">Show the data as a table</span></summary>'
        '<div class="nhsuk-details__text"><table class="nhsuk-table">'
        f'<caption class="nhsuk-table__caption">{escape(chart.title)}</caption>'
        '<thead class="nhsuk-table__head"><tr class="nhsuk-table__row">'
        '<th scope="col" class="nhsuk-table__header">Period</th>'
        '<th scope="col" class="nhsuk-table__header">Value</th>'
        '<th scope="col" class="nhsuk-table__header">Variation</th></tr></thead>'
        f'<tbody class="nhsuk-table__body">\n{rows}\n</tbody></table></div></details>'
    )


def _printed_table(chart):
    common = KIND_WORDS["common"]
    rows = "\n".join(
        f'<tr><th scope="row">{escape(row.period)}</th><td>{escape(row.value)}'
        f'{"" if row.kind in (common, "") else f" ({escape(row.kind)})"}</td></tr>'
        for row in chart.rows
    )
    return (
        '<div class="app-spc-chart__data"><table>'
        f"<caption>{escape(chart.title)}: the data. Values not marked are common cause "
        "variation.</caption>"
        '<thead><tr><th scope="col">Period</th><th scope="col">Value</th></tr></thead>'
        f"<tbody>\n{rows}\n</tbody></table></div>"
    )
