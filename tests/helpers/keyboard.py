"""Journeys by keyboard alone: Tab until an element has focus, then act on it."""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '';
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40);
  return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${text}"`;
}"""


def focused(page) -> str:
    return page.evaluate(FOCUSED)


def tab_to(page, selector: str, max_presses: int = 60) -> int:
    """Press Tab until the element matching `selector` has focus; return how many presses.

    Fails with the focus order seen, so a keyboard trap or a skipped control is visible.
    """
    seen = []
    for presses in range(1, max_presses + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return presses
        seen.append(focused(page))
    raise AssertionError(f"Tab never reached {selector}; focus went: " + " -> ".join(seen))


def focus_is_visible(page) -> bool:
    """The focused element draws a visible focus indicator (an outline or a box shadow)."""
    return page.evaluate("""() => {
      const s = getComputedStyle(document.activeElement);
      return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'
        || s.backgroundColor === 'rgb(255, 221, 0)';
    }""")
