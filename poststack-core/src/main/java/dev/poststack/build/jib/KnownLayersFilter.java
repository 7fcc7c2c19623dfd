package dev.poststack.build.jib;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Drops the first {@code n} layer blobs ({@code *.tar.gz}) from a docker-format image tarball as it is
 * written, leaving {@code manifest.json} as it is.
 *
 * <p>Jib writes every layer, base layers included, into {@code docker load}. The engine's classic image
 * store looks each layer chain up first and never opens the file of one it already has, so the parent's
 * layers, which it has by definition, need not travel: a changelog edit then sends kilobytes instead of
 * the whole JRE image. Only for the classic store: the containerd store imports every blob it is sent.
 */
final class KnownLayersFilter extends FilterOutputStream {

    private static final int BLOCK = 512;

    private final byte[] header = new byte[BLOCK];
    private int headerFill;
    private int layersToSkip;
    /** Bytes of the current entry's content and padding still to come. */
    private long remaining;
    private boolean skipping;
    private boolean ended;

    KnownLayersFilter(OutputStream out, int knownLayers) {
        super(out);
        this.layersToSkip = knownLayers;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (ended) {
                out.write(b, off, len);
                return;
            }
            if (remaining > 0) {
                int n = (int) Math.min(remaining, len);
                if (!skipping) {
                    out.write(b, off, n);
                }
                remaining -= n;
                off += n;
                len -= n;
                continue;
            }
            int n = Math.min(BLOCK - headerFill, len);
            System.arraycopy(b, off, header, headerFill, n);
            headerFill += n;
            off += n;
            len -= n;
            if (headerFill == BLOCK) {
                startEntry();
            }
        }
    }

    private void startEntry() throws IOException {
        headerFill = 0;
        if (Arrays.equals(header, new byte[BLOCK])) {
            // The end-of-archive blocks: everything from here passes through.
            ended = true;
            out.write(header);
            return;
        }
        TarArchiveEntry entry = new TarArchiveEntry(header);
        long size = entry.isFile() ? entry.getSize() : 0;
        remaining = (size + BLOCK - 1) / BLOCK * BLOCK;
        skipping = layersToSkip > 0 && entry.isFile() && entry.getName().endsWith(".tar.gz");
        if (skipping) {
            layersToSkip--;
        } else {
            out.write(header);
        }
    }
}
