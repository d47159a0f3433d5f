"""The bilingual referral sheet's layout in a real browser: the divider sits between the German and the client's
column, whichever direction the professional's interface has."""

import pytest

from .conftest import open_page

pytestmark = pytest.mark.browser
_DIVIDER = """() => {
  const [german, client] = [...document.querySelectorAll('section.sheet-offer td.sheet-col')];
  const style = getComputedStyle(client);
  const g = german.getBoundingClientRect(), c = client.getBoundingClientRect();
  const side = style.borderLeftStyle === 'dashed' ? 'left' : style.borderRightStyle === 'dashed' ? 'right' : 'none';
  return {side, clientIsRight: c.left >= g.right - 1, clientIsLeft: c.right <= g.left + 1};
}"""


@pytest.mark.parametrize("interface", ["de", "ar"])
def test_divider_is_between_the_columns(browser, live_server, foreign_requests, interface):
    page = open_page(browser, foreign_requests, width=1280)
    page.goto(f"{live_server}/referral?offers=1,2&client=ar&lang={interface}")
    layout = page.evaluate(_DIVIDER)
    # The client's column has the divider on the side that faces the German column.
    assert (layout["side"] == "left" and layout["clientIsRight"]) or (
        layout["side"] == "right" and layout["clientIsLeft"]
    )
    page.screenshot(path=f"screenshots/referral-de-ar-ui-{interface}-1280.png", full_page=True)
    page.context.close()
