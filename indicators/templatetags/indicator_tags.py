"""The indicators beside a plan's directions, without the plan's view having to know about them."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def plan_indicator_cards(plan) -> dict:
    return selectors.direction_cards(plan)


@register.filter
def cards_for(cards: dict, direction) -> list:
    return cards.get(direction.number, [])
