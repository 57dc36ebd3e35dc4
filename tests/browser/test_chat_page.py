"""The website chat in a real browser (Debian's Chromium, headless, driven by Playwright) against the
real servers: chatting, signing in, uploading and deleting documents, reloading, accessibility (axe-core),
printing, and the page at desktop and phone widths. Screenshots go to reports/browser/."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from msp_assistant.harness import RunningAssistant
from msp_assistant.store.repository import CaseStore
from web_test_support import (
    ATTORNEY,
    AXE,
    DISGUISED_HTML,
    LOPEZ_CASE,
    chromium_browser,  # noqa: F401  (fixture)
    pdf_bytes,
    png_bytes,
    screenshots,  # noqa: F401  (fixture)
)

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
REPLY_TIMEOUT_MS = 30_000


@pytest.fixture
def open_page(chromium_browser: Browser, assistant: RunningAssistant) -> Iterator[Any]:
    """Open the chat in a fresh browser context (its own storage), at a given viewport."""
    contexts = []

    def open_(viewport: dict[str, int] = DESKTOP) -> Page:
        context = chromium_browser.new_context(viewport=viewport, locale="en-US")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(REPLY_TIMEOUT_MS)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.errors = errors  # type: ignore[attr-defined]
        page.goto(assistant.web_url + "/")
        wait_until_connected(page)
        return page

    yield open_
    for context in contexts:
        context.close()


def wait_until_connected(page: Page) -> None:
    page.wait_for_function("() => !document.getElementById('message').disabled && window.MspChat.session()")


def bot_messages(page: Page):
    return page.locator("#transcript li.msg.bot")


def say(page: Page, text: str) -> None:
    """Type a message and press Enter (as a keyboard user would); wait for the bot's answer."""
    before = bot_messages(page).count()
    page.locator("#message").fill(text)
    page.locator("#message").press("Enter")
    expect(bot_messages(page)).not_to_have_count(before)
    expect(page.locator("#typing")).to_be_hidden()


def last_bot(page: Page):
    return bot_messages(page).last


def sign_in(page: Page, username: str, password: str) -> None:
    page.get_by_text("Attorneys, insurers and help-desk agents: sign in").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Password").press("Enter")
    expect(page.locator("#signed-in-as")).to_have_text(re.compile(r"Signed in as .+"))


def upload_file(page: Page, path: Path) -> None:
    box = page.locator(".upload").last
    box.locator("input[type=file]").set_input_files(str(path))
    box.get_by_role("button", name="Upload", exact=True).click()


def run_axe(page: Page) -> list[dict[str, Any]]:
    page.evaluate(AXE.read_text())
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }"""
    )


def assert_accessible(page: Page, name: str, screenshots: Path) -> None:
    violations = run_axe(page)
    (screenshots / f"axe-{name}.json").write_text(json.dumps(violations, indent=2))
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=2)


def full_page_screenshot(page: Page, path: Path) -> None:
    """The whole conversation in one picture: the message box, normally pinned to the bottom of the
    window, is put back in the flow so it does not float over the middle of the picture."""
    page.evaluate("document.getElementById('composer').style.position = 'static'")
    page.screenshot(path=str(path), full_page=True)
    page.evaluate("document.getElementById('composer').style.position = ''")


def documents_of(sqlite_url: str, conversation: str, *, include_deleted: bool = False) -> dict[str, bool]:
    store = CaseStore(sqlite_url)
    try:
        return {d.filename: d.deleted for d in store.documents(LOPEZ_CASE, include_deleted=include_deleted)
                if d.conversation_id == conversation}
    finally:
        store.close()


# --- tests -----------------------------------------------------------------------------------------

def test_a_keyboard_only_visitor_chats_at_once_and_hears_the_replies(open_page: Any) -> None:
    page = open_page()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the message box"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "message"
    page.keyboard.type("hello")
    before = bot_messages(page).count()
    page.keyboard.press("Enter")
    expect(bot_messages(page)).not_to_have_count(before)
    reply = last_bot(page)
    expect(reply).to_contain_text("I can help you")
    # The bot's "- item" lines are a real list, not a wall of text.
    expect(reply.locator("ul.bot-list > li")).to_have_count(5)
    expect(page.locator("#announcer")).to_contain_text("I can help you")
    assert page.evaluate("document.activeElement.id") == "message"  # focus stays for the next question
    expect(page.locator("#transcript li.msg.user").last).to_have_text(re.compile("hello"))

    base_font = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert base_font >= 18
    page.keyboard.press("Shift+Tab")  # a visible focus indicator on the next control back
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    assert page.errors == []  # type: ignore[attr-defined]


def test_an_attorney_uploads_deletes_a_wrong_file_and_a_reload_keeps_the_conversation(
    open_page: Any, sqlite_url: str, tmp_path: Path, screenshots: Path,
) -> None:
    page = open_page()
    say(page, "hello")
    sign_in(page, *ATTORNEY)
    token = page.evaluate("sessionStorage.getItem('msp.token')")
    assert token and page.evaluate("localStorage.getItem('msp.token')") is None

    say(page, f"show the claims for case {LOPEZ_CASE}")
    table = last_bot(page).locator("table.claims")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table).to_contain_text("$1,250.40")
    expect(table.locator("thead")).to_contain_text("Service date")

    say(page, f"upload my proof of representation for case {LOPEZ_CASE}")
    box = page.locator(".upload").last
    expect(box).to_contain_text("Accepted: PDF, TIFF, JPEG or PNG files only, up to 10 MB each.")
    conversation = page.evaluate("window.MspChat.session()")

    good = tmp_path / "signed-por.png"
    good.write_bytes(png_bytes(width=8, height=8, note=conversation))
    before = bot_messages(page).count()
    upload_file(page, good)
    expect(box.locator(".files")).to_contain_text("signed-por.png")
    expect(page.locator("#transcript li.msg.user").last).to_have_text(re.compile("I uploaded signed-por.png"))
    expect(bot_messages(page)).not_to_have_count(before)
    expect(last_bot(page)).to_contain_text("signed-por.png")  # the bot confirms the file by name

    disguised = tmp_path / "invoice.pdf"
    disguised.write_bytes(DISGUISED_HTML)
    upload_file(page, disguised)
    expect(box.locator(".upload-feedback")).to_contain_text("not a PDF, TIFF, JPEG or PNG file")
    expect(box.locator(".files")).not_to_contain_text("invoice.pdf")

    wrong = tmp_path / "wrong-document.pdf"
    wrong.write_bytes(pdf_bytes("Not the right document " + conversation))
    upload_file(page, wrong)
    expect(box.locator(".files")).to_contain_text("wrong-document.pdf")
    expect(last_bot(page)).to_contain_text("wrong-document.pdf")
    box.get_by_role("button", name="Delete wrong-document.pdf").click()
    expect(box.locator(".upload-feedback")).to_have_text("wrong-document.pdf was deleted.")
    expect(box.locator(".file.deleted")).to_contain_text("wrong-document.pdf")
    assert documents_of(sqlite_url, conversation, include_deleted=True) == {
        "signed-por.png": False, "wrong-document.pdf": True}

    full_page_screenshot(page, screenshots / "attorney-upload-desktop.png")
    page.set_viewport_size(PHONE)
    page.locator(".upload").last.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "attorney-upload-phone.png"))
    page.set_viewport_size(DESKTOP)

    shown = bot_messages(page).count()
    page.reload()
    wait_until_connected(page)
    assert page.evaluate("window.MspChat.session()") == conversation
    expect(bot_messages(page)).to_have_count(shown)
    expect(page.locator("table.claims").first.locator("tbody tr")).to_have_count(3)
    expect(page.locator("#signed-in-as")).to_have_text("Signed in as Avery Lee (attorney)")
    expect(page.locator(".file.deleted")).to_contain_text("wrong-document.pdf")
    say(page, "I uploaded the file")  # the bot still knows the case: Rasa kept the conversation
    expect(last_bot(page)).to_contain_text("signed-por.png")
    expect(last_bot(page)).not_to_contain_text("wrong-document.pdf")

    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("#sign-in-panel")).to_be_visible()
    page.wait_for_function(f"() => window.MspChat.session() && window.MspChat.session() !== '{conversation}'")
    expect(page.locator("#transcript")).not_to_contain_text("signed-por.png")
    assert page.evaluate("sessionStorage.getItem('msp.token')") is None
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_verified_beneficiary_sees_a_readable_claims_table_and_the_page_passes_axe(
    open_page: Any, screenshots: Path,
) -> None:
    page = open_page()
    say(page, "show me my claims")
    expect(last_bot(page)).to_contain_text("Medicare Number")
    say(page, "1EG4TE5MK73")
    say(page, "Lopez")
    say(page, "03/14/1950")
    table = page.locator("table.claims").last
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table).to_contain_text("Mercy Hospital Emergency")
    expect(table.locator(".masked").first).to_contain_text("masked")  # read out as "masked", not asterisks
    # The Medicare Number went to the bot but is shown and kept on the device only by its last 4.
    expect(page.locator("#transcript li.msg.user").nth(1)).to_have_text(re.compile(r"\*{7}MK73"))
    kept = page.evaluate("JSON.parse(localStorage.getItem('msp.transcript.' + window.MspChat.session()))")
    assert [e["text"] for e in kept if e["who"] == "user"][1] == "*******MK73"

    assert_accessible(page, "beneficiary-desktop", screenshots)
    full_page_screenshot(page, screenshots / "chat-desktop.png")

    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    assert_accessible(page, "beneficiary-phone", screenshots)
    full_page_screenshot(page, screenshots / "chat-phone.png")
    table.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "chat-phone-claims.png"))
    # On a phone each claim is a card whose every value keeps its label.
    label = table.locator("td").first.evaluate("td => getComputedStyle(td, '::before').content")
    assert "Service date" in label

    page.set_viewport_size(DESKTOP)
    page.emulate_media(media="print")
    for control in ("#composer", "#print", "#sign-in-panel", "#new-conversation"):
        expect(page.locator(control)).to_be_hidden()
    expect(page.locator("table.claims").last).to_be_visible()
    page.screenshot(path=str(screenshots / "print-preview.png"), full_page=True)
    page.emulate_media(media="screen")
    page.get_by_role("button", name="Print / save this conversation").evaluate("b => { window.print = () => {}; b.click(); }")
    expect(page.locator("#print-meta")).to_contain_text("Conversation with the MSP Recovery Assistant, printed")
    page.pdf(path=str(screenshots / "conversation.pdf"))
    assert (screenshots / "conversation.pdf").read_bytes().startswith(b"%PDF-")
    assert page.errors == []  # type: ignore[attr-defined]


def test_the_upload_control_passes_axe_at_both_widths(open_page: Any, screenshots: Path) -> None:
    page = open_page()
    sign_in(page, *ATTORNEY)
    say(page, f"upload my proof of representation for case {LOPEZ_CASE}")
    expect(page.locator(".upload input[type=file]")).to_be_visible()
    assert_accessible(page, "upload-desktop", screenshots)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, "upload-phone", screenshots)


def test_quick_replies_are_buttons_that_send_their_payload(open_page: Any) -> None:
    page = open_page()
    page.evaluate("""window.MspChat.receive({text: 'Would you like to start?',
        quick_replies: [{content_type: 'text', title: 'Say hello', payload: '/greet'},
                        {content_type: 'text', title: 'No thanks', payload: '/goodbye'}]})""")
    group = page.get_by_role("group", name="Answers you can choose")
    expect(group.get_by_role("button")).to_have_count(2)
    before = bot_messages(page).count()
    group.get_by_role("button", name="Say hello").click()
    expect(page.locator("#transcript li.msg.user").last).to_have_text(re.compile("Say hello"))  # the title is shown
    expect(bot_messages(page)).not_to_have_count(before)
    expect(last_bot(page)).to_contain_text("I can help you")  # the payload /greet reached the bot
    expect(group.get_by_role("button", name="No thanks")).to_be_disabled()  # an answered question's buttons


def test_bot_text_is_shown_as_text_never_as_markup(open_page: Any) -> None:
    page = open_page()
    page.evaluate("""window.MspChat.receive({text: '<img src=x onerror="window.pwned=1"> <b>bold</b>\\n1. <script>x</script>'})""")
    message = last_bot(page)
    expect(message).to_contain_text('<img src=x onerror="window.pwned=1"> <b>bold</b>')
    assert message.locator("img, b, script").count() == 0
    assert page.evaluate("window.pwned") is None
