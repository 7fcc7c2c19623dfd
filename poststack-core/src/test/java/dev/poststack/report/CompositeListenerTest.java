package dev.poststack.report;

import dev.poststack.api.BuildEvent;
import dev.poststack.api.BuildListener;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.poststack.report.Events.output;
import static dev.poststack.report.Events.runFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class CompositeListenerTest {

    @Test
    void keepsDeliveringToTheOtherListenersWhenOneThrows() {
        List<BuildEvent> first = new CopyOnWriteArrayList<>();
        List<BuildEvent> last = new CopyOnWriteArrayList<>();
        BuildListener broken = event -> {
            throw new IllegalStateException("console went away");
        };
        BuildListener all = CompositeListener.of(first::add, broken, last::add);
        List<BuildEvent> events = List.of(output("postgres", "a", 0), runFinished(1, 1));

        assertThatCode(() -> events.forEach(all::on)).doesNotThrowAnyException();

        assertThat(first).containsExactlyElementsOf(events);
        assertThat(last).containsExactlyElementsOf(events);
    }

    @Test
    void deliversEachEventToEveryListenerInTheGivenOrder() {
        List<String> calls = new CopyOnWriteArrayList<>();
        BuildListener all = new CompositeListener(List.of(e -> calls.add("console"), e -> calls.add("report"),
                e -> calls.add("logs")));

        all.on(output("jre", "x", 0));

        assertThat(calls).containsExactly("console", "report", "logs");
    }
}
