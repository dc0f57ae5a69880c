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


class Journey:
    """A reader's journey by keyboard alone, every Tab press counted (issue 13 §2: a chair's took 212).

    `skip_to_main()` uses the page's skip link, as a keyboard user does on a page they know: one Tab,
    then Enter, and the next Tab starts in the page's main content. `steps` says where the presses went,
    for a failing test's message."""

    def __init__(self, page):
        self.page = page
        self.tabs = 0
        self.steps: list[str] = []

    def _where(self) -> str:
        return self.page.evaluate("location.pathname")

    def tab_to(self, selector: str, max_presses: int = 60) -> "Journey":
        presses = tab_to(self.page, selector, max_presses)
        self.tabs += presses
        self.steps.append(f"{self._where()}: {presses} to {selector}")
        return self

    def skip_to_main(self) -> "Journey":
        self.tab_to(".govuk-skip-link")
        self.page.keyboard.press("Enter")
        assert self.page.evaluate("document.activeElement.id") == "main-content"
        return self

    def type(self, text: str) -> "Journey":
        self.page.keyboard.type(text)
        return self

    def follow(self) -> "Journey":
        """Enter on the focused link or button, and the page it leads to loaded."""
        with self.page.expect_navigation(wait_until="load"):
            self.page.keyboard.press("Enter")
        return self

    def __str__(self) -> str:
        return f"{self.tabs} Tab presses: " + "; ".join(self.steps)
