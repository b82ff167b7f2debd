package dev.duo.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UntrustedTextTest {

    @Test
    void escapesWhatForgesLogLinesAndDrivesTerminals() {
        String hostile = "oops\n2026-01-01 [main] INFO dev.duo forged\r\u001b[31mred\u001b]0;title\u0007\u009b\u202e\u2028end";
        String s = UntrustedText.sanitize(hostile);
        assertThat(s).doesNotContain("\n", "\r", "\u001b", "\u0007", "\u009b", "\u202e", "\u2028")
                .contains("oops\\n2026-01-01 [main] INFO", "\\r\\u001b[31mred\\u001b]0;title\\u0007", "\\u009b", "\\u202e",
                        "\\u2028end");
        assertThat(UntrustedText.sanitize("tab\tkept")).isEqualTo("tab\tkept");
    }

    @Test
    void capsTheLengthWithoutSplittingASurrogatePair() {
        String s = UntrustedText.sanitize("a".repeat(1000), 10);
        assertThat(s).isEqualTo("aaaaaaaaaa... (990 more characters)");
        String emoji = "123456789\uD83D\uDE00tail";
        assertThat(UntrustedText.sanitize(emoji, 10)).startsWith("123456789...").doesNotContain("\uD83D");
    }

    @Test
    void keepsLinesWhenAskedAndLeavesCleanTextAlone() {
        assertThat(UntrustedText.sanitizeKeepingLines("line 1\r\nline 2\n\u001b[2J", 100)).isEqualTo("line 1\nline 2\n\\u001b[2J");
        String clean = "plain text";
        assertThat(UntrustedText.sanitize(clean)).isSameAs(clean);
        assertThat(UntrustedText.sanitize(null)).isNull();
    }
}
