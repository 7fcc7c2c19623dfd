package dev.poststack.manifest;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** A manifest that cannot be used; carries every problem found, in file order. */
public class ManifestException extends Exception {

    private static final long serialVersionUID = 1L;

    private static final Comparator<Problem> FILE_ORDER = Comparator
            .comparingInt((Problem p) -> p.location().line())
            .thenComparingInt(p -> p.location().column());

    private final transient List<Problem> problems;

    public ManifestException(List<Problem> problems) {
        super(render(problems));
        this.problems = problems.stream().sorted(FILE_ORDER).toList();
    }

    public ManifestException(Problem problem) {
        this(List.of(problem));
    }

    /** The problems sorted by line, then column. */
    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        return problems.stream().sorted(FILE_ORDER).map(Problem::render)
                .collect(Collectors.joining(System.lineSeparator()));
    }
}
