package dev.poststack.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code export kubernetes} wrote.
 *
 * @param folder  where the files are
 * @param files   the files, in the order {@code kubectl apply -k} applies the objects, then
 *                {@code kustomization.yaml} and {@code create-secrets.sh}
 * @param objects each object as {@code Kind/name}, in the same order
 * @param notes   what a reader must know that the YAML cannot say (images not pushed yet, ...)
 */
public record ExportResult(Path folder, List<Path> files, List<String> objects, List<String> notes) {

    public ExportResult {
        files = List.copyOf(files);
        objects = List.copyOf(objects);
        notes = List.copyOf(notes);
    }
}
