"""`{% spc_chart chart %}`: a Making Data Count chart with its legend and data table."""

from django import template

from programmes.chart_markup import chart_html

register = template.Library()


@register.simple_tag
def spc_chart(chart, open_table=False, printed=False):
    return chart_html(chart, open_table=open_table, printed=printed)
