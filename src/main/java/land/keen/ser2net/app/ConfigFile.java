package land.keen.ser2net.app;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import land.keen.ser2net.config.ConfigProblem;
import land.keen.ser2net.config.ParsedConfig;
import land.keen.ser2net.config.Ser2netConfigParser;

/**
 * One configuration file (with what it includes) as the reconcile loop sees it. It is parsed again only when one of
 * its inputs changed on disk, and only once that change has held still for one look: an editor that truncates and
 * then writes, or a half-copied file, is never applied half-written. A forced look (SIGHUP) parses at once. What a
 * parse yields is merged with the last good version of each connection ({@link LastKnownGood}).
 */
final class ConfigFile {

    private final Path file;
    private final Ser2netConfigParser parser = new Ser2netConfigParser();
    /** File-level problems the owner finds in a parse (a snippet's match block), beyond the parser's own. */
    private final Function<ParsedConfig, List<ConfigProblem>> check;
    private final long settleNanos;
    private InputStamps applied;
    private InputStamps pending;
    private long pendingSince;
    private LastKnownGood.Effective effective = LastKnownGood.Effective.NONE;

    /**
     * @param settleMillis how long a change must hold still before it applies (looks come on every file-system event,
     *                     so "one look" alone would be a few milliseconds in the middle of an editor's save)
     */
    ConfigFile(Path file, long settleMillis, Function<ParsedConfig, List<ConfigProblem>> check) {
        this.file = file;
        this.settleNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(settleMillis);
        this.check = check;
    }

    Path path() {
        return file;
    }

    /** What applies now. */
    LastKnownGood.Effective effective() {
        return effective;
    }

    /** The folders whose entries can change what this file says: its own, its includes', the globs' folders. */
    java.util.Set<Path> folders() {
        java.util.Set<Path> dirs = new java.util.LinkedHashSet<>();
        Path own = file.toAbsolutePath().getParent();
        if (own != null) {
            dirs.add(own);
        }
        if (applied != null) {
            for (Path p : applied.stamps().keySet()) {
                Path dir = java.nio.file.Files.isDirectory(p) ? p : p.getParent();
                if (dir != null) {
                    dirs.add(dir);
                }
            }
        }
        return dirs;
    }

    /** Whether a change was seen that has not been applied yet (it will be on the next look if it holds still). */
    boolean settling() {
        return pending != null;
    }

    /**
     * Looks at the file's inputs and re-parses when they changed and then held still for the settle time (or at once
     * when {@code force}, or the first time).
     *
     * @return true when a new parse was applied
     */
    boolean refresh(boolean force) {
        InputStamps before = applied == null ? null : applied.now();
        if (applied != null && !force) {
            if (before.equals(applied)) {
                pending = null;
                return false;
            }
            if (!before.equals(pending)) {
                pending = before;
                pendingSince = System.nanoTime();
                return false;
            }
            if (System.nanoTime() - pendingSince < settleNanos) {
                return false;
            }
        }
        ParsedConfig parsed = parser.parse(file, java.util.Map.of());
        InputStamps after = InputStamps.of(parsed.inputs());
        applied = before == null ? after : after.unlessChangedSince(before);
        pending = null;
        List<ConfigProblem> extra = new java.util.ArrayList<>(check.apply(parsed));
        if (isEmpty(file)) {
            // the moment between an editor's truncate and its write; "no connections" is said with a comment
            extra.add(new ConfigProblem(file.toString(), null, null,
                    "file is empty (half-written?); to serve no connections, write a comment such as '# none'"));
        }
        effective = LastKnownGood.merge(effective, parsed, extra);
        return true;
    }

    private static boolean isEmpty(Path file) {
        try {
            return java.nio.file.Files.isRegularFile(file) && java.nio.file.Files.size(file) == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
