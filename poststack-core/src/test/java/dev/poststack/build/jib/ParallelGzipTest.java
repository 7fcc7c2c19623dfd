package dev.poststack.build.jib;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class ParallelGzipTest {

    private static byte[] roundTrip(byte[] input) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        ParallelGzip.compress(new ByteArrayInputStream(input), compressed);
        try (GZIPInputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(compressed.toByteArray()))) {
            return gunzip.readAllBytes();
        }
    }

    @Test
    void manyChunksDecompressToTheInputInOrder() throws IOException {
        byte[] input = new byte[ParallelGzip.CHUNK * 5 + 12345];
        Random random = new Random(42);
        for (int i = 0; i < input.length; i += 4096) {
            // Half random, half repetitive: realistic and checks that chunk order is kept.
            random.nextBytes(java.util.Arrays.copyOfRange(input, i, Math.min(i + 2048, input.length)));
            input[i] = (byte) (i / 4096);
        }
        assertThat(roundTrip(input)).isEqualTo(input);
    }

    @Test
    void inputOfWholeChunksEndsCleanly() throws IOException {
        byte[] input = new byte[ParallelGzip.CHUNK * 3];
        java.util.Arrays.fill(input, (byte) 7);
        assertThat(roundTrip(input)).isEqualTo(input);
    }

    @Test
    void emptyInputIsAValidEmptyGzip() throws IOException {
        assertThat(roundTrip(new byte[0])).isEmpty();
    }

    @Test
    void outputStartsWithTheGzipMagicSoJibCachesItAsIs() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        ParallelGzip.compress(new ByteArrayInputStream("layer".getBytes()), compressed);
        assertThat(compressed.toByteArray()).startsWith((byte) 0x1f, (byte) 0x8b);
    }
}
