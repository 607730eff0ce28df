"""The portfolio table's rows, made in Python: 50 initiatives × 10 cells through the
template language were the largest part of the page's rendering (each variable looked up,
localised and escaped by the engine); here each is escaped once. The markup is the one
`actionplans/_portfolio_table.html` had for a row."""

from django import template
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from klynge.actionplans.portfolio import Row

register = template.Library()


@register.simple_tag
def portfolio_rows(rows: list[Row], links: bool) -> SafeString:
    """`{% portfolio_rows group.rows links %}`: a <tr> per row; the title links to the
    initiative when `links` (the page, not the PDF)."""
    html = []
    for row in rows:
        title: str = escape(row.initiative.title)
        if links:
            title = f'<a href="{escape(row.url)}">{title}</a>'
        cells = "".join(
            f'<td class="rag {escape(c.css)}">{escape(c.label)}</td>' for c in row.cells
        )
        amounts = "".join(f'<td class="amount">{escape(a.text)}</td>' for a in row.amounts)
        html.append(
            "\n  <tr>"
            f"\n    <td>{localize(row.initiative.number)}</td>"
            f"\n    <td>{title}</td>"
            f"\n    <td>{escape(row.owners)}</td>"
            f"\n    <td>{escape(row.state_label)}</td>"
            f"\n    {cells}"
            f"\n    <td>{escape(row.change_label)}</td>"
            f"\n    {amounts}"
            "\n  </tr>"
        )
    return mark_safe("".join(html))  # every value above is escaped
