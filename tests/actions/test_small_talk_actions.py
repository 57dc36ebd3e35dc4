from bot.actions.capabilities import CAPABILITIES
from bot.actions.contacts import BCRC_CASE_LINE, BCRC_EDI_LINE
from bot.actions.small_talk import (
    ActionGreet,
    ActionHumanHandoff,
    ActionOutOfScope,
    ActionShowCapabilities,
)

from action_harness import run_action, tracker_after


async def test_first_greeting_introduces_the_assistant_and_everything_it_does() -> None:
    texts, events = await run_action(ActionGreet(), tracker_after("hello"))
    assert len(texts) == 1 and events == []
    assert "Medicare Secondary Payer (MSP) Recovery Assistant" in texts[0]
    for capability in CAPABILITIES:
        assert capability in texts[0]
    assert "Fixed Percentage Option" in texts[0] and "$10,000.00" in texts[0]


async def test_greeting_in_a_conversation_with_history_welcomes_back() -> None:
    texts, _ = await run_action(ActionGreet(), tracker_after("hello", "are you a bot", "hi again"))
    assert texts == ["Welcome back. We can pick up where we left off. What would you like to do?"]


async def test_help_lists_capabilities_and_offers_a_person() -> None:
    texts, _ = await run_action(ActionShowCapabilities(), tracker_after("what can you do"))
    assert "dispute" in texts[0] and "case status" in texts[0] and "help-desk agents" in texts[0]
    assert "person" in texts[0]


async def test_handoff_gives_both_bcrc_numbers_from_the_seed_page() -> None:
    texts, _ = await run_action(ActionHumanHandoff(), tracker_after("talk to a person"))
    assert BCRC_CASE_LINE == "1-855-798-2627" and BCRC_EDI_LINE == "1-646-458-6740"
    assert BCRC_CASE_LINE in texts[0] and BCRC_EDI_LINE in texts[0]


async def test_out_of_scope_is_honest_and_says_what_it_can_do_instead() -> None:
    texts, _ = await run_action(ActionOutOfScope(), tracker_after("tell me a joke"))
    assert texts[0].startswith("Sorry, I can't help with that here.")
    assert CAPABILITIES[0] in texts[0]
