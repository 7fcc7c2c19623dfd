package dev.poststack.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalTextTest {

    @Test
    void dropsColoursAndCursorMoves() {
        assertThat(TerminalText.clean("\u001b[91mls: \u001b[0mcannot access '/nope'")).isEqualTo("ls: cannot access '/nope'");
        assertThat(TerminalText.clean("\u001b[2K\u001b[1A\u001b[?25lDone")).isEqualTo("Done");
        assertThat(TerminalText.clean("\u009b31mred")).isEqualTo("red");
    }

    @Test
    void dropsWindowTitlesAndLinksEndedByBellOrStringTerminator() {
        assertThat(TerminalText.clean("\u001b]0;apt: 40%\u0007Unpacking")).isEqualTo("Unpacking");
        assertThat(TerminalText.clean("see \u001b]8;;http://x\u001b\\here\u001b]8;;\u001b\\ now")).isEqualTo("see here now");
    }

    @Test
    void keepsWhatATerminalShowsAfterCarriageReturns() {
        assertThat(TerminalText.clean("Progress: [ 10%]\rProgress: [ 40%]\r")).isEqualTo("Progress: [ 40%]");
        assertThat(TerminalText.clean("line\r")).isEqualTo("line");
    }

    @Test
    void dropsOtherControlCharactersAndTurnsTabsIntoSpaces() {
        assertThat(TerminalText.clean("a\u0000b\u0007c\bd\te\u007f")).isEqualTo("abcd e");
        assertThat(TerminalText.clean("\u001b(Bcharset \u001b7saved\u001b8 lone\u001b")).isEqualTo("charset saved lone");
    }

    @Test
    void leavesPlainTextAndUnicodeAlone() {
        assertThat(TerminalText.clean("  Setting up postgresql-17 (17.2-1) … ✓")).isEqualTo("  Setting up postgresql-17 (17.2-1) … ✓");
    }
}
