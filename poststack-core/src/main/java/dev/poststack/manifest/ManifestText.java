package dev.poststack.manifest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a manifest file as text, refusing what is no manifest before the YAML parser sees it: a missing file or a
 * folder, a file larger than {@link #MAX_BYTES}, bytes that are not UTF-8 text, and characters YAML forbids (NUL and
 * other control characters) or that make text display differently from what it is (bidirectional controls, the
 * "Trojan Source" trick), each named at its line and column.
 */
final class ManifestText {

    /**
     * 1 MiB: the shipped manifest is 5 KB, and a large project's a few dozen. The file is read whole and every value
     * kept with its location; a file this large is a data file or build output passed by mistake, not a manifest.
     */
    static final long MAX_BYTES = 1024 * 1024;
    private static final int MAX_REPORTED = 10;
    private static final String NO_MANIFEST_FIX = "pass --manifest <file>, or run poststack from the project folder"
            + " that holds images.yaml";

    private ManifestText() {
    }

    static String read(Path file) throws ManifestException {
        Location start = Location.of(file, 1, 1);
        if (Files.isDirectory(file)) {
            throw new ManifestException(new Problem(start, file + " is a folder, not a manifest",
                    "pass the manifest file in it, e.g. --manifest " + file.resolve("images.yaml")));
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ManifestException(new Problem(start, file + " is " + mebibytes(size) + "; a manifest may be"
                        + " at most 1 MiB (poststack reads it whole and keeps every value's location)",
                        "check that --manifest names the YAML manifest (images.yaml), not a data file; keep large"
                                + " content in the files and folders the manifest points at"));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            String why = Files.exists(file) ? "cannot read the manifest " + file + ": " + e.getMessage()
                    : "no manifest at " + file;
            throw new ManifestException(new Problem(start, why, Files.exists(file)
                    ? "check the file's permissions" : NO_MANIFEST_FIX));
        }
        String text = decode(file, bytes);
        List<Problem> characters = forbiddenCharacters(file, text);
        if (!characters.isEmpty()) {
            throw new ManifestException(characters);
        }
        return text;
    }

    private static String decode(Path file, byte[] bytes) throws ManifestException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        String text;
        try {
            text = decoder.decode(in).toString();
        } catch (CharacterCodingException e) {
            throw notText(file, "byte " + (in.position() + 1) + " is not part of UTF-8 text");
        }
        long controls = text.chars().filter(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r').count();
        // Text with a stray control character is still a manifest, reported below; a file full of them is not.
        if (controls > 8 && controls * 100 > text.length()) {
            throw notText(file, controls + " of its " + text.length() + " characters are control characters");
        }
        return text;
    }

    private static ManifestException notText(Path file, String why) {
        return new ManifestException(new Problem(Location.of(file, 1, 1), file + " is not a text (YAML) file: " + why,
                "pass the YAML manifest with --manifest (images.yaml); if this is it, save it as UTF-8 text"));
    }

    /** NUL and other control characters (YAML forbids them) and bidirectional controls, at their line and column. */
    private static List<Problem> forbiddenCharacters(Path file, String text) {
        List<Problem> found = new ArrayList<>();
        int line = 1;
        int column = 1;
        int more = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n') {
                line++;
                column = 1;
                continue;
            }
            String problem = problem(c);
            if (problem != null) {
                if (found.size() < MAX_REPORTED) {
                    found.add(new Problem(Location.of(file, line, column), name(c) + " " + problem,
                            "remove it" + (c == 0 ? " (a NUL often means the file was saved as UTF-16; save it as UTF-8)"
                                    : "") + "; write what it should show as plain text"));
                } else {
                    more++;
                }
            }
            column++;
        }
        if (more > 0) {
            Problem last = found.get(found.size() - 1);
            found.set(found.size() - 1, new Problem(last.location(), last.message() + " (and " + more
                    + " more such characters after it)", last.hint()));
        }
        return found;
    }

    private static String problem(int c) {
        if (isBidiControl(c)) {
            return "in the manifest: a bidirectional control character makes text display in another order than it"
                    + " is read (\"Trojan Source\"), so a value can look different from what poststack uses";
        }
        boolean control = (c < 0x20 && c != '\t' && c != '\r') || (c >= 0x7f && c <= 0x9f);
        return control ? "in the manifest: YAML does not allow control characters" : null;
    }

    static boolean isBidiControl(int c) {
        return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                || c == 0x061c;
    }

    /** {@code U+202E RIGHT-TO-LEFT OVERRIDE}, the way Unicode names it. */
    static String name(int c) {
        String name = Character.getName(c);
        return String.format(Locale.ROOT, "U+%04X", c) + (name == null ? "" : " " + name);
    }

    private static String mebibytes(long size) {
        return String.format(Locale.ROOT, "%.1f MiB", size / (1024.0 * 1024.0));
    }
}
