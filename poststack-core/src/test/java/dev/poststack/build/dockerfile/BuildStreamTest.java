package dev.poststack.build.dockerfile;

import dev.poststack.api.BuildEvent;
import dev.poststack.api.CacheResult;
import dev.poststack.build.ImageEvents;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class BuildStreamTest {

    private final List<BuildEvent> events = new CopyOnWriteArrayList<>();
    private final BuildStream stream = new BuildStream(new ImageEvents("pg", events::add, Clock.systemUTC()));

    @Test
    void stepFollowedByUsingCacheIsAHitAndOthersAreMisses() {
        // Chunks split and join lines the way the engine's stream does.
        stream.accept("Step 1/3 : FROM sha256:abc\n ---> abc\nStep 2/3 : RUN apt-get upd");
        stream.accept("ate\n ---> Using cache\n ---> 111\n");
        stream.accept("Step 3/3 : COPY x /x\n ---> Running in 9\nhello\n ---> 222\nSuccessfully built 222\n");
        stream.finish();

        assertThat(stream.steps()).extracting(BuildStream.StepRecord::instruction, BuildStream.StepRecord::cache)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("FROM sha256:abc", CacheResult.HIT),
                        org.assertj.core.groups.Tuple.tuple("RUN apt-get update", CacheResult.HIT),
                        org.assertj.core.groups.Tuple.tuple("COPY x /x", CacheResult.MISS));
        assertThat(events).filteredOn(e -> e instanceof BuildEvent.StepStarted).hasSize(3);
        assertThat(events).filteredOn(e -> e instanceof BuildEvent.OutputLine)
                .extracting(e -> ((BuildEvent.OutputLine) e).line()).contains("hello", " ---> Using cache");
    }

    /** Podman's compatible /build streams buildah's lines (as recorded from Podman 4.3's API service). */
    @Test
    void readsPodmansBuildahStepsAndCacheHits() {
        stream.accept("STEP 1/3: FROM sha256:670b6e11\nSTEP 2/3: ARG PG_MAJOR=17\n--> Using cache 275677eafb5\n");
        stream.accept("--> 275677eafb5\nSTEP 3/3: RUN apt-get update\nGet:1 http://deb.debian.org/debian trixie InRelease\n");
        stream.accept("--> 9a1b2c3d4e5\n");
        stream.finish();

        assertThat(stream.steps()).extracting(BuildStream.StepRecord::index, BuildStream.StepRecord::instruction,
                BuildStream.StepRecord::cache).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "FROM sha256:670b6e11", CacheResult.HIT),
                        org.assertj.core.groups.Tuple.tuple(2, "ARG PG_MAJOR=17", CacheResult.HIT),
                        org.assertj.core.groups.Tuple.tuple(3, "RUN apt-get update", CacheResult.MISS));
    }

    @Test
    void remembersTheFailingStepAndItsLastThirtyLines() {
        stream.accept("Step 1/2 : FROM x\n ---> x\nStep 2/2 : RUN ./fail.sh\n");
        for (int i = 1; i <= 40; i++) {
            stream.accept("line " + i + "\n");
        }
        assertThat(stream.currentStep()).isEqualTo("Step 2/2");
        assertThat(stream.currentInstruction()).isEqualTo("RUN ./fail.sh");
        assertThat(stream.tail()).hasSize(30).startsWith("line 11").endsWith("line 40");
    }

    @Test
    void cleansEscapeSequencesOnceForTheEventsAndTheFailureExcerpt() {
        stream.accept("Step 1/1 : RUN ls /nope\n\u001b[91mls: cannot access '/nope'\u001b[0m\r\n");
        assertThat(stream.tail()).containsExactly("ls: cannot access '/nope'");
        assertThat(events).filteredOn(e -> e instanceof BuildEvent.OutputLine)
                .extracting(e -> ((BuildEvent.OutputLine) e).line())
                .containsExactly("Step 1/1 : RUN ls /nope", "ls: cannot access '/nope'");
    }
}
