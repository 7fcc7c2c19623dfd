package dev.poststack.check;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogExcerptTest {

    @Test
    void linesThatDifferOnlyInTheirDigitsAreShownOnceWithHowManyMoreThereWere() {
        List<String> lines = new ArrayList<>();
        lines.add("LOG:  database system is ready to accept connections");
        for (int i = 0; i < 4601; i++) {
            lines.add("2026-12-01 21:00:" + (i % 60) + " UTC [" + (100 + i) + "] FATAL:  password authentication failed");
            lines.add("2026-12-01 21:00:" + (i % 60) + " UTC [" + (100 + i) + "] DETAIL:  Connection matched line 5");
        }

        List<String> excerpt = LogExcerpt.of(lines, 30);

        assertThat(excerpt).containsExactly("LOG:  database system is ready to accept connections",
                "2026-12-01 21:00:0 UTC [100] FATAL:  password authentication failed", "… 4,600 more like this",
                "2026-12-01 21:00:0 UTC [100] DETAIL:  Connection matched line 5", "… 4,600 more like this");
    }

    @Test
    void distinctLinesAreKeptInOrderAndOnlyTheLastCountShown() {
        List<String> lines = List.of("alpha", "beta", "gamma", "delta");

        assertThat(LogExcerpt.of(lines, 2)).containsExactly("gamma", "delta");
        assertThat(LogExcerpt.of(List.of(), 30)).isEmpty();
    }
}
