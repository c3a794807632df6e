package org.kratomwatch.ingest.faers;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipFile;

/** The zip archives open during a read (one {@link ZipFile} per archive, shared by its entries). */
final class Archives implements Closeable {

    private final Map<Path, ZipFile> open = new LinkedHashMap<>();

    ZipFile open(Path zip) throws IOException {
        ZipFile z = open.get(zip);
        if (z == null) {
            z = new ZipFile(zip.toFile());
            open.put(zip, z);
        }
        return z;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (ZipFile z : open.values()) {
            try {
                z.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
