package io.meterwise.server.http.costmanagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.meterwise.core.cost.CostTable;
import io.meterwise.core.testing.MovableClock;

class QueryAnswersTest {

    static CostTable table(int rows) {
        List<List<Object>> r = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            r.add(List.of(i));
        }
        return new CostTable(List.of(new CostTable.Column("Cost", "Number")), r);
    }

    @Test
    void continuationsReuseTheAnswerFirstPagesRecompute() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-01T00:00:00Z"));
        QueryAnswers answers = new QueryAnswers(clock);
        AtomicInteger computed = new AtomicInteger();
        QueryAnswers.Key key = new QueryAnswers.Key("p", "/s", "f", 7);
        answers.answer(key, true, () -> table(computed.incrementAndGet()));
        assertThat(answers.answer(key, false, () -> table(computed.incrementAndGet())).rows()).hasSize(1);
        assertThat(answers.answer(key, true, () -> table(computed.incrementAndGet())).rows()).hasSize(2);
        assertThat(answers.answer(new QueryAnswers.Key("other caller", "/s", "f", 7), false,
                () -> table(computed.incrementAndGet())).rows()).hasSize(3);

        clock.advance(QueryAnswers.MAX_AGE);
        assertThat(answers.answer(key, false, () -> table(computed.incrementAndGet())).rows()).hasSize(4);
    }

    @Test
    void boundedInEntriesAndRows() {
        QueryAnswers answers = new QueryAnswers(new MovableClock(Instant.parse("2026-12-01T00:00:00Z")));
        AtomicInteger computed = new AtomicInteger();
        for (int i = 0; i <= QueryAnswers.MAX_ENTRIES; i++) {
            answers.answer(new QueryAnswers.Key("p", "/s", "f" + i, 1), true, () -> table(computed.incrementAndGet()));
        }
        answers.answer(new QueryAnswers.Key("p", "/s", "f0", 1), false, () -> table(computed.incrementAndGet()));
        assertThat(computed).as("the eldest was dropped").hasValue(QueryAnswers.MAX_ENTRIES + 2);

        QueryAnswers.Key big = new QueryAnswers.Key("p", "/s", "big", 1);
        answers.answer(big, true, () -> table(QueryAnswers.MAX_ROWS + 1));
        assertThat(answers.answer(big, false, () -> table(1)).rows()).as("too big to keep").hasSize(1);
    }
}
