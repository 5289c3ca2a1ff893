package land.keen.ser2net.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a configuration's inputs (files, include directories) look like on disk right now: modification time, size
 * and file identity, following symlinks so a Kubernetes ConfigMap's {@code ..data} swap shows as a change. Comparing
 * two of these tells whether anything may have changed without reading or parsing a byte.
 */
record InputStamps(Map<Path, Stamp> stamps) {

    /** One input; {@link #MISSING} when it does not exist or cannot be looked at. */
    record Stamp(long modifiedNanos, long size, Object fileKey) {
    }

    static final Stamp MISSING = new Stamp(-1, -1, null);

    InputStamps {
        stamps = Map.copyOf(stamps);
    }

    static InputStamps of(Collection<Path> inputs) {
        Map<Path, Stamp> map = new LinkedHashMap<>();
        for (Path p : inputs) {
            map.put(p, stamp(p));
        }
        return new InputStamps(map);
    }

    /** The same inputs, looked at again now. */
    InputStamps now() {
        return of(stamps.keySet());
    }

    /**
     * These stamps, except that an input whose stamp in {@code before} differs keeps the {@code before} one: it was
     * changing while it was read, so the next look must see a change and read it again.
     */
    InputStamps unlessChangedSince(InputStamps before) {
        Map<Path, Stamp> map = new LinkedHashMap<>(stamps);
        before.stamps.forEach((path, old) -> map.computeIfPresent(path, (p, now) -> now.equals(old) ? now : old));
        return new InputStamps(map);
    }

    private static Stamp stamp(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), a.size(), a.fileKey());
        } catch (IOException | RuntimeException e) {
            return MISSING;
        }
    }
}
