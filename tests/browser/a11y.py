"""Accessibility, checked on the pages the journeys visit: every visible form field has a label,
the page has a title and exactly one h1, the keyboard reaches every action, and axe-core (vendored
under ``vendor/``) finds no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
BLOCKING = ("serious", "critical")

UNLABELLED_FIELDS = """() => {
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
    && getComputedStyle(el).visibility !== "hidden";
  const fields = document.querySelectorAll(
    "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]), "
    + "select, textarea");
  const labelled = el => (el.labels && el.labels.length > 0)
    || (el.getAttribute("aria-label") || "").trim() !== ""
    || (el.getAttribute("aria-labelledby") || "").split(/\\s+/).some(id => id && document.getElementById(id));
  return [...fields].filter(visible).filter(el => !labelled(el)).map(el => el.outerHTML.slice(0, 160));
}"""

# Everything a person can act on; each gets a number so that focus can be tracked.
ACTIONS = """() => {
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
    && getComputedStyle(el).visibility !== "hidden";
  const actions = [...document.querySelectorAll(
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), "
    + "textarea:not([disabled]), summary"
  )].filter(el => el.getAttribute("tabindex") !== "-1" && visible(el));
  actions.forEach((el, i) => el.dataset.a11yAction = i);
  window.__a11yReached = new Set();
  document.addEventListener("focusin", e => {
    const el = e.target.closest("[data-a11y-action]");
    if (el) window.__a11yReached.add(Number(el.dataset.a11yAction));
  });
  return actions.length;
}"""

UNREACHED = """() => [...document.querySelectorAll("[data-a11y-action]")]
  .filter(el => !window.__a11yReached.has(Number(el.dataset.a11yAction)))
  .map(el => el.outerHTML.slice(0, 160))"""


def unlabelled_fields(page: Page) -> list[str]:
    return page.evaluate(UNLABELLED_FIELDS)


def headings_and_title(page: Page) -> list[str]:
    problems = []
    title = page.title().strip()
    # The layout appends " · Plan Monitor"; a page must say what it is before that.
    if not title or title.startswith("·"):
        problems.append(f"no page title (<title> is {title!r})")
    h1s = page.locator("h1").all_inner_texts()
    if len(h1s) != 1 or not h1s[0].strip():
        problems.append(f"expected exactly one non-empty h1, found {h1s!r}")
    return problems


def unreachable_by_keyboard(page: Page, chunk: int = 40) -> list[str]:
    """Press Tab from the top of the page until every action has had the focus (or focus stops
    finding new ones); return the actions never reached."""
    total = page.evaluate(ACTIONS)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.locator("body").focus()
    reached = 0
    # Date inputs take several Tabs (day, month, year), so allow a few presses per action.
    for _ in range(0, 3 * total + chunk, chunk):
        for _ in range(chunk):
            page.keyboard.press("Tab")
        now = page.evaluate("() => window.__a11yReached.size")
        if now >= total or now == reached:
            break
        reached = now
    return page.evaluate(UNREACHED)


def axe_violations(page: Page) -> list[str]:
    """Serious and critical axe-core violations of the page (WCAG 2.1 A and AA rules)."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})"""
    )
    return [
        f"axe {v['impact']} {v['id']}: {v['help']} — " + "; ".join(n["html"][:120] for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def check(page: Page, *, keyboard: bool = False) -> None:
    """Assert the basics and axe-core's verdict on the current page; with ``keyboard`` also Tab
    through it."""
    problems = headings_and_title(page)
    problems += [f"form field without a label: {f}" for f in unlabelled_fields(page)]
    problems += axe_violations(page)
    if keyboard:
        problems += [f"not reachable with the keyboard: {a}" for a in unreachable_by_keyboard(page)]
    assert not problems, f"{page.url}:\n" + "\n".join(problems)
